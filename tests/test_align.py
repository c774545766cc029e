"""Tests for kotm.tm.sentences (reading and splitting) and kotm.tm.align (the aligner)."""

from __future__ import annotations

import codecs

import pytest

from kotm import korean
from kotm.errors import InputError
from kotm.tm import align as A
from kotm.tm import sentences as S


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. Kim met Dr. Lee. They talked.", ["Mr. Kim met Dr. Lee.", "They talked."]),
        ("He works in the U.S. Army now.", ["He works in the U.S. Army now."]),
        (
            "He moved to the U.S. The move was hard.",
            ["He moved to the U.S.", "The move was hard."],
        ),
        ("It is No. 5 on the list. Next.", ["It is No. 5 on the list.", "Next."]),
        (
            "Growth was 2.5 per cent. Prices rose.",
            ["Growth was 2.5 per cent.", "Prices rose."],
        ),
        ('He said, "Go home." Then he left.', ['He said, "Go home."', "Then he left."]),
        ('"Go home," he said. She did.', ['"Go home," he said.', "She did."]),
        ("Why? Because. Really!", ["Why?", "Because.", "Really!"]),
        (
            "John F. Kennedy spoke at 3 p.m. on Jan. 5.",
            ["John F. Kennedy spoke at 3 p.m. on Jan. 5."],
        ),
        (
            "Samsung Electronics Co. The deal closed.",
            ["Samsung Electronics Co.", "The deal closed."],
        ),
        ("1. Mix the flour.\n2. Add water.", ["1. Mix the flour.", "2. Add water."]),
        ("Steps: 1. Mix. 2. Bake.", ["Steps: 1. Mix.", "2. Bake."]),
        ("Wait... what? Fine.", ["Wait... what?", "Fine."]),
    ],
)
def test_split_english(text, expected):
    assert S.split_english(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("양국은 협력했다. 정말요? 네!", ["양국은 협력했다.", "정말요?", "네!"]),
        ("성장률은 2.5%였다. 물가는 올랐다.", ["성장률은 2.5%였다.", "물가는 올랐다."]),
        (
            '그는 "가자."라고 말했다. 우리는 갔다.',
            ['그는 "가자."라고 말했다.', "우리는 갔다."],
        ),
        ("무엇을 할까? 함께 갑시다.", ["무엇을 할까?", "함께 갑시다."]),
        (
            "정상회담이 열렸습니다 양국은 합의했습니다.",
            ["정상회담이 열렸습니다", "양국은 합의했습니다."],
        ),
    ],
)
def test_split_korean(text, expected):
    assert korean.split_sentences(text) == expected


def test_split_korean_numbered_list():
    assert S.split("1. 첫째 항목입니다.\n2. 둘째 항목입니다.", "ko") == [["1. 첫째 항목입니다.", "2. 둘째 항목입니다."]]


def test_paragraphs_join_wrapped_lines_and_keep_list_items():
    text = "This line is\nwrapped here.\n\n\n- one\n- two\n"
    assert S.paragraphs(text) == ["This line is wrapped here.", "- one\n- two"]


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF8 + "한국\r\n\r\n카자흐스탄".encode(),
        "한국\r\n\r\n카자흐스탄".encode("utf-16"),
        "한국\r\r카자흐스탄".encode(),
    ],
)
def test_decode_bom_and_newlines(data):
    assert S.decode(data) == "한국\n\n카자흐스탄"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("한국어 문서".encode("cp949"), "not UTF-8"),
        ("Korea 한국".encode("utf-16-le"), "binary"),  # UTF-16 without a BOM
    ],
)
def test_decode_rejects(data, message):
    with pytest.raises(InputError, match=message):
        S.decode(data, "x.txt")


def test_read_text_empty_and_missing(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text(" \n\n", encoding="utf-8")
    with pytest.raises(InputError, match="empty"):
        S.read_text(empty)
    with pytest.raises(InputError, match="does not exist"):
        S.read_text(tmp_path / "missing.txt")


def test_anchors():
    assert A.anchors("2019년 5G 상용화, ICT와 MOU", "ko") == {
        "n:2019",
        "n:5",
        "w:5g",
        "w:ict",
        "w:mou",
    }
    en = A.anchors("In 2019 the 5G rollout began.", "en")
    assert {"n:2019", "w:5g", "w:rollout"} <= en
    terms = [("알마티 순환도로", "Almaty Ring Road")]
    assert "t:0" in A.anchors("‘알마티 순환도로’를 착공", "ko", terms)
    assert "t:0" in A.anchors("the Almaty Ring Road opened", "en", terms)


KO = [
    "카자흐스탄은 1991년 독립 이후 눈부신 경제발전을 이뤘습니다.",
    "양국은 2022년을 상호 문화 교류의 해로 지정했습니다.",
    "정말 큰 힘이 되었습니다.",
    "감사드립니다.",
    "알마티 순환도로는 중앙아시아 최초의 민관합작투자사업(PPP)이라는 점에서 의미가 큽니다.",
    "보건의료 분야에서 다양한 협력사업을 추진하기로 했습니다.",
]
EN = [
    "Since its independence in 1991, Kazakhstan has achieved remarkable economic development.",
    "The two countries designated 2022 as the Year of Mutual Cultural Exchange.",
    "It was truly a great encouragement, and I thank you for it.",
    "The Almaty Ring Road is highly significant.",
    "It is the first public–private partnership (PPP) project in Central Asia.",
    "In health care, we agreed to pursue a variety of cooperation projects.",
]


def links(ko, en, **kw):
    return [(link.ko, link.en) for link in A.align([ko], [en], **kw).links]


def test_link_types_one_one_two_one_one_two():
    assert links(KO, EN) == [
        ((0,), (0,)),
        ((1,), (1,)),
        ((2, 3), (2,)),
        ((4,), (3, 4)),
        ((5,), (5,)),
    ]


def test_link_types_omissions():
    ko = [KO[0], KO[1], KO[4], KO[5]]
    assert links(ko, [EN[0], EN[1], EN[5]]) == [
        ((0,), (0,)),
        ((1,), (1,)),
        ((2,), ()),
        ((3,), (2,)),
    ]
    ko = [KO[0], KO[1], KO[5]]
    en = [EN[0], EN[1], EN[4], EN[5]]
    assert links(ko, en) == [((0,), (0,)), ((1,), (1,)), ((), (2,)), ((2,), (3,))]


def test_confidence_and_flags():
    result = A.align([[KO[0], KO[1], KO[4], KO[5]]], [[EN[0], EN[1], EN[5]]], threshold=0.5)
    assert [link.type for link in result.links] == ["1-1", "1-1", "1-0", "1-1"]
    assert all(link.confidence > 0.6 and not link.flagged for link in result.links if link.is_pair)
    assert result.links[2].flagged  # an omission is always for review
    assert len(result.confident()) == 3
    assert A.align([[KO[0]]], [[EN[0]]], threshold=1.0).links[0].flagged
    # Where a Korean sentence could go with either of two English ones, neither link is trusted.
    ambiguous = A.align(
        [["양국은 협력하기로 했습니다."]],
        [["They agreed to cooperate.", "They agreed to work together."]],
    )
    assert any(link.flagged for link in ambiguous.links)


def test_paragraphs_are_hard_boundaries_only_when_counts_match():
    result = A.align([KO[:2], KO[5:]], [EN[:2], EN[5:]])
    assert result.by_paragraph
    result = A.align([KO[:2], KO[5:]], [EN[:2] + EN[5:]])
    assert not result.by_paragraph
    assert [(lk.ko, lk.en) for lk in result.links] == [
        ((0,), (0,)),
        ((1,), (1,)),
        ((2,), (2,)),
    ]


def test_large_block_uses_band():
    ko = KO * 120
    en = EN * 120
    result = A.align([ko], [en])
    assert len(result.links) == 5 * 120
    expected = links(KO, EN)
    assert [(lk.ko, lk.en) for lk in result.links[:5]] == expected
    assert sum(lk.type == "1-1" for lk in result.links) == 3 * 120


def test_write_tsv(tmp_path):
    result = A.align([KO[:2]], [EN[:2]])
    out = tmp_path / "links.tsv"
    assert A.write_tsv(result.links, out) == 2
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "ko\ten\ttype\tconfidence\tflagged"
    assert lines[1].split("\t")[2] == "1-1"
