import pytest

from kotm.glossary.recognize import scan


def found(db, text):
    return [(f.text, f.terms[0].ko) for f in scan(db, text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "카자흐스탄과의 협력하기로 했습니다.",
            [("카자흐스탄", "카자흐스탄"), ("협력", "협력")],
        ),
        (
            "전략적 동반자 관계를 맺었다.",
            [("전략적 동반자 관계", "전략적 동반자 관계")],
        ),
        ("국제 IT협력센터는", [("국제 IT협력센터", "국제 IT협력센터")]),
        ("국제 IT 협력센터는", [("국제 IT 협력센터", "국제 IT협력센터")]),
        # Plural 들 and honorific 님 inflect the noun: the term ends before them.
        (
            "토카예프 대통령님과 양국 국민들",
            [("토카예프", "토카예프"), ("대통령", "대통령"), ("양국", "양국"), ("국민", "국민")],
        ),
    ],
)
def test_inflected_and_spaced_forms(builtin_db, text, expected):
    assert found(builtin_db, text) == expected


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("비정상적인 상황", "정상"),
        ("광장 한복판에서", "한복"),
        ("관계 정상화를 논의했다", "정상"),
    ],
)
def test_no_term_inside_unrelated_words(builtin_db, text, absent):
    assert absent not in [ko for _, ko in found(builtin_db, text)]


def test_longest_match_wins(builtin_db):
    assert found(builtin_db, "양국 관계를") == [("양국 관계", "양국 관계")]


def test_english(builtin_db):
    hits = found(builtin_db, "The Strategic Partnerships and Kazakhstan's leaders")
    assert ("Strategic Partnerships", "전략적 동반자 관계") in hits
    assert ("Kazakhstan's", "카자흐스탄") in hits


def test_a_noun_term_does_not_start_after_a_glued_one_syllable_numeral(builtin_db):
    """일정상 ("as scheduled") is 일정 + 상, which the analyser cuts 일 (a numeral) + 정상: not the noun 정상 "summit";
    spaced or spelled in digits, a numeral leaves the noun alone."""
    assert [f.text for f in scan(builtin_db, "일정상 참석이 어렵다.")] == []
    assert "정상" in [f.text for f in scan(builtin_db, "양국 정상이 만났다.")]
