"""The TMX writer: valid against the TMX 1.4b DTD and OmegaT's schema, and read back by translate-toolkit."""

import io

import pytest
from lxml import etree

from kotm.formats import tmx
from kotm.units import Segment, Term

UNITS = [
    Segment(
        "한국과 <카자흐스탄> & ‘협력’ 🇰🇷",
        'Korea & "Kazakhstan" <b> 🇰🇷',
        source="memo.docx",
        domain="diplomacy",
        note="a <note> & more",
        creator="kim",
        created="2019-04-22T09:13:00Z",
        changed="2020-01-02T03:04:05Z",
        id=7,
    ),
    Segment(" 앞뒤 공백 ", "  spaces kept  ", id=8),
    Segment("줄\n바꿈", "line\nbreak", id=9),
]


def write(units) -> bytes:
    out = io.BytesIO()
    assert tmx.write(units, out) == len(units)
    return out.getvalue()


@pytest.fixture
def dtd(shared):
    return etree.DTD(str(shared / "formats" / "tmx" / "tmx14.dtd"))


@pytest.fixture
def xsd(shared):
    return etree.XMLSchema(etree.parse(str(shared / "formats" / "tmx" / "omegat-tmx14.xsd")))


def test_valid_against_dtd_and_omegat_schema(dtd, xsd):
    doc = etree.fromstring(write(UNITS))
    assert dtd.validate(doc), dtd.error_log
    assert xsd.validate(doc), xsd.error_log


def test_header_and_units():
    doc = etree.fromstring(write(UNITS))
    header = doc.find("header")
    assert doc.get("version") == "1.4"
    assert header.get("srclang") == "ko" and header.get("segtype") == "sentence"
    assert header.get("creationdate") is None  # no clock time: exports are deterministic
    tu = doc.find("body/tu")
    assert tu.get("tuid") == "7" and tu.get("creationdate") == "20190422T091300Z"
    assert tu.get("changedate") == "20200102T030405Z" and tu.get("creationid") == "kim"
    assert [p.get("type") for p in tu.findall("prop")] == ["x-source", "x-domain"]
    assert tu.findtext("note") == "a <note> & more"
    langs = [tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in tu.findall("tuv")]
    assert langs == ["ko", "en"]


def test_seg_text_is_exact():
    doc = etree.fromstring(write(UNITS))
    segs = [seg.text for seg in doc.iter("seg")]
    assert segs == [t for u in UNITS for t in (u.ko, u.en)]
    assert b"<seg>" + " 앞뒤 공백 ".encode() + b"</seg>" in write(UNITS)


def test_translate_toolkit_reads_it_back():
    from translate.storage.tmx import tmxfile

    store = tmxfile.parsestring(write(UNITS))
    units = [u for u in store.units if u.source]
    assert [(u.source, u.target) for u in units] == [(u.ko, u.en) for u in UNITS]


def test_characters_xml_cannot_hold_are_dropped_and_reported(dtd):
    warnings = []
    out = io.BytesIO()
    tmx.write([Segment("가\x01나", "a\x0bb", id=1)], out, on_warning=warnings.append)
    doc = etree.fromstring(out.getvalue())
    assert [s.text for s in doc.iter("seg")] == ["가나", "ab"]
    assert len(warnings) == 2 and "unit 1" in warnings[0]


def test_terms_and_empty_input(dtd):
    doc = etree.fromstring(write([Term("정상", "summit", domain="diplomacy", id=3)]))
    assert dtd.validate(doc)
    empty = etree.fromstring(write([]))
    assert empty.find("body") is not None and len(empty.find("body")) == 0
