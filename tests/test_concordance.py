import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kotm import korean
from kotm.errors import InputError
from kotm.queries import iter_segments
from kotm.store import add_segments
from kotm.tm.concordance import COMPOUND_START, INSIDE, WORD, search
from kotm.units import Segment


def ko_hits(db, query, **kw):
    return [h.segment.ko for h in search(db, query, limit=None, **kw).hits]


@pytest.mark.parametrize(
    ("query", "surface"),
    [
        ("협력", "협력을"),
        ("협력", "협력하기로"),
        ("협력", "협력사업"),
        ("협력", "IT협력센터"),
        ("카자흐스탄", "카자흐스탄은"),
        ("카자흐스탄", "카자흐스탄의"),
        ("카자흐스탄", "카자흐스탄과"),
        ("전략적 동반자 관계", "전략적 동반자 관계’를"),
        ("정상", "정상은"),
        ("국제 IT협력센터", "국제 IT 협력센터"),
        ("국제 IT협력센터", "국제IT협력센터"),
    ],
)
def test_inflected_forms_are_found(builtin_db, query, surface):
    assert any(surface in ko for ko in ko_hits(builtin_db, query))


def test_recall_equals_substring_scan_for_every_query_length(builtin_db):
    """Every 1-, 2- and 3-syllable substring of the corpus finds exactly the segments that contain it."""
    segments = list(iter_segments(builtin_db))
    queries = set()
    for seg in segments:
        for word in re.findall(r"[가-힣]+", seg.ko):
            for n in (1, 2, 3):
                queries.update(word[i : i + n] for i in range(len(word) - n + 1))
    assert len(queries) > 500
    for q in sorted(queries):
        expected = {s.id for s in segments if q in re.sub(r"\s+", "", s.ko)}
        got = {h.segment.id for h in search(builtin_db, q, limit=None).hits}
        assert got == expected, q


def test_words_rank_before_compounds(db_path):
    from kotm.store import open_db

    db = open_db(db_path)
    add_segments(
        db,
        [
            Segment("국제협력이 중요하다.", "International cooperation matters."),
            Segment("협력센터를 세운다.", "A cooperation centre will be set up."),
            Segment("협력을 강화한다.", "Cooperation will be strengthened."),
        ],
    )
    hits = search(db, "협력").hits
    assert [h.rank for h in hits] == [WORD, COMPOUND_START, INSIDE]
    assert hits[0].segment.ko == "협력을 강화한다."
    assert hits[0].spans == ((0, 2),)


def test_english_search_is_case_insensitive_and_stemmed(builtin_db):
    upper = {h.segment.id for h in search(builtin_db, "KAZAKHSTAN", limit=None).hits}
    lower = {h.segment.id for h in search(builtin_db, "kazakhstan", limit=None).hits}
    assert upper == lower and len(upper) > 10
    cooperate = search(builtin_db, "cooperate", limit=None).hits
    assert any("cooperation" in h.segment.en for h in cooperate)
    assert any("cooperate" in h.segment.en for h in cooperate)
    hit = search(builtin_db, "strategic partnership").hits[0]
    (start, end), *_ = hit.spans
    assert hit.segment.en[start:end].lower() == "strategic partnership"


def test_limit_and_total(builtin_db):
    everything = search(builtin_db, "협력", limit=None)
    assert everything.total == len(everything.hits) > 10
    first = search(builtin_db, "협력", limit=3)
    assert first.hits == everything.hits[:3]
    assert first.total is None  # it stopped once three whole-word hits were in
    few = search(builtin_db, "협력센터", limit=50)
    assert few.total == len(few.hits) == len(search(builtin_db, "협력센터", limit=None).hits) > 1


@pytest.mark.parametrize("query", ["", "   ", "…·!"])
def test_empty_queries_are_refused(builtin_db, query):
    with pytest.raises(InputError):
        search(builtin_db, query)


@settings(max_examples=60, deadline=None)
@given(
    st.text(alphabet="협력국제 센터을를", min_size=1, max_size=12),
    st.text(alphabet="협력국제센터", min_size=1, max_size=3),
)
def test_search_matches_substring_semantics(tmp_path_factory, text, query):
    from kotm.store import open_db

    if not korean.has_hangul(text) or not query.strip():
        return
    db = open_db(tmp_path_factory.mktemp("h") / "k.db")
    add_segments(db, [Segment(text, "x")])
    squeezed = re.sub(r"\s+", "", text)
    result = search(db, query)
    if result.query == query:
        assert bool(result.hits) == (query in squeezed)
    else:  # not found, so searched again without its particles
        assert query not in squeezed and korean.without_endings(query) == result.query
        assert bool(result.hits) == (result.query.replace(" ", "") in squeezed)


def test_fallback_without_particles(builtin_db):
    result = search(builtin_db, "카자흐스탄과의")
    assert result.query == "카자흐스탄" and result.hits
    assert search(builtin_db, "카자흐스탄과").query == "카자흐스탄과"  # found as typed: no fallback
