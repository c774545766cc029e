import pytest

from kotm.errors import InputError
from kotm.glossary.lookup import CONTAINS, EXACT, STEM, lookup


def first(db, query, **kw):
    hits = lookup(db, query, **kw)
    assert hits, query
    return hits[0]


@pytest.mark.parametrize(
    ("query", "ko", "en", "match"),
    [
        ("누르술탄", "누르술탄", "Nur-Sultan", EXACT),
        ("누르술탄에", "누르술탄", "Nur-Sultan", STEM),
        ("카자흐스탄과의", "카자흐스탄", "Kazakhstan", STEM),
        ("전략적 동반자 관계를", "전략적 동반자 관계", "strategic partnership", STEM),
        (
            "국제 IT 협력센터",
            "국제 IT협력센터",
            "International IT Cooperation Centre",
            EXACT,
        ),
        (
            "수형자이송조약",
            "수형자이송조약",
            "Treaty on the Transfer of Sentenced Persons",
            EXACT,
        ),
    ],
)
def test_korean_lookup(builtin_db, query, ko, en, match):
    hit = first(builtin_db, query)
    assert (hit.term.ko, hit.term.en, hit.match) == (ko, en, match)


def test_all_renderings_are_returned(builtin_db):
    ens = {h.term.en for h in lookup(builtin_db, "정상") if h.match == EXACT}
    assert {"summit", "leader"} <= ens


def test_terms_containing_the_query_follow(builtin_db):
    hits = lookup(builtin_db, "협력")
    assert hits[0].match == EXACT
    assert any(h.term.ko == "한-중앙아 협력포럼" and h.match == CONTAINS for h in hits)


def test_english_lookup(builtin_db):
    hit = first(builtin_db, "new northern policy")
    assert hit.term.ko == "신북방정책" and hit.match == EXACT
    assert any(h.term.ko == "국립중앙박물관" for h in lookup(builtin_db, "museum"))


def test_no_false_stem(builtin_db):
    """한복판 is not 한복 + a particle."""
    assert all(h.term.ko != "한복" for h in lookup(builtin_db, "한복판"))


def test_empty_lookup_is_refused(builtin_db):
    with pytest.raises(InputError):
        lookup(builtin_db, " ")
