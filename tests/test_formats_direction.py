"""Issue 16: every reader says which side was the source (``source_lang``), and every writer follows a direction."""

import io
import shutil

import pytest
from lxml import etree

from kotm.formats import ReadStats, module, read, tmx
from kotm.units import Segment, Term

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
UNITS = [
    Segment(
        "한국과 카자흐스탄은 협력을 강화하기로 했습니다.",
        "Korea and Kazakhstan agreed to strengthen cooperation.",
        id=1,
    ),
    Segment("줄\n바꿈 & <태그>", "line\nbreak & <tag>", note="메모", domain="diplomacy", id=2),
]
needs_msgfmt = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="msgfmt (gettext) is not installed")


def write(fmt, units, **options) -> bytes:
    out = io.BytesIO()
    assert module(fmt).write(units, out, **options) == len(units)
    return out.getvalue()


def read_back(fmt, data: bytes, **options):
    stats = ReadStats()
    return list(module(fmt).read(io.BufferedReader(io.BytesIO(data)), stats, **options)), stats


def test_units_default_to_korean_source_and_show_it_in_json():
    assert Segment("협력", "cooperation").source_lang == "ko" and Term("협력", "cooperation").source_lang == "ko"
    assert list(Segment("협력", "cooperation").to_dict())[:4] == ["id", "ko", "en", "source_lang"]
    assert Segment("협력", "cooperation", source_lang="en").to_dict()["source_lang"] == "en"
    assert Term("협력", "cooperation", source_lang="en").to_dict()["source_lang"] == "en"


# TMX


def tmx_doc(header_lang: str, tu_attr: str = "") -> bytes:
    return (
        f'<?xml version="1.0"?>\n<tmx version="1.4"><header srclang="{header_lang}"/><body>\n'
        f'<tu{tu_attr}><tuv xml:lang="en"><seg>cooperation</seg></tuv><tuv xml:lang="ko"><seg>협력</seg></tuv></tu>\n'
        "</body></tmx>"
    ).encode()


@pytest.mark.parametrize(
    "header, tu_attr, expected",
    [
        ("ko", "", "ko"),
        ("EN-US", "", "en"),
        ("*all*", "", "ko"),
        ("ko", ' srclang="en"', "en"),  # the <tu>'s own wins
        ("en", ' srclang="ko-KR"', "ko"),
    ],
)
def test_tmx_reader_takes_srclang_from_header_or_tu(header, tu_attr, expected):
    (unit,), _ = read_back("tmx", tmx_doc(header, tu_attr))
    assert (unit.ko, unit.en, unit.source_lang) == ("협력", "cooperation", expected)


def test_real_omegat_memories_are_english_source(shared):
    for name in ("lean4game-ko.project_save.tmx", "omegat-l10n-ko.project_save.tmx"):
        units = list(read(shared / "corpora/tmx" / name))
        assert units and {u.source_lang for u in units} == {"en"}, name


@pytest.fixture
def validators(shared):
    dtd = etree.DTD(str(shared / "formats/tmx/tmx14.dtd"))
    xsd = etree.XMLSchema(etree.parse(str(shared / "formats/tmx/omegat-tmx14.xsd")))
    return dtd, xsd


@pytest.mark.parametrize("source_lang", ["ko", "en"])
def test_tmx_writer_follows_the_direction_and_stays_valid(validators, source_lang, shared):
    units = [*UNITS, *read(shared / "formats/tmx/authored/kotm_reference_ko-en_tmx14.tmx")]
    data = write("tmx", units, source_lang=source_lang)
    doc = etree.fromstring(data)
    for validator in validators:
        assert validator.validate(doc), validator.error_log
    assert doc.find("header").get("srclang") == source_lang
    target = "en" if source_lang == "ko" else "ko"
    assert {tuple(t.get(XML_LANG) for t in tu.findall("tuv")) for tu in doc.iter("tu")} == {(source_lang, target)}
    back, _ = read_back("tmx", data)
    assert [(u.ko, u.en, u.ko_markup, u.source_lang) for u in back] == [
        (u.ko, u.en, u.ko_markup, source_lang) for u in units
    ]


def test_tmx_en_ko_export_read_by_translate_toolkit():
    from translate.storage.tmx import tmxfile

    store = tmxfile.parsestring(write("tmx", UNITS, source_lang="en"))
    assert [(u.source, u.target) for u in store.units] == [(u.en, u.ko) for u in UNITS]


def test_tmx_write_rows_follows_the_direction_too():
    rows = [tmx._row(u) for u in UNITS]
    out = io.BytesIO()
    tmx.write_rows([(*r[:10], b"", *r[11:]) for r in rows], out, source_lang="en")
    assert out.getvalue() == write("tmx", UNITS, source_lang="en")


def test_unknown_direction_is_refused():
    with pytest.raises(ValueError, match="source_lang"):
        write("tmx", UNITS, source_lang="ja")


def test_every_writer_takes_the_direction():
    terms = [Term("협력", "cooperation")]
    for fmt in ("tmx", "po", "tbx", "tsv"):
        assert write(fmt, terms, source_lang="en")
    assert b'<martif type="TBX-Basic" xml:lang="en">' in write("tbx", terms, source_lang="en")
    assert read_back("tbx", write("tbx", terms, source_lang="en"))[0][0].ko == "협력"
