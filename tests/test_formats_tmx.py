"""The TMX writer: valid against the TMX 1.4b DTD and OmegaT's schema, and read back by translate-toolkit."""

import gzip
import io
import re

import pytest
from lxml import etree

from kotm.errors import FormatError
from kotm.formats import ReadStats, read, tmx
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


@pytest.mark.parametrize("bad", ["\ufffe", "\uffff", "\ud800", "\x1f"])
def test_every_character_xml_cannot_hold_is_dropped(bad):
    warnings = []
    data = export_bytes([Segment(f"가{bad}나", "ab", note=f"n{bad}", id=4)], on_warning=warnings.append)
    assert read_bytes(data)[0].ko == "가나" and b"<note>n</note>" in data
    assert warnings == ["unit 4: dropped 1 character(s) that XML cannot hold"] * 2


def test_stored_rows_give_the_bytes_and_warnings_of_units(db_path, dtd):
    """kotm export writes rows straight from SQLite (write_rows): the same bytes and warnings as the segments."""
    from kotm.queries import iter_rows, iter_segments
    from kotm.store import add_segments, open_db

    coded = '카자흐스탄 <bpt i="1">&lt;b&gt;</bpt>대통령<ept i="1">&lt;/b&gt;</ept>'
    varied = [
        Segment(
            "한국 & <카자흐스탄>\r",
            'Korea "&" Kazakhstan',
            source="memo.docx",
            domain="외교",
            note="메모\n둘째 줄",
            creator="kim",
            changer='l"ee',
            created="2019-04-22T09:13:00Z",
            changed="2020-01-02T03:04:05Z",
            props={
                "tuid": "9",
                "prop:x-context": "ctx & <more>",
                "prop:b": 'quote " and back\\slash',
                "ko:note": "한국어 메모",
                "ko:prop:x-style": "격식",
                "en:note": "English note",
                "usagecount": "3",
                "lastusagedate": "20200101T000000Z",
            },
        ),
        Segment("카자흐스탄 대통령", "the President", ko_markup=coded, en_markup="the <ph/>President"),
        Segment("편집된 대통령", "edited", ko_markup=coded, en_markup="<bpt i='1'>unclosed"),
        Segment("통제\x01 문자", "con\x0btrol", note="\x02", props={"prop:x-\x03": "v\ufffe"}),
    ]
    plain = [Segment(f"문장 {i}", f"sentence {i}", props={"tuid": str(i)}) for i in range(1500)]
    db = open_db(db_path)
    add_segments(db, [*varied, *plain[:1200], Segment("둘째 천\x1f 개", "in the second thousand"), *plain[1200:]])
    db.execute("UPDATE segments SET source = NULL, note = NULL, changed = NULL WHERE id = 2")

    def export(write, items):
        out, warnings = io.BytesIO(), []
        count = write(items, out, on_warning=warnings.append)
        return count, out.getvalue(), warnings

    rows = export(tmx.write_rows, iter_rows(db, "segments", tmx.COLUMNS, utf8=True))
    assert rows == export(tmx.write, iter_segments(db))
    count, data, warnings = rows
    assert count == 1505 and len(warnings) == 6 and "unit 1205" in warnings[-1]
    assert dtd.validate(etree.fromstring(data))
    assert coded.encode() in data and b"unclosed" not in data


def test_terms_and_empty_input(dtd):
    doc = etree.fromstring(write([Term("정상", "summit", domain="diplomacy", id=3)]))
    assert dtd.validate(doc)
    empty = etree.fromstring(write([]))
    assert empty.find("body") is not None and len(empty.find("body")) == 0


# Reading (issue 5): TMX reader and writer: real files, validators, encodings, inline codes and XML attacks.

HANGUL = re.compile("[가-힣]")


def independent_count(path):
    """Count with a full lxml parse and XPath, not with kotm's streaming reader:
    (TUs with a Korean and an English <tuv> whose Korean holds Hangul, all TUs)."""
    tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    lang = "translate(substring(concat(@xml:lang, @lang), 1, 2), 'KOEN', 'koen')"
    good = 0
    tus = tree.xpath("//tu")
    for tu in tus:
        ko = tu.xpath(f"tuv[{lang}='ko']/seg")
        en = tu.xpath(f"tuv[{lang}='en']/seg")
        if ko and en and HANGUL.search(ko[0].xpath("string(.)")):
            good += 1
    return good, len(tus)


def all_tmx(shared):
    return sorted((shared / "corpora" / "tmx").glob("*.tmx")) + sorted((shared / "formats" / "tmx").rglob("*.tmx"))


def test_real_files_count_as_an_independent_count(shared):
    checked = 0
    for path in all_tmx(shared):
        stats = ReadStats()
        units = list(read(path, stats=stats))
        good, total = independent_count(path)
        assert (len(units), stats.units) == (good, good), path.name
        assert stats.units + sum(stats.skipped.values()) == total, path.name
        checked += 1
    assert checked >= 40


def test_omegat_project_save(shared):
    stats = ReadStats()
    units = list(read(shared / "corpora/tmx/lean4game-ko.project_save.tmx", stats=stats))
    assert len(units) == 126 and stats.skipped == {"Korean text holds no Hangul": 2}
    first = units[0]
    assert first.ko.startswith("<0>여러분이 직접 게임을")  # escaped markup is text, not inline codes
    assert first.creator == "chabulhwi" and first.created == "2024-10-17T09:30:40Z"
    assert first.changed == "2024-10-17T09:52:35Z"
    assert first.changer == "chabulhwi" and first.props == {"srclang": "en"}
    assert any("\n" in u.ko for u in units)


def test_reference_file_inline_codes_and_props(shared):
    units = list(read(shared / "formats/tmx/authored/kotm_reference_ko-en_tmx14.tmx"))
    assert units[0].domain == "diplomacy" and units[0].created == "2019-04-22T09:13:00Z"
    coded = units[2]
    assert coded.ko == "국제 IT협력센터를 설립할 예정입니다."  # search sees plain text
    assert coded.ko_markup.startswith('<bpt i="1" type="bold">&lt;b&gt;</bpt>국제')
    assert units[1].ko == '연구·개발(R&D) 예산은 5<10 조건을 충족해야 합니다 > "중요"'


def export_bytes(units, **kw) -> bytes:
    out = io.BytesIO()
    tmx.write(units, out, **kw)
    return out.getvalue()


def read_bytes(data: bytes, stats=None):
    return list(tmx.read(io.BufferedReader(io.BytesIO(data)), stats))


def test_export_is_valid_and_read_by_translate_toolkit(shared):
    from translate.storage.tmx import tmxfile

    units = list(read(shared / "formats/tmx/authored/kotm_reference_ko-en_tmx14.tmx"))
    units += list(read(shared / "corpora/tmx/lean4game-ko.project_save.tmx"))
    units.append(
        Segment(
            "줄\n바꿈과\t탭, 😀 & <태그>",
            "line\nbreak and\ttab, 😀 & <tag>",
            note="메모 & note",
        )
    )
    data = export_bytes(units)
    doc = etree.fromstring(data)
    dtd = etree.DTD(str(shared / "formats/tmx/tmx14.dtd"))
    assert dtd.validate(doc), dtd.error_log
    xsd = etree.XMLSchema(etree.parse(str(shared / "formats/tmx/omegat-tmx14.xsd")))
    assert xsd.validate(doc), xsd.error_log
    # translate-toolkit renders inline codes natively; compare on units without them.
    theirs = [(u.source, u.target) for u in tmxfile.parsestring(data).units]
    ours = [(u.ko, u.en) for u in units]
    plain = [i for i, u in enumerate(units) if not u.ko_markup]
    assert len(theirs) == len(ours)
    assert [theirs[i] for i in plain] == [ours[i] for i in plain]
    # and kotm reads back the same text, markup, notes, dates and props
    back = read_bytes(data)
    assert [(u.ko, u.en, u.ko_markup, u.en_markup, u.note, u.created, u.creator) for u in back] == [
        (u.ko, u.en, u.ko_markup, u.en_markup, u.note, u.created, u.creator) for u in units
    ]

    # kotm writes its own tuid, and Korean as the source language
    def kept(u):
        return {k: v for k, v in u.props.items() if k not in ("tuid", "srclang")}

    assert [kept(u) for u in back] == [kept(u) for u in units]


def test_stale_markup_is_not_exported():
    unit = Segment("편집된 문장", "edited", ko_markup="<ph>x</ph>원래 문장")
    assert b"<ph>" not in export_bytes([unit])


def test_illegal_xml_characters_are_dropped_with_a_warning():
    warnings = []
    data = export_bytes([Segment("한국\x01", "Korea\x0b")], on_warning=warnings.append)
    assert read_bytes(data)[0].ko == "한국" and warnings


def doc(body: str, version="1.4", header='<header srclang="en"/>') -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="{version}">{header}<body>\n{body}\n</body></tmx>'


def tu(ko_lang="ko", en_lang="en", attr="xml:lang", ko="협력", en="cooperation"):
    return f'<tu><tuv {attr}="{en_lang}"><seg>{en}</seg></tuv><tuv {attr}="{ko_lang}"><seg>{ko}</seg></tuv></tu>'


@pytest.mark.parametrize("code", ["ko", "KO", "ko-KR", "ko_KR", "kor", "Ko-kr"])
@pytest.mark.parametrize("en_code", ["en", "en-US", "EN-us", "eng"])
def test_language_codes(code, en_code):
    units = read_bytes(doc(tu(code, en_code)).encode())
    assert [(u.ko, u.en) for u in units] == [("협력", "cooperation")]


def test_tmx11_lang_attribute_and_multi_language_units():
    body = tu(attr="lang") + (
        '<tu><tuv lang="ja"><seg>協力</seg></tuv><tuv lang="ko-KR"><seg>협력</seg></tuv>'
        '<tuv lang="de"><seg>Zusammenarbeit</seg></tuv><tuv lang="en-GB"><seg>co-operation</seg></tuv></tu>'
    )
    units = read_bytes(doc(body, version="1.1").encode())
    assert [(u.ko, u.en) for u in units] == [
        ("협력", "cooperation"),
        ("협력", "co-operation"),
    ]


def test_units_missing_a_side_are_skipped_and_counted():
    body = (
        '<tu><tuv xml:lang="ko"><seg>혼자</seg></tuv></tu>\n'
        + tu()
        + '\n<tu><tuv xml:lang="en"><seg>alone</seg></tuv></tu>'
    )
    stats = ReadStats()
    assert len(read_bytes(doc(body).encode(), stats)) == 1
    assert stats.skipped == {
        "<tu> has no English <tuv>": 1,
        "<tu> has no Korean <tuv>": 1,
    }
    assert stats.first_line == {
        "<tu> has no English <tuv>": 3,
        "<tu> has no Korean <tuv>": 5,
    }


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16-le", "utf-16-be", "euc-kr"])
def test_encodings(encoding):
    text = doc(tu())
    if encoding.startswith("utf-16"):
        data = ("\ufeff" + text.replace(' encoding="UTF-8"', "")).encode(encoding)
    elif encoding == "euc-kr":
        data = text.replace("UTF-8", "EUC-KR").encode("euc-kr")
    else:
        data = text.encode(encoding)
    assert [(u.ko, u.en) for u in read_bytes(data)] == [("협력", "cooperation")]


def test_gzip(tmp_path):
    path = tmp_path / "memory.tmx.gz"
    path.write_bytes(gzip.compress(doc(tu()).encode()))
    assert len(list(read(path))) == 1


def test_decomposed_hangul_is_normalised():
    import unicodedata

    units = read_bytes(doc(tu(ko=unicodedata.normalize("NFD", "협력"))).encode())
    assert units[0].ko == "협력"


XXE = """<?xml version="1.0"?>
<!DOCTYPE tmx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<tmx version="1.4"><header/><body>
<tu><tuv xml:lang="ko"><seg>&xxe;협력</seg></tuv><tuv xml:lang="en"><seg>x</seg></tuv></tu></body></tmx>"""

LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE tmx [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<tmx version="1.4"><header/><body>
<tu><tuv xml:lang="ko"><seg>&lol9;협력</seg></tuv><tuv xml:lang="en"><seg>x</seg></tuv></tu></body></tmx>"""


@pytest.mark.parametrize("attack", [XXE, LAUGHS])
def test_entity_declarations_are_refused(attack):
    with pytest.raises(FormatError, match="declares XML entities"):
        read_bytes(attack.encode())


@pytest.mark.parametrize(
    "data, message",
    [
        (doc(tu()).encode()[:-30], "not well-formed XML"),
        (doc(tu(ko="협력\x01")).encode(), "not well-formed XML"),
        (
            doc(tu()).encode().replace("협력".encode(), b"\xff\xfe"),
            "not well-formed XML",
        ),
        (bytes(range(256)) * 4, "not well-formed XML"),
        (b"<?xml version='1.0'?><html><body/></html>", "not a TMX file"),
        (
            b"<tmx><body><tu><tuv xml:lang='ko'><seg>&nbsp;</seg></tuv></tu></body></tmx>",
            "not well-formed XML",
        ),
    ],
)
def test_broken_files_raise_one_line_errors(data, message):
    with pytest.raises(FormatError, match=message) as e:
        read_bytes(data)
    assert "\n" not in str(e.value)


def test_zero_byte_file(tmp_path):
    path = tmp_path / "empty.tmx"
    path.write_bytes(b"")
    with pytest.raises(FormatError, match="empty"):
        list(read(path))
