import doctest
import re

import pytest

from kotm import korean


def test_doctests():
    assert doctest.testmod(korean).failed == 0


@pytest.mark.parametrize(
    ("query", "text", "found"),
    [
        ("협력", "협력을 강화", True),
        ("협력", "협력하기로 했습니다", True),
        ("협력", "협력사업을", True),
        ("협력", "국제협력", True),
        ("카자흐스탄", "카자흐스탄과의", True),
        ("국제 IT협력센터", "국제 IT 협력센터를", True),
        ("국제협력", "국제 협력을", True),
        ("전략적 동반자 관계", "‘전략적 동반자 관계’를", True),
        ("협", "타협", True),
        ("력", "협력", True),
        ("협력", "협 력", True),  # spacing is ignored between syllables
        ("협력", "협·력", False),
        ("협력센터", "협력 사업", False),
    ],
)
def test_index_finds_substrings(query, text, found):
    """The FTS expression matches the index keys of a text exactly when the query occurs in it."""
    import sqlite3

    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE f USING fts5(keys, tokenize='unicode61')")
    conn.execute("INSERT INTO f (rowid, keys) VALUES (1, ?)", [korean.index_keys(text)])
    rows = conn.execute("SELECT rowid FROM f WHERE f MATCH ?", [korean.match_expression(query)]).fetchall()
    assert bool(rows) == found
    assert bool(korean.hit_pattern(query).search(text)) == found


def test_normalize_composes_decomposed_hangul():
    decomposed = "\u1112\u1161\u11ab\u1100\u116e\u11a8"  # 한국 as conjoining jamo
    assert korean.normalize(decomposed) == "한국"
    assert korean.has_hangul(decomposed) is False
    assert korean.has_hangul(korean.normalize(decomposed)) is True


def test_match_expression_has_no_query_syntax_from_user_text():
    assert korean.match_expression('협력" OR x') == '"협력" "력" "or" "x"'
    assert korean.match_expression("…·") is None


def test_particles_and_word_starts():
    assert korean.particle_follows("카자흐스탄과의", 5)
    assert not korean.particle_follows("협력센터를", 2)
    assert korean.starts_word("국제 협력", 3)
    assert not korean.starts_word("국제협력", 2)


def test_hit_pattern_is_case_insensitive_for_latin():
    assert korean.hit_pattern("it협력").search("IT협력센터")
    assert re.fullmatch(korean.hit_pattern("5G 상용화").pattern, "5G상용화", re.I)
