"""Both directions, and files that go back to the tools they came from (issue 16), through the commands a user runs.

Each test is one line of the issue's "What a new user saw", run on the real files of ../shared/corpora/.
"""

from __future__ import annotations

import json
import lzma
import shutil
import subprocess

import polib
import pytest
from click.testing import CliRunner
from lxml import etree

from kotm.cli import cli


def run(*args, input=None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input)


@pytest.fixture
def empty_db(db_path):
    assert run("init", "--empty").exit_code == 0
    return db_path


@pytest.fixture
def editor_po(shared):
    return shared / "corpora/po/godot-editor-l10n/editor.ko.po"


def test_a_godot_po_goes_back_with_its_direction_plurals_flags_and_references(empty_db, editor_po, tmp_path):
    result = run("import", editor_po, "--source", "godot-editor", "--include-fuzzy")
    assert result.exit_code == 0, result.output
    out = tmp_path / "back.po"
    result = run("export", out, "--source", "godot-editor")  # the direction the units came in: English source
    assert result.exit_code == 0, result.output
    back = polib.pofile(str(out))
    assert back.metadata["Language"] == "ko" and back.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    original = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(editor_po)) if e.msgstr or e.msgstr_plural}
    exported = {(e.msgctxt, e.msgid): e for e in back}
    assert set(exported) <= set(original)
    plural = [e for e in exported.values() if e.msgid_plural]
    assert len(plural) >= 30  # the file has 34 plural entries, 3 of them untranslated
    for key, entry in exported.items():
        was = original[key]
        assert entry.occurrences == was.occurrences, key  # the file's own #: references, not kotm ids
        assert entry.msgid_plural == was.msgid_plural and entry.msgstr_plural == was.msgstr_plural
        assert set(entry.flags) == set(was.flags), key
    assert any("fuzzy" in e.flags for e in exported.values())  # --include-fuzzy: kept as fuzzy, not confirmed
    assert not any(o[0].isdigit() for e in exported.values() for o in e.occurrences)
    if shutil.which("msgfmt"):
        subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(out)], check=True)


def test_fuzzy_po_entries_are_left_out_unless_asked(empty_db, editor_po):
    fuzzy = sum(1 for e in polib.pofile(str(editor_po)) if "fuzzy" in e.flags and e.msgstr)
    assert fuzzy > 0
    plain = json.loads(run("import", editor_po, "--json", "--dry-run").stdout)["files"][0]
    asked = json.loads(run("import", editor_po, "--json", "--dry-run", "--include-fuzzy").stdout)["files"][0]
    assert asked["added"] - plain["added"] >= fuzzy - 5  # a few fuzzy entries repeat a confirmed pair


def test_an_omegat_glossary_goes_into_the_glossary_saying_so(empty_db, shared):
    glossary = shared / "corpora/glossary/lean4game-ko.glossary.txt"
    result = run("import", glossary)
    assert result.exit_code == 0, result.output
    assert "an OmegaT glossary: imported into the glossary" in result.stderr
    stats = json.loads(run("stats", "--json").stdout)
    assert stats["segments"] == 0 and stats["terms"] > 150
    assert run("undo", "--yes").exit_code == 0
    again = json.loads(run("import", glossary, "--into", "segments", "--json").stdout)
    assert again["files"][0]["kind"] == "segments" and again["files"][0]["note"] == ""


def test_tsv_rows_that_do_not_fit_are_named_not_cut(empty_db, tmp_path):
    bad = tmp_path / "g.tsv"
    bad.write_text('"공동\t선언문"\t"joint\tdeclaration"\n협력\tcooperation\n', encoding="utf-8")
    result = run("import", bad, "--terms")
    assert result.exit_code == 1 and "g.tsv:1:" in result.stderr and "4 fields" in result.stderr
    assert json.loads(run("stats", "--json").stdout)["terms"] == 0  # nothing stored
    result = run("import", bad, "--terms", "--skip-bad-rows", "--json")
    data = json.loads(result.stdout)["files"][0]
    assert data["added"] == 1 and data["skipped"] == 1
    # Without a header, a third column is OmegaT's comment: kept as the note, not dropped.
    plain = tmp_path / "omegat.tsv"
    plain.write_text("교류\texchange\tAlso: exchanges.\n", encoding="utf-8")
    run("import", plain, "--terms")
    assert [t["note"] for t in json.loads(run("term", "교류", "--json").stdout)] == ["Also: exchanges."]


def test_line_aligned_pairs_and_xz(empty_db, shared, tmp_path):
    ko = shared / "corpora/plain/ntrex128-newstest2019.ko"
    en = shared / "corpora/plain/ntrex128-newstest2019.en"
    result = run("import", "--pair", ko, en, "--source-lang", "en", "--json")
    assert result.exit_code == 0, result.output
    lines = sum(1 for _ in ko.open(encoding="utf-8"))
    data = json.loads(result.stdout)["files"][0]
    assert data["format"] == "pair" and data["read"] + data["skipped"] == lines
    unit = json.loads(run("list", "--json", "--limit", "1").stdout)[0]
    assert unit["source_lang"] == "en" and unit["source"] == f"{ko.name}+{en.name}"
    short = tmp_path / "short.en"
    short.write_text("One line.\n", encoding="utf-8")
    result = run("import", "--pair", ko, short)
    assert result.exit_code == 1 and f"{lines} lines" in result.stderr and "1" in result.stderr
    xz = shared / "corpora/derived/python-docs-ko-3.13.en-ko.tsv.xz"
    with lzma.open(xz, "rt", encoding="utf-8") as f:
        assert next(f)  # a real xz file
    result = run("import", xz, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["files"][0]["added"] > 1000


def test_an_en_ko_tmx_keeps_english_as_its_source(empty_db, shared, tmp_path):
    tmx = shared / "corpora/tmx/omegat-l10n-ko.project_save.tmx"
    assert b'srclang="en' in tmx.read_bytes()[:2000].replace(b"EN", b"en")
    assert run("import", tmx).exit_code == 0
    out = tmp_path / "back.tmx"
    assert run("export", out).exit_code == 0  # the direction most units have: English
    doc = etree.parse(str(out))
    assert doc.find("header").get("srclang") == "en"
    first = doc.find(".//tu")
    assert first.findall("tuv")[0].get("{http://www.w3.org/XML/1998/namespace}lang").startswith("en")
    assert etree.DTD(str(shared / "formats/tmx/tmx14.dtd")).validate(doc)
    assert etree.XMLSchema(etree.parse(str(shared / "formats/tmx/omegat-tmx14.xsd"))).validate(doc)
    ko_first = tmp_path / "ko.tmx"
    assert run("export", ko_first, "--source-lang", "ko").exit_code == 0
    assert etree.parse(str(ko_first)).find("header").get("srclang") == "ko"


def test_glossaries_export_in_either_column_order(db_path, tmp_path):
    for lang, first in (("ko", "협력"), ("en", "cooperation")):
        for ext in ("tsv", "csv"):
            out = tmp_path / f"g-{lang}.{ext}"
            result = run("export", out, "--terms", "--query", "협력", "--source-lang", lang)
            assert result.exit_code == 0, result.output
            lines = out.read_text(encoding="utf-8").splitlines()
            assert any(line.startswith(first) for line in lines[1:]), (lang, ext, lines[:3])


def test_add_and_list_show_the_direction(db_path):
    assert run("add-segment", "설정을 저장합니다.", "Saves the settings.", "--source-lang", "en").exit_code == 0
    listed = run("list", "--limit", "1").stdout
    assert "en→ko" in listed
    hit = json.loads(run("search", "설정을 저장", "--json").stdout)[0]
    assert hit["source_lang"] == "en"
    entry = json.loads(
        run("history", "--change", json.loads(run("history", "--json").stdout)[0]["change"], "--json").stdout
    )
    assert entry[0]["after"]["source_lang"] == "en"


def test_a_fuzzy_po_entry_is_offered_as_a_draft_never_as_confirmed(empty_db, tmp_path):
    po = tmp_path / "ui.ko.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: ko\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, fuzzy\nmsgid "Save the project settings"\nmsgstr "프로젝트 설정 저장"\n\n'
        'msgid "Open the project settings"\nmsgstr "프로젝트 설정 열기"\n',
        encoding="utf-8",
    )
    assert run("import", po, "--include-fuzzy").exit_code == 0
    matches = json.loads(run("match", "Save the project settings", "--json").stdout)["matches"]
    assert [(m["en"], m["draft"]) for m in matches][:2] == [
        ("Save the project settings", True),
        ("Open the project settings", False),
    ]
    assert "100 (draft)" in run("match", "Save the project settings").stdout
    out = tmp_path / "back.po"
    assert run("export", out).exit_code == 0
    assert [e.msgid for e in polib.pofile(str(out)) if "fuzzy" in e.flags] == ["Save the project settings"]
