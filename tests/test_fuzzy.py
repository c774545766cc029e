import doctest
import itertools

import pytest

from kotm.errors import InputError
from kotm.store import add_segments, open_db
from kotm.tm import fuzzy
from kotm.tm.fuzzy import candidates, diff, match, score
from kotm.units import Segment


def test_doctests():
    assert doctest.testmod(fuzzy).failed == 0


def test_score_is_normalised_levenshtein():
    assert score("가나다라", "가나다라") == 100
    assert score("가나다라", "가나다마") == 75
    assert score(" 가나  다라", "가나 다라") == 100  # whitespace is normalised
    assert score("Korea", "korea") == 80  # case is an edit
    assert score("한국", "\u1112\u1161\u11ab\u1100\u116e\u11a8") == 100  # NFC


def test_particle_change_scores_high(builtin_db):
    query = "양국은 사법분야 협력을 강화하기로 했습니다."
    best = match(builtin_db, query)[0]
    assert best.segment.ko == "양국은 사법분야 협력도 강화하기로 했습니다."
    assert best.score == score(query, best.segment.ko) > 95
    assert ("replace", "협력을", "협력도") in best.diff


def test_exact_match_is_100_and_first(builtin_db):
    seg = next(iter(builtin_db.query("SELECT ko FROM segments WHERE id = 20")))["ko"]
    assert match(builtin_db, seg)[0].score == 100


def test_english_side(builtin_db):
    results = match(
        builtin_db,
        "The two countries agreed to strengthen judicial cooperation.",
        min_score=80,
    )
    assert results and results[0].lang == "en" and "judicial cooperation" in results[0].segment.en


def test_min_score_and_limit(builtin_db):
    query = "카자흐스탄은 독립 이후 중앙아시아 국가 가운데 가장 눈부신 경제발전을 이뤘습니다."
    all_ = match(builtin_db, query, min_score=0, limit=None)
    assert all(a.score >= b.score for a, b in itertools.pairwise(all_))
    assert all(m.score >= 90 for m in match(builtin_db, query, min_score=90, limit=None))
    assert len(match(builtin_db, query, min_score=0, limit=2)) == 2


def test_candidates_find_every_match_brute_force_finds(builtin_db):
    """On the built-in corpus, the index step loses no segment scoring ≥ 75 against brute force."""
    segments = list(builtin_db.query("SELECT id, ko FROM segments"))
    for seg in segments:
        words = seg["ko"].split()
        query = " ".join([*words[:-1], "바꿨다."])  # an edited ending
        exact = {s["id"] for s in segments if score(query, s["ko"]) >= 75}
        assert exact <= set(candidates(builtin_db, query, "ko", min_score=75)), seg["ko"]


def test_diff_marks_insertions_and_deletions():
    assert diff("가 나 다", "가 다 라") == (
        ("equal", "가", "가"),
        ("delete", "나", ""),
        ("equal", "다", "다"),
        ("insert", "", "라"),
    )


def test_empty_text(builtin_db):
    with pytest.raises(InputError):
        match(builtin_db, "  ")


def test_nothing_stored(db_path):
    db = open_db(db_path)
    assert match(db, "아무것도 없다") == []
    add_segments(db, [Segment("아무것도 없다.", "Nothing here.")])
    assert match(db, "아무것도 없다")[0].score == 87.5  # 1 edit in 8 characters: the period
