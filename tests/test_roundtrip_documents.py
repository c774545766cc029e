"""The document loop: analyse a document, pre-translate it, a translator confirms some segments in the XLIFF file,
and `kotm import` adds exactly the confirmed ones to the memory — in XLIFF 1.2 and 2.1, in both directions."""

import json
import shutil

import pytest
from click.testing import CliRunner
from lxml import etree

from kotm import builtin
from kotm.cli import cli
from kotm.formats.bilingual import MTC_NS, XLIFF2_NS, XLIFF12_NS

SEGS = list(builtin.segments())
KO = [s.ko for s in SEGS]
EN = [s.en for s in SEGS]


def kotm(db, *args):
    result = CliRunner().invoke(cli, ["--db", str(db), *args])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def db(builtin_db_file, tmp_path):
    path = tmp_path / "kotm.db"
    shutil.copy(builtin_db_file, path)
    return path


def confirm_12(path, edits: dict[int, str]) -> None:
    """What a translator does in a CAT tool: edit the target of some units and confirm them (state translated)."""
    ns = {"x": XLIFF12_NS}
    tree = etree.parse(str(path))
    units = tree.findall(".//x:trans-unit", ns)
    for n, text in edits.items():
        target = units[n].find("x:target", ns)
        target.text = text
        target.set("state", "translated")
        target.attrib.pop("state-qualifier", None)
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


def confirm_21(path, edits: dict[int, str]) -> None:
    ns = {"x": XLIFF2_NS, "mtc": MTC_NS}
    tree = etree.parse(str(path))
    units = tree.findall(".//x:unit", ns)
    for n, text in edits.items():
        segment = units[n].find("x:segment", ns)
        target = segment.find("x:target", ns)
        if target is None:
            target = etree.SubElement(segment, f"{{{XLIFF2_NS}}}target")
        target.text = text
        segment.set("state", "reviewed")
        segment.attrib.pop("subState", None)
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


NEW_KO = "오늘 서울은 날씨가 맑고 바람이 조금 불겠습니다."
NEW_EN = "Today Seoul will be clear with a light wind."
EDITED_KO = KO[3].replace("약속했다", "약속하였다")


@pytest.mark.parametrize(("name", "confirm"), [("doc.xlf", confirm_12), ("doc.xlf2", confirm_21)])
def test_pretranslate_confirm_import_adds_exactly_the_confirmed(db, tmp_path, name, confirm):
    doc = tmp_path / "doc.ko.txt"
    doc.write_text(f"{KO[1]}\n{EDITED_KO}\n{KO[11].replace('1991', '1992')}\n{NEW_KO}\n", encoding="utf-8")
    bands = json.loads(kotm(db, "analyze", str(doc), "--json").stdout)["total"]["bands"]
    assert {b["band"]: b["segments"] for b in bands}["100"] == 1
    out = tmp_path / name
    kotm(db, "pretranslate", str(doc), "-o", str(out))
    before = json.loads(kotm(db, "stats", "--json").stdout)["segments"]
    # The translator confirms the new sentence and the edited one (the fixed 1992 one and the exact one are left
    # as pre-translation made them: the exact one is already in the memory, the fixed one is not confirmed).
    confirm(out, {1: EN[3].replace("pledged", "promised"), 3: NEW_EN})
    report = json.loads(kotm(db, "import", str(out), "--json").stdout)
    assert report["totals"]["added"] == 2, report
    after = json.loads(kotm(db, "stats", "--json").stdout)["segments"]
    assert after == before + 2
    found = json.loads(kotm(db, "search", "서울은 날씨가", "--json").stdout)
    hits = found if isinstance(found, list) else found["segments"]
    assert [(h["ko"], h["en"], h["source"]) for h in hits] == [(NEW_KO, NEW_EN, "doc.ko.txt")]
    # Imported the way the file goes: Korean to English.
    assert hits[0]["source_lang"] == "ko"
    # The same file again adds nothing.
    again = json.loads(kotm(db, "import", str(out), "--json").stdout)
    assert again["totals"]["added"] == 0


def test_english_source_round_trip(db, tmp_path):
    doc = tmp_path / "doc.en.txt"
    doc.write_text(f"{EN[1]}\n\nThe weather in Seoul is clear today.\n", encoding="utf-8")
    out = tmp_path / "doc.xlf"
    kotm(db, "pretranslate", str(doc), "-o", str(out))
    confirm_12(out, {1: "오늘 서울의 날씨는 맑습니다."})
    report = json.loads(kotm(db, "import", str(out), "--json").stdout)
    assert report["totals"]["added"] == 1
    found = json.loads(kotm(db, "search", "서울의 날씨는", "--json").stdout)
    hits = found if isinstance(found, list) else found["segments"]
    assert [(h["ko"], h["en"], h["source_lang"]) for h in hits] == [
        ("오늘 서울의 날씨는 맑습니다.", "The weather in Seoul is clear today.", "en")
    ]


XLIFF_SAMPLES = ["statement.ko-en.xlf", "statement.en-ko.sdlxliff", "manual.en-ko.mqxliff", "summit.ko-en.xlf"]


@pytest.mark.parametrize("name", XLIFF_SAMPLES)
def test_xliff_documents_are_analysed_and_pretranslated(db, tmp_path, name):
    """Files in the shapes Okapi, Trados Studio, memoQ and the XLIFF 2.0 specification write: every segment with a
    source is analysed and pre-translated, a translation the file confirms is kept, and the output is valid."""
    from pathlib import Path

    from xliff_schemas import validate

    from kotm.formats import open_input, xliff

    path = Path(__file__).parent / "data" / "xliff" / name
    with open_input(path) as stream:
        units = list(xliff.read_document(stream, path=str(path)))
    confirmed = sum(1 for u in units if u.target.strip() and u.state.lower() in xliff.DEFAULT_STATES)
    analysis = json.loads(kotm(db, "analyze", str(path), "--json").stdout)
    bands = {b["band"]: b["segments"] for b in analysis["total"]["bands"]}
    assert sum(bands.values()) == len(units)
    assert analysis["files"][0]["source_lang"] == units[0].source_lang
    for fmt in ("xliff", "xliff2"):
        out = tmp_path / f"out.{fmt}.xlf"
        result = json.loads(kotm(db, "pretranslate", str(path), "-o", str(out), "--format", fmt, "--json").stdout)
        assert result["segments"] == len(units) and result["counts"]["kept"] == confirmed
        assert result["source_lang"] == units[0].source_lang
        # Filled in place, the file keeps other tools' extensions, which only the transitional schema allows.
        assert validate(out, strict=not result["in_place"]) == []


INPLACE_12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0" version="1.2">
  <file original="C:\\\\jobs\\\\statement.docx" datatype="x-sdlfilterframework2" source-language="ko-KR" target-language="en-US">
    <header><sdl:filetype-info><sdl:filetype-id>WordprocessingML v. 2</sdl:filetype-id></sdl:filetype-info></header>
    <body>
      <trans-unit id="a1">
        <source>{one}</source>
        <context-group name="ctx"><context context-type="element">p</context></context-group>
      </trans-unit>
      <trans-unit id="a2" translate="no">
        <source>{one}</source>
      </trans-unit>
      <trans-unit id="a3">
        <source>{two}</source>
        <seg-source><mrk mtype="seg" mid="1">{two_a}</mrk> <mrk mtype="seg" mid="2"><g id="7">{two_b}</g></mrk></seg-source>
        <target><mrk mtype="seg" mid="1"></mrk> <mrk mtype="seg" mid="2"><g id="7"></g></mrk></target>
        <sdl:seg-defs><sdl:seg id="1"/><sdl:seg id="2" conf="Draft"/></sdl:seg-defs>
      </trans-unit>
      <trans-unit id="a4">
        <source>{new}</source>
        <target state="final">Our own, confirmed.</target>
      </trans-unit>
    </body>
  </file>
</xliff>
"""


def test_an_xliff_document_is_filled_in_place(db, tmp_path):
    from xliff_schemas import validate

    two_a, two_b = KO[1], KO[11].replace("1991", "1992")
    path = tmp_path / "job.sdlxliff"
    path.write_text(
        INPLACE_12.format(one=KO[2], two=f"{two_a} {two_b}", two_a=two_a, two_b=two_b, new=NEW_KO), encoding="utf-8"
    )
    out = tmp_path / "job.pre.sdlxliff"
    result = json.loads(kotm(db, "pretranslate", str(path), "-o", str(out), "--json").stdout)
    assert result["in_place"] and result["format"] == "xliff"
    assert result["counts"] == {"exact": 2, "fixed": 1, "fuzzy": 0, "kept": 1, "draft": 0, "none": 0}
    assert validate(out, strict=False) == []
    ns = {"x": XLIFF12_NS, "sdl": "http://sdl.com/FileTypes/SdlXliff/1.0"}
    tree = etree.parse(str(out))
    # What the file held is still there: the header, the context group, the unit not for translation.
    assert tree.findtext(".//sdl:filetype-id", namespaces=ns) == "WordprocessingML v. 2"
    assert tree.find(".//x:trans-unit[@id='a1']/x:context-group", ns) is not None
    a2 = tree.find(".//x:trans-unit[@id='a2']", ns)
    assert a2.find("x:target", ns) is None
    a1 = tree.find(".//x:trans-unit[@id='a1']", ns)
    target = a1.find("x:target", ns)
    assert target.text == EN[2] and target.get("state-qualifier") == "exact-match"
    # The target follows the source; alt-trans and notes follow what the unit held there, as the schema orders them.
    assert [etree.QName(c).localname for c in a1][:4] == ["source", "target", "context-group", "alt-trans"]
    a3 = tree.find(".//x:trans-unit[@id='a3']", ns)
    mrks = a3.findall("x:target/x:mrk", ns)
    assert [m.text for m in mrks] == [EN[1], EN[11].replace("1991", "1992")]
    assert [s.get("conf") for s in a3.findall("sdl:seg-defs/sdl:seg", ns)] == ["Translated", "Draft"]
    assert {a.get("mid") for a in a3.findall("x:alt-trans", ns)} == {"1", "2"}
    assert any("1991 → 1992" in n.text for n in a3.findall("x:note", ns))
    assert tree.findtext(".//x:trans-unit[@id='a4']/x:target", namespaces=ns) == "Our own, confirmed."
    # The translator confirms segment 2 in Trados; import takes the confirmed segments.
    seg2 = tree.find(".//x:trans-unit[@id='a3']/sdl:seg-defs/sdl:seg[@id='2']", ns)
    seg2.set("conf", "Translated")
    tree.write(str(out), xml_declaration=True, encoding="UTF-8")
    report = json.loads(kotm(db, "import", str(out), "--json").stdout)
    assert report["totals"]["added"] == 2  # the 1992 segment and our own confirmed one; the exact ones are stored


INPLACE_2 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="ko" trgLang="en">
  <file id="f1" original="statement.html">
    <unit id="u1">
      <originalData><data id="d1">&lt;br/&gt;</data></originalData>
      <segment id="s1"><source>{one}</source></segment>
      <ignorable><source> </source></ignorable>
      <segment><source>{two}</source></segment>
    </unit>
    <unit id="u2">
      <notes><note>From the client.</note></notes>
      <segment state="final"><source>{new}</source><target>Ours.</target></segment>
    </unit>
  </file>
</xliff>
"""


def test_an_xliff2_document_is_filled_in_place(db, tmp_path):
    from xliff_schemas import validate

    path = tmp_path / "job.xlf"
    path.write_text(INPLACE_2.format(one=KO[1], two=EDITED_KO, new=NEW_KO), encoding="utf-8")
    out = tmp_path / "job.pre.xlf"
    result = json.loads(kotm(db, "pretranslate", str(path), "-o", str(out), "--json").stdout)
    assert result["in_place"] and result["format"] == "xliff2"
    assert result["counts"]["exact"] == 1 and result["counts"]["fuzzy"] == 1 and result["counts"]["kept"] == 1
    assert validate(out) == []
    ns = {"x": XLIFF2_NS, "mtc": MTC_NS}
    tree = etree.parse(str(out))
    u1 = tree.find(".//x:unit[@id='u1']", ns)
    assert [etree.QName(c).localname for c in u1] == [
        "matches",
        "notes",
        "originalData",
        "segment",
        "ignorable",
        "segment",
    ]
    segs = u1.findall("x:segment", ns)
    assert [s.findtext("x:target", namespaces=ns) for s in segs] == [EN[1], EN[3]]
    assert [s.get("state") for s in segs] == ["translated", "initial"]
    refs = {m.get("ref") for m in u1.findall("mtc:matches/mtc:match", ns)}
    assert refs == {"#s1", f"#{segs[1].get('id')}"}
    u2 = tree.find(".//x:unit[@id='u2']", ns)
    assert u2.findtext("x:notes/x:note", namespaces=ns) == "From the client."
    assert u2.findtext("x:segment/x:target", namespaces=ns) == "Ours."


OKAPI = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
<file original="doc.html" source-language="ko" target-language="en" datatype="html">
<body>
<trans-unit id="1">
<source>{a} {b}</source>
<seg-source><mrk mtype="seg" mid="0">{a}</mrk> <x id="1"/><mrk mtype="seg" mid="1">{b}</mrk></seg-source>
</trans-unit>
<trans-unit id="2">
<source>{c}</source>
</trans-unit>
</body>
</file>
</xliff>
"""


def test_an_okapi_segmented_file_never_gives_back_a_fuzzy_match_as_confirmed(db, tmp_path):
    """Okapi's segmented units have no per-segment states: the target's state is the weakest segment's, and what
    lies between the segments (a space, a code) stays in the target."""
    from xliff_schemas import validate

    path = tmp_path / "doc.xlf"
    path.write_text(OKAPI.format(a=KO[1], b=EDITED_KO, c="협력은 계속됩니다."), encoding="utf-8")
    out = tmp_path / "pre.xlf"
    result = json.loads(kotm(db, "pretranslate", str(path), "-o", str(out), "--json").stdout)
    assert result["in_place"] and result["counts"]["exact"] == 1 and result["counts"]["fuzzy"] == 1
    assert validate(out) == []
    ns = {"x": XLIFF12_NS}
    tree = etree.parse(str(out))
    target = tree.find(".//x:trans-unit[@id='1']/x:target", ns)
    assert target.get("state") == "needs-review-translation"
    assert [m.text for m in target.findall("x:mrk", ns)] == [EN[1], EN[3]]
    assert target.find("x:x", ns) is not None and target.find("x:mrk", ns).tail == " "
    # A segment without a match gets its glossary terms all the same, and no target.
    unmatched = tree.find(".//x:trans-unit[@id='2']", ns)
    assert unmatched.find("x:target", ns) is None
    assert "glossary: 협력 = cooperation; cooperate" in [n.text for n in unmatched.findall("x:note", ns)]
    dry = json.loads(kotm(db, "import", str(out), "--dry-run", "--json").stdout)
    assert dry["totals"]["added"] == 0  # the exact one is stored, the fuzzy one not confirmed


def test_two_files_with_the_same_ids_make_one_valid_new_file(db, tmp_path):
    """An XLIFF 2 document of two <file>s that use the same unit ids, written as a new XLIFF 1.2 file (one <file>):
    the ids are made unique, and the file is valid."""
    from xliff_schemas import validate

    one = '<file id="{n}"><unit id="u1"><segment><source>{text}</source></segment></unit></file>'
    path = tmp_path / "two.xlf"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0"'
        ' srcLang="ko" trgLang="en">' + one.format(n="f1", text=KO[1]) + one.format(n="f2", text=NEW_KO) + "</xliff>",
        encoding="utf-8",
    )
    result = json.loads(
        kotm(db, "pretranslate", str(path), "-o", str(tmp_path / "new.xlf"), "--format", "xliff", "--json").stdout
    )
    assert not result["in_place"] and result["segments"] == 2
    assert validate(tmp_path / "new.xlf") == []
    ids = [tu.get("id") for tu in etree.parse(str(tmp_path / "new.xlf")).iter(f"{{{XLIFF12_NS}}}trans-unit")]
    assert ids == ["u1", "f2-u1"]


def test_a_new_xliff_keeps_the_inline_codes_of_the_sources(db, tmp_path):
    """Written as a new file (the other version of XLIFF, or from a TMX document), a source keeps its codes:
    XLIFF 1.2 bpt/ept/ph/it with the native code, XLIFF 2.1 sc/ec/ph with it in disp; the text is unchanged."""
    from pathlib import Path

    from xliff_schemas import validate

    from kotm.formats import open_input, xliff

    path = Path(__file__).parent / "data" / "xliff" / "statement.ko-en.xlf"
    out2 = tmp_path / "new.xlf2"
    kotm(db, "pretranslate", str(path), "-o", str(out2))
    assert validate(out2) == []
    ns = {"x": XLIFF2_NS}
    sources = etree.parse(str(out2)).findall(".//x:segment/x:source", ns)
    codes = {etree.QName(c).localname for s in sources for c in s}
    assert {"sc", "ec", "ph"} <= codes
    # Read back, the plain text of each source is the document's.
    with open_input(path) as stream:
        before = [u.source for u in xliff.read_document(stream)]
    with open_input(out2) as stream:
        after = [u.source for u in xliff.read_document(stream)]
    assert after == before
    tmx = tmp_path / "doc.tmx"
    tmx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="x" creationtoolversion="1"'
        ' segtype="sentence" o-tmf="x" adminlang="en" srclang="ko" datatype="html"/><body><tu><tuv xml:lang="ko">'
        '<seg>양국은 <bpt i="1">&lt;b&gt;</bpt>협력<ept i="1">&lt;/b&gt;</ept>을 강화한다.<ph>&lt;br/&gt;</ph></seg>'
        "</tuv></tu></body></tmx>",
        encoding="utf-8",
    )
    out1 = tmp_path / "new.xlf"
    kotm(db, "pretranslate", str(tmx), "-o", str(out1))
    assert validate(out1) == []
    source = etree.parse(str(out1)).find(f".//{{{XLIFF12_NS}}}source")
    assert [etree.QName(c).localname for c in source] == ["bpt", "ept", "ph"]
    assert source[0].text == "<b>" and "".join(source.itertext()).startswith("양국은 <b>협력")
    out3 = tmp_path / "new.tmx"
    kotm(db, "pretranslate", str(tmx), "-o", str(out3))
    assert '<seg>양국은 <bpt i="1">&lt;b&gt;</bpt>협력' in out3.read_text(encoding="utf-8")
