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
        assert validate(out) == []
