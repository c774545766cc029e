"""The XLIFF reader (kotm.formats.xliff): XLIFF 1.2 and 1.1, SDLXLIFF, memoQ, XLIFF 2.x; states, inline codes,
directions, read_document, and bad input."""

import gzip
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from kotm import formats
from kotm.errors import FormatError, InputError
from kotm.formats import ReadStats, tmx, xliff
from kotm.formats.xliff import DocUnit, parse_states, read, read_document

DATA = Path(__file__).parent / "data" / "xliff"


def segments(name_or_bytes, **options):
    """The Segments and the ReadStats of a sample file (a name in tests/data/xliff) or of bytes."""
    stats = ReadStats()
    if isinstance(name_or_bytes, bytes):
        stream = io.BufferedReader(io.BytesIO(name_or_bytes))
        units = list(read(stream, stats, path="test.xlf", **options))
    else:
        units = list(formats.read(DATA / name_or_bytes, stats=stats, **options))
    return units, stats


def doc(data: bytes) -> list[DocUnit]:
    return list(read_document(io.BufferedReader(io.BytesIO(data)), path="doc.xlf"))


def xliff12(units: str, src="ko-KR", trg="en-US", extra="") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"{extra}>\n'
        f'<file original="a.txt" source-language="{src}" target-language="{trg}" datatype="plaintext"><body>\n'
        f"{units}\n</body></file></xliff>\n"
    ).encode()


def tu(n, source, target=None, state=None, attrs=""):
    said = f' state="{state}"' if state else ""
    tgt = "" if target is None else f"<target{said}>{target}</target>"
    return f'<trans-unit id="{n}"{attrs}><source>{source}</source>{tgt}</trans-unit>'


# ---- the samples, shape by shape


def test_xliff_12_ko_en_takes_confirmed_states_and_keeps_codes():
    units, stats = segments("statement.ko-en.xlf")
    assert [u.props["xliff:id"] for u in units] == ["1", "2", "3", "6"]
    assert [u.props["xliff:state"] for u in units] == ["final", "translated", "signed-off", "translated"]
    assert {u.source_lang for u in units} == {"ko"}
    assert {u.source for u in units} == {"summit-statement.html"}
    assert units[0].props["xliff:original"] == "docs/summit-statement.html"
    first = units[1]
    assert first.ko == "양국은 전략적 동반자 관계를 한층 강화하기로 했습니다."
    assert first.en == "The two countries agreed to further strengthen their strategic partnership."
    assert first.note == "Title case as in the 2019 statement."
    assert first.ko_markup == (
        '양국은 <bpt i="1" x="1" type="bold">&lt;g id="1" ctype="bold"&gt;</bpt>전략적 동반자 관계'
        '<ept i="1">&lt;/g&gt;</ept>를 한층 강화하기로 했습니다.'
    )
    assert units[2].ko_markup == '회담은 누르술탄에서 <ph x="1" type="lb">&lt;x id="1" ctype="lb"/&gt;</ph>열렸습니다.'
    assert units[3].en_markup.startswith('The summit was <it pos="begin" x="1">&lt;span class="hl"&gt;</it>')
    assert stats.units == 4
    assert stats.skipped == {
        "state needs-review-translation not taken (--states)": 1,
        "untranslated (no <target>, or an empty one)": 1,
        'not for translation (translate="no")': 1,
        "state x-checked not taken (--states)": 1,
    }
    assert stats.first_line["untranslated (no <target>, or an empty one)"] == 26


def test_sdlxliff_gives_one_segment_per_mrk_with_its_confirmation():
    units, stats = segments("statement.en-ko.sdlxliff")
    tu_id = "0f8d1c2a-0000-4000-8000-00000000000"
    assert [(u.props["xliff:id"], u.props["xliff:state"]) for u in units] == [
        (f"{tu_id}2/1", "ApprovedSignOff"),
        (f"{tu_id}2/2", "Translated"),
        (f"{tu_id}3/4", "ApprovedTranslation"),
    ]
    assert [u.en for u in units] == [
        "The two leaders agreed to expand cooperation.",
        "They welcomed the new investment projects.",
        "Both sides will strengthen exchanges in culture and education.",
    ]
    assert units[0].ko == "두 정상은 협력을 확대하기로 합의했습니다."
    # Trados's tracked changes: the deleted text is not part of the translation, the added text is.
    assert units[2].ko == "양측은 문화와 교육 분야의 교류를 강화할 것입니다."
    assert {u.source_lang for u in units} == {"en"}
    assert {u.source for u in units} == {"press-statement.docx"}
    assert units[1].ko_markup == (
        '두 정상은 <bpt i="1">&lt;g id="pt1"&gt;</bpt>신규 투자<ept i="1">&lt;/g&gt;</ept> 사업을 환영했습니다.'
    )
    assert stats.skipped == {
        'not for translation (translate="no")': 2,
        "state Draft not taken (--states)": 1,
        "untranslated (no <target>, or an empty one)": 1,
    }


def test_memoq_status_decides():
    units, stats = segments("manual.en-ko.mqxliff")
    assert [(u.props["xliff:id"], u.props["xliff:state"]) for u in units] == [
        ("1", "ManuallyConfirmed"),
        ("3", "Reviewer1Confirmed"),
    ]
    assert units[0].ko == "변경 내용을 유지하려면 저장을 누르세요."
    assert units[0].ko_markup == (
        '변경 내용을 유지하려면 <bpt i="1" x="1" type="bold">{}</bpt>저장<ept i="1">{}</ept>을 누르세요.'
    )
    assert units[1].en_markup == '<ph x="1">&lt;mq:ch val="&amp;#9;" /&gt;</ph>Open the settings menu.'
    assert stats.skipped == {
        "state PreTranslated not taken (--states)": 1,
        "state MachineTranslated not taken (--states)": 1,
        "untranslated (no <target>, or an empty one)": 1,
    }


def test_xliff_2_segments_states_and_codes():
    units, stats = segments("summit.ko-en.xlf")
    assert [(u.props["xliff:id"], u.props["xliff:state"]) for u in units] == [
        ("u1/s1", "final"),
        ("u1/s2", "translated"),
        ("u2", "reviewed"),
        ("u5", "translated"),
    ]
    assert units[0].en == "The President paid a state visit to Kazakhstan."
    assert units[0].note == "Official names as in the joint statement."
    assert units[0].source == "summit-2019.html"
    assert units[0].en_markup == (
        'The President paid a state visit to <bpt i="1" x="1">&lt;pc id="1" dataRefStart="d1" dataRefEnd="d2"&gt;'
        '</bpt>Kazakhstan<ept i="1">&lt;/pc&gt;</ept>.'
    )
    assert units[1].ko_markup == '두 정상은 <ph x="2">&lt;ph id="2" dataRef="d3"/&gt;</ph>공동 성명을 채택했습니다.'
    assert units[2].ko_markup == (
        '양국은 <bpt i="1" x="3" type="fmt">&lt;sc id="3" type="fmt" subType="xlf:b"/&gt;</bpt>에너지 협력'
        '<ept i="1">&lt;ec startRef="3"/&gt;</ept>을 강화합니다.'
    )
    assert units[3].ko_markup == '협력은 <it pos="begin" x="4">&lt;sc id="4" isolated="yes"/&gt;</it>계속됩니다.'
    # A segment without a state is "initial", as XLIFF 2 says: a draft, not taken.
    assert stats.skipped == {
        "state initial not taken (--states)": 2,
        'not for translation (translate="no")': 1,
        "untranslated (no <target>, or an empty one)": 1,
    }


def test_file_that_marks_no_state_gives_its_targets_and_collapses_whitespace():
    units, stats = segments("glossary-app.en-ko.xliff")
    assert [(u.en, u.ko, u.props["xliff:state"]) for u in units] == [
        ("Save", "저장", "translated"),
        ("Do you want to delete this file?", "이 파일을 삭제하시겠습니까?", "translated"),
    ]
    assert {u.source_lang for u in units} == {"en"}
    assert stats.skipped == {"untranslated (no <target>, or an empty one)": 1}


# ---- states


def test_states_override_case_insensitively():
    units, _ = segments("statement.ko-en.xlf", states="needs-review-translation, X-CHECKED")
    assert [u.props["xliff:id"] for u in units] == ["4", "8"]
    units, _ = segments("statement.en-ko.sdlxliff", states={"draft"})
    assert [u.props["xliff:state"] for u in units] == ["Draft"]
    units, _ = segments("summit.ko-en.xlf", states="initial")
    assert [u.props["xliff:id"] for u in units] == ["u1/s3", "u3"]
    units, stats = segments("manual.en-ko.mqxliff", states="all")
    assert [u.props["xliff:id"] for u in units] == ["1", "2", "3", "5"]
    assert stats.skipped == {"untranslated (no <target>, or an empty one)": 1}


def test_parse_states():
    assert parse_states("final") == {"final"}
    assert parse_states(["ApprovedSignOff", "x-Checked"]) == {"approvedsignoff", "x-checked"}
    with pytest.raises(InputError, match="unknown XLIFF state bogus, finished"):
        parse_states("translated,bogus,finished")
    with pytest.raises(InputError, match="at least one state"):
        parse_states(" , ")


def test_target_without_state_rules():
    # approved="yes" says the translation passed its final review: signed-off, taken.
    approved = tu(1, "승인된 번역입니다.", "An approved translation.", attrs=' approved="yes"')
    # In a <file> that marks states, a target without one is not taken unless asked for.
    bare = tu(2, "상태가 없는 번역입니다.", "A translation without a state.")
    marked = tu(3, "번역된 문장입니다.", "A translated sentence.", state="translated")
    units, stats = segments(xliff12("\n".join([bare, marked, approved])))
    assert [(u.props["xliff:id"], u.props["xliff:state"]) for u in units] == [("3", "translated"), ("1", "signed-off")]
    assert stats.skipped == {"a <target> without a state in a <file> that marks states (--states unmarked takes it)": 1}
    assert stats.first_line == {
        "a <target> without a state in a <file> that marks states (--states unmarked takes it)": 4
    }
    units, _ = segments(xliff12("\n".join([bare, marked, approved])), states="unmarked")
    assert [u.props["xliff:id"] for u in units] == ["2"]
    # approved="no" without a state marks the file too: not taken.
    units, stats = segments(xliff12(tu(4, "검토 전입니다.", "Not reviewed yet.", attrs=' approved="no"')))
    assert units == [] and sum(stats.skipped.values()) == 1


def test_states_are_per_file():
    """A <file> that marks no state gives its targets, even when another <file> of the document marks some."""
    first = xliff12(tu(1, "첫째 파일입니다.", "The first file.", state="new"))
    second = b'<file original="b.txt" source-language="ko" target-language="en"><body>%s</body></file>' % (
        tu(2, "둘째 파일입니다.", "The second file.").encode()
    )
    data = first.replace(b"</file></xliff>", b"</file>" + second + b"</xliff>")
    units, stats = segments(data)
    assert [(u.props["xliff:id"], u.source) for u in units] == [("2", "b.txt")]
    assert stats.skipped == {"state new not taken (--states)": 1}


# ---- inline codes


def test_inline_codes_become_valid_tmx_that_export_keeps(tmp_path, shared):
    units = [
        u for name in ("statement.ko-en.xlf", "statement.en-ko.sdlxliff", "summit.ko-en.xlf") for u in segments(name)[0]
    ]
    units += segments("manual.en-ko.mqxliff")[0]
    assert sum(bool(u.ko_markup) for u in units) == 10
    out = tmp_path / "x.tmx"
    with open(out, "wb") as f:
        tmx.write(units, f)
    document = etree.parse(str(out))
    dtd = etree.DTD(str(shared / "formats/tmx/tmx14.dtd"))
    assert dtd.validate(document), dtd.error_log
    back = list(formats.read(out))
    assert [(u.ko_markup, u.en_markup) for u in back] == [(u.ko_markup, u.en_markup) for u in units]
    assert [(u.ko, u.en) for u in back] == [(u.ko, u.en) for u in units]


@pytest.mark.parametrize(
    "content, text, markup",
    [
        (
            "평화 <bx id='1'/>협력<ex id='2' rid='1'/>",
            "평화 협력",
            '평화 <bpt i="1" x="1">&lt;bx id="1"/&gt;</bpt>협력<ept i="1">&lt;ex id="2" rid="1"/&gt;</ept>',
        ),
        ("앞 <bpt id='7'>[b]</bpt>뒤", "앞 뒤", '앞 <it pos="begin" x="7">[b]</it>뒤'),
        ("앞<ept id='7'>[/b]</ept> 뒤", "앞 뒤", '앞<it pos="end" x="7">[/b]</it> 뒤'),
        (
            "<g id='a'><g id='b'>안</g>쪽</g>",
            "안쪽",
            '<bpt i="1">&lt;g id="a"&gt;</bpt><bpt i="2">&lt;g id="b"&gt;</bpt>안'
            '<ept i="2">&lt;/g&gt;</ept>쪽<ept i="1">&lt;/g&gt;</ept>',
        ),
        ("<ph id='1'>&lt;br/&gt;<sub>대체 텍스트</sub></ph>본문", "본문", '<ph x="1">&lt;br/&gt;대체 텍스트</ph>본문'),
        ("용어 <mrk mtype='protected'>누르술탄</mrk>", "용어 누르술탄", ""),
        ("a &amp; b &lt; c", "a & b < c", ""),
    ],
)
def test_inline_xliff_1(content, text, markup):
    source = etree.fromstring(f'<source xmlns="{xliff.NS12}" xml:space="preserve">{content}</source>')
    assert xliff.inline(source) == (text, markup)
    if markup:  # what TMX import makes of the markup is the same text
        seg = etree.fromstring(f"<seg>{markup}</seg>")
        assert tmx.plain(seg) == text


@pytest.mark.parametrize(
    "content, text, markup",
    [
        ("<cp hex='0001'/>제어", "제어", '<ph>&lt;cp hex="0001"/&gt;</ph>제어'),
        ("<cp hex='00E9'/>clair", "éclair", ""),
        ("<sm id='1' type='comment'/>주석<em startRef='1'/>", "주석", ""),
        ("<ec id='9' isolated='yes'/>끝", "끝", '<it pos="end" x="9">&lt;ec id="9" isolated="yes"/&gt;</it>끝'),
        (
            "<pc id='1'><pc id='2'>굵게</pc></pc>",
            "굵게",
            '<bpt i="1" x="1">&lt;pc id="1"&gt;</bpt><bpt i="2" x="2">'
            '&lt;pc id="2"&gt;</bpt>굵게<ept i="2">&lt;/pc&gt;</ept><ept i="1">&lt;/pc&gt;</ept>',
        ),
    ],
)
def test_inline_xliff_2(content, text, markup):
    source = etree.fromstring(f'<source xmlns="{xliff.NS20}">{content}</source>')
    assert xliff.inline(source) == (text, markup)


def test_whitespace_is_kept_under_xml_space_preserve():
    data = xliff12(
        '<trans-unit id="1" xml:space="preserve"><source>두  칸\n줄</source><target state="final">two  spaces\nline'
        "</target></trans-unit>"
        '<trans-unit id="2"><source>두  칸\n  줄</source><target state="final">two  spaces\n  line</target></trans-unit>'
    )
    units, _ = segments(data)
    assert [(u.ko, u.en) for u in units] == [("두  칸\n줄", "two  spaces\nline"), ("두 칸 줄", "two spaces line")]


# ---- directions and languages


def test_direction_comes_from_the_file():
    ko_en, _ = segments(xliff12(tu(1, "협력", "cooperation", "final"), "ko", "en"))
    en_ko, _ = segments(xliff12(tu(1, "cooperation", "협력", "final"), "en-GB", "ko_KR"))
    assert [(u.ko, u.en, u.source_lang) for u in ko_en] == [("협력", "cooperation", "ko")]
    assert [(u.ko, u.en, u.source_lang) for u in en_ko] == [("협력", "cooperation", "en")]


def test_target_language_from_the_target_when_the_file_has_none():
    data = xliff12(
        '<trans-unit id="1"><source>협력</source><target xml:lang="en" state="final">cooperation</target></trans-unit>',
        trg="",
    ).replace(b' target-language=""', b"")
    units, _ = segments(data)
    assert [(u.ko, u.en) for u in units] == [("협력", "cooperation")]


def test_files_of_other_languages_are_skipped_and_counted():
    ko = xliff12(tu(1, "협력", "cooperation", "final"))
    other = b'<file original="j.txt" source-language="ja" target-language="fr"><body>%s%s</body></file>' % (
        tu(2, "協力", "coopération", "final").encode(),
        tu(3, "平和", "paix", "final").encode(),
    )
    units, stats = segments(
        ko.replace(b"<xliff version", b"<xliff version", 1).replace(b"</xliff>", other + b"</xliff>")
    )
    assert [u.ko for u in units] == ["협력"]
    assert stats.skipped == {"<file> is ja→fr, not Korean–English": 2}


@pytest.mark.parametrize("reader", ["read", "read_document"])
def test_no_korean_english_file_is_a_format_error(reader):
    data = xliff12(tu(1, "協力", "coopération", "final"), "ja-JP", "fr-FR")
    stream = io.BufferedReader(io.BytesIO(data))
    with pytest.raises(FormatError) as e:
        list(getattr(xliff, reader)(stream, path="ja.xlf"))
    assert str(e.value) == "ja.xlf:3: no Korean–English <file> in this XLIFF (the first is ja-JP→fr-FR)"


# ---- read_document


def test_read_document_gives_every_unit_with_a_source():
    units = list(read_document(open(DATA / "statement.en-ko.sdlxliff", "rb"), path="s.sdlxliff"))
    assert [(u.id[-3:], u.state, u.target) for u in units] == [
        ("2/1", "ApprovedSignOff", "두 정상은 협력을 확대하기로 합의했습니다."),
        ("2/2", "Translated", "두 정상은 신규 투자 사업을 환영했습니다."),
        ("2/3", "Draft", "다음 정상회담은 서울에서 열립니다."),
        ("3/4", "ApprovedTranslation", "양측은 문화와 교육 분야의 교류를 강화할 것입니다."),
        ("4/5", "Unspecified", ""),
    ]
    assert {u.source_lang for u in units} == {"en"}
    assert {u.original for u in units} == {r"C:\Projects\summit\en-US\press-statement.docx"}
    assert units[1].source == "They welcomed the new investment projects."
    assert units[1].source_markup == (
        'They welcomed the <bpt i="1">&lt;g id="pt1"&gt;</bpt>new investment<ept i="1">&lt;/g&gt;</ept> projects.'
    )
    assert all(u.line == 1 for u in units)  # Trados writes the whole file on one line

    units = list(read_document(open(DATA / "summit.ko-en.xlf", "rb")))
    assert [(u.id, u.state, u.line) for u in units] == [
        ("u1/s1", "final", 16),
        ("u1/s2", "translated", 23),
        ("u1/s3", "initial", 27),
        ("u2", "reviewed", 34),
        ("u3", "initial", 40),
        ("u5", "translated", 51),
        ("u6", "initial", 57),
    ]
    assert units[-1] == DocUnit("u6", "보건 분야 협력을 확대합니다.", "ko", "", "initial", "", "summit-2019.html", 57)


def test_read_document_keeps_the_order_when_states_come_late():
    bare = tu(1, "첫 문장입니다.", "First.")
    marked = tu(2, "둘째 문장입니다.", "Second.", state="translated")
    new = tu(3, "셋째 문장입니다.")
    units = doc(xliff12("\n".join([bare, marked, new])))
    assert [(u.id, u.state, u.target) for u in units] == [
        ("1", "unmarked", "First."),
        ("2", "translated", "Second."),
        ("3", "unmarked", ""),  # no target, and no state where the file marks them
    ]


def test_read_document_without_a_target_language_goes_to_the_other_side():
    data = xliff12(tu(1, "협력을 강화합니다."), "ko", "").replace(b' target-language=""', b"")
    assert [(u.source, u.source_lang) for u in doc(data)] == [("협력을 강화합니다.", "ko")]
    two = (
        b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="en"><file id="f1">'
        b'<unit id="1"><segment><source>Hello.</source></segment></unit></file></xliff>'
    )
    assert doc(two) == [DocUnit("1", "Hello.", "en", "", "initial", "", "f1", 1)]


# ---- the checker's reading


def test_keep_empty_gives_every_state_and_lines():
    units, stats = segments("statement.ko-en.xlf", keep_empty=True, lines=True)
    assert [(u.props["xliff:id"], u.props["line"]) for u in units] == [
        ("1", "8"),
        ("2", "12"),
        ("3", "17"),
        ("4", "22"),
        ("5", "26"),
        ("6", "30"),
        ("8", "37"),
    ]
    assert units[4].en == "" and stats.skipped == {'not for translation (translate="no")': 1}


# ---- translate-toolkit writes, kotm reads


def _po(tmp_path):
    path = tmp_path / "ui.po"
    path.write_text(
        'msgid ""\nmsgstr ""\n"Language: ko\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#: main.c:10\nmsgid "Save the file"\nmsgstr "파일을 저장합니다"\n\n'
        '#, fuzzy\nmsgid "Open a file"\nmsgstr "파일 열기"\n\n'
        'msgid "Close"\nmsgstr ""\n\n'
        'msgid "Quit <b>now</b> & go"\nmsgstr "지금 <b>종료</b> & 이동"\n',
        encoding="utf-8",
    )
    return path


def _po2xliff(*args):
    tool = shutil.which("po2xliff") or str(Path(sys.executable).parent / "po2xliff")
    subprocess.run([tool, "--progress=none", *map(str, args)], check=True, capture_output=True)


def test_translate_toolkit_po2xliff_11(tmp_path):
    out = tmp_path / "ui.xlf"
    _po2xliff(_po(tmp_path), out)
    assert b"urn:oasis:names:tc:xliff:document:1.1" in out.read_bytes()
    units, stats = segments(out)
    assert [(u.en, u.ko, u.source_lang) for u in units] == [
        ("Save the file", "파일을 저장합니다", "en"),
        ("Quit <b>now</b> & go", "지금 <b>종료</b> & 이동", "en"),
    ]
    assert stats.skipped == {
        "a PO file's header (restype x-gettext-domain-header)": 1,
        "state needs-translation not taken (--states)": 1,  # the fuzzy entry
        "untranslated (no <target>, or an empty one)": 1,
    }


def test_translate_toolkit_po2xliff_12_with_a_template(tmp_path):
    template = tmp_path / "template.xlf"
    template.write_bytes(xliff12(tu("a", "Save the file"), "en", "ko"))
    out = tmp_path / "ui.xlf"
    _po2xliff("-t", template, _po(tmp_path), out)
    root = etree.parse(str(out)).getroot()
    assert root.tag == f"{{{xliff.NS12}}}xliff" and root.get("version") == "1.2"
    units, _ = segments(out)
    assert [u.ko for u in units] == ["파일을 저장합니다", "지금 <b>종료</b> & 이동"]
    # translate-toolkit reads the same targets as translated
    from translate.storage import xliff as ttk_xliff

    store = ttk_xliff.xlifffile.parsefile(str(out))
    assert [u.target for u in store.units if u.istranslated() and not u.isheader()] == [u.ko for u in units]


def test_translate_toolkit_xliff2(tmp_path):
    from translate.storage import xliff2

    store = xliff2.Xliff2File()
    store.setsourcelanguage("ko")
    store.settargetlanguage("en")
    done = store.addsourceunit("협력을 강화합니다.")
    done.target = "We strengthen cooperation."
    done.markfuzzy(False)
    draft = store.addsourceunit("초안입니다.")
    draft.target = "A draft."
    draft.markfuzzy(True)
    out = io.BytesIO()
    store.serialize(out)
    units, stats = segments(out.getvalue())
    assert [(u.ko, u.en, u.source_lang) for u in units] == [("협력을 강화합니다.", "We strengthen cooperation.", "ko")]
    assert stats.skipped == {"state initial not taken (--states)": 1}


# ---- bad input


@pytest.mark.parametrize(
    "data, message, line",
    [
        (
            b'<?xml version="1.0"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n<file>\n'
            b"</xliff>",
            "not well-formed XML",
            4,
        ),
        (b"plain text, not XML\n", "not well-formed XML", 1),
        (
            b'<?xml version="1.0"?>\n<xliff version="1.0">\n<file source-language="ko" target-language="en"><body>'
            b"</body></file></xliff>",
            'not XLIFF 1.2 (or 1.1) and 2.0–2.2: <xliff version="1.0"> has no namespace',
            2,
        ),
        (
            b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.7" srcLang="ko" trgLang="en"/>',
            'XLIFF version "2.7" is not read',
            1,
        ),
        (
            b'<xliff xmlns="urn:oasis:names:tc:xliff:document:3.0" version="3.0"/>',
            "has namespace urn:oasis:names:tc:xliff:document:3.0",
            1,
        ),
        (
            b'<?xml version="1.0"?>\n<tmx version="1.4"><header/><body/></tmx>',
            "not a XLIFF file: its root element is <tmx>",
            None,
        ),
        (
            b'<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY boom "boom">]>\n<xliff version="1.2" '
            b'xmlns="urn:oasis:names:tc:xliff:document:1.2"><file source-language="ko" target-language="en"><body>'
            b"<trans-unit id='1'><source>&boom;</source></trans-unit></body></file></xliff>",
            "declares XML entities",
            1,
        ),
    ],
)
def test_bad_input_is_one_line_format_error(data, message, line):
    for reader in (read, read_document):
        with pytest.raises(FormatError) as e:
            list(reader(io.BufferedReader(io.BytesIO(data)), path="bad.xlf"))
        assert message in str(e.value) and "\n" not in str(e.value)
        assert e.value.line == line
        assert str(e.value).startswith("bad.xlf:" if line is None else f"bad.xlf:{line}: ")


def test_gzip_and_utf16(tmp_path):
    data = xliff12(tu(1, "협력", "cooperation", "final"))
    (tmp_path / "a.xlf.gz").write_bytes(gzip.compress(data))
    text = data.decode().replace('encoding="UTF-8"', 'encoding="UTF-16"')
    (tmp_path / "b.xliff").write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    for name in ("a.xlf.gz", "b.xliff"):
        assert [(u.ko, u.en) for u in formats.read(tmp_path / name)] == [("협력", "cooperation")]


def test_extensions_and_no_memory_export():
    assert {formats.format_for(f"x{ext}") for ext in (".xlf", ".XLIFF", ".sdlxliff", ".mqxliff", ".xlf.gz")} == {
        "xliff"
    }
    with pytest.raises(InputError, match="pretranslate"):
        xliff.write([], io.BytesIO())


def test_no_break_space_is_text_not_whitespace():
    data = xliff12(tu(1, "10\u00a0km  거리\u3000입니다", "10\u00a0km  away", "final"))
    units, _ = segments(data)
    assert [(u.ko, u.en) for u in units] == [("10\u00a0km 거리\u3000입니다", "10\u00a0km away")]


def test_translate_no_on_a_group_covers_its_units():
    units = (
        f'<group id="g" translate="no">{tu(1, "코드 블록", "code block", "final")}'
        f'<group id="h">{tu(2, "안쪽", "inner", "final")}</group></group>{tu(3, "바깥", "outer", "final")}'
    )
    got, stats = segments(xliff12(units))
    assert [u.ko for u in got] == ["바깥"]
    assert stats.skipped == {'not for translation (translate="no")': 2}
    assert [u.id for u in doc(xliff12(units))] == ["3"]


def test_seg_source_without_sdl_takes_the_targets_state_and_mrk_inside_g():
    """Okapi writes <seg-source> with the <target>'s state for all its segments; Trados wraps a paragraph's
    formatting around the segments (<g> outside the <mrk>)."""
    unit = (
        '<trans-unit id="p1"><source>첫 문장. 둘째 문장.</source>'
        '<seg-source><g id="5"><mrk mtype="seg" mid="0">첫 문장.</mrk> <mrk mtype="seg" mid="1">둘째 문장.</mrk></g>'
        '</seg-source><target state="translated"><g id="5"><mrk mtype="seg" mid="0">First sentence.</mrk> '
        '<mrk mtype="seg" mid="1">Second sentence.</mrk></g></target></trans-unit>'
    )
    units, _ = segments(xliff12(unit))
    assert [(u.props["xliff:id"], u.ko, u.en, u.props["xliff:state"]) for u in units] == [
        ("p1/0", "첫 문장.", "First sentence.", "translated"),
        ("p1/1", "둘째 문장.", "Second sentence.", "translated"),
    ]
    assert [u.ko_markup for u in units] == ["", ""]
