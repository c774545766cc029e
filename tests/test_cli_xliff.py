"""kotm import and kotm check of XLIFF files, through CliRunner: states, directions, SDLXLIFF segments, XLIFF 2,
inline codes through to a TMX export, and bad input."""

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from kotm.cli import cli

DATA = Path(__file__).parent / "data" / "xliff"


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)))


def rows(empty_db_path):
    conn = sqlite3.connect(empty_db_path)
    conn.row_factory = sqlite3.Row
    found = [dict(r) for r in conn.execute("SELECT * FROM segments ORDER BY id")]
    conn.close()
    return found


def snapshot(empty_db_path):
    conn = sqlite3.connect(empty_db_path)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
    data = {t: conn.execute(f"SELECT * FROM [{t}]").fetchall() for t in tables if "_fts_" not in t or "config" in t}
    conn.close()
    return data


def imported(*args):
    result = run("import", *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_import_reports_states_skipped_like_other_skips(empty_db_path):
    result = run("import", DATA / "statement.ko-en.xlf")
    assert result.exit_code == 0, result.output
    assert "statement.ko-en.xlf  xliff     segments  4       4        0           4" in result.stdout
    assert (
        f"{DATA / 'statement.ko-en.xlf'}: skipped 1: state needs-review-translation not taken (--states) "
        "(first at line 22)" in result.stderr
    )
    data = imported(DATA / "statement.ko-en.xlf", "--dry-run")
    assert data["files"][0]["reasons"] == [
        {"reason": 'not for translation (translate="no")', "count": 1, "first_line": 34},
        {"reason": "state needs-review-translation not taken (--states)", "count": 1, "first_line": 22},
        {"reason": "state x-checked not taken (--states)", "count": 1, "first_line": 37},
        {"reason": "untranslated (no <target>, or an empty one)", "count": 1, "first_line": 26},
    ]


def test_states_option(empty_db_path):
    data = imported(DATA / "statement.ko-en.xlf", "--states", "needs-review-translation,x-checked")
    assert data["totals"]["added"] == 2
    assert {r["en"] for r in rows(empty_db_path)} == {
        "The fields of cooperation are health care and  digital.",  # the image's spaces, as TMX import keeps them
        "The two leaders discussed the New Northern Policy.",
    }
    # SDLXLIFF's confirmation levels and memoQ's statuses, any case; several files at once
    data = imported(
        DATA / "statement.en-ko.sdlxliff", DATA / "manual.en-ko.mqxliff", "--states", "approvedsignoff,PROOFREAD"
    )
    assert [f["added"] for f in data["files"]] == [1, 0]


def test_unknown_state_is_a_usage_error_and_nothing_changes(empty_db_path):
    before = snapshot(empty_db_path)
    result = run("import", DATA / "summit.ko-en.xlf", "--states", "translated,finished")
    assert result.exit_code == 2
    assert "Invalid value for --states: unknown XLIFF state finished (XLIFF 1.2: new," in result.stderr
    result = run("import", DATA / "summit.ko-en.xlf", "--states", ",")
    assert result.exit_code == 2 and "at least one state" in result.stderr
    assert snapshot(empty_db_path) == before


def test_states_without_an_xliff_file_is_a_usage_error(empty_db_path, tmp_path):
    tmx = tmp_path / "a.tmx"
    tmx.write_text(
        '<tmx version="1.4"><header srclang="ko"/><body><tu><tuv xml:lang="ko"><seg>협력</seg></tuv>'
        '<tuv xml:lang="en"><seg>cooperation</seg></tuv></tu></body></tmx>',
        encoding="utf-8",
    )
    result = run("import", tmx, "--states", "final")
    assert result.exit_code == 2 and "none of FILES is one" in result.stderr
    # with an XLIFF file among them, the TMX file is imported whole
    data = imported(tmx, DATA / "glossary-app.en-ko.xliff", "--states", "final")
    assert [f["added"] for f in data["files"]] == [1, 0]


def test_directions_from_the_file(empty_db_path, tmp_path):
    imported(DATA / "statement.ko-en.xlf", DATA / "statement.en-ko.sdlxliff")
    found = rows(empty_db_path)
    assert [(r["source_lang"], r["source"]) for r in found] == [("ko", "summit-statement.html")] * 4 + [
        ("en", "press-statement.docx")
    ] * 3
    # an export of the en→ko units alone is an en→ko TMX
    out = tmp_path / "en-ko.tmx"
    result = run("export", out, "--source", "press-statement.docx")
    assert result.exit_code == 0, result.output
    root = etree.parse(str(out)).getroot()
    assert root.find("header").get("srclang") == "en"
    first = root.find("body/tu")
    assert [t.get("{http://www.w3.org/XML/1998/namespace}lang") for t in first.iterfind("tuv")] == ["en", "ko"]


def test_sdlxliff_imports_each_confirmed_mrk(empty_db_path):
    data = imported(DATA / "statement.en-ko.sdlxliff")
    assert data["files"][0]["added"] == 3
    found = rows(empty_db_path)
    assert [json.loads(r["props"])["xliff:id"][-3:] for r in found] == ["2/1", "2/2", "3/4"]
    assert found[2]["ko"] == "양측은 문화와 교육 분야의 교류를 강화할 것입니다."


def test_xliff_2_imports_each_segment(empty_db_path):
    data = imported(DATA / "summit.ko-en.xlf")
    assert data["files"][0]["added"] == 4
    assert [r["ko"] for r in rows(empty_db_path)] == [
        "대통령은 카자흐스탄을 국빈 방문했습니다.",
        "두 정상은 공동 성명을 채택했습니다.",
        "양국은 에너지 협력을 강화합니다.",
        "협력은 계속됩니다.",
    ]
    again = imported(DATA / "summit.ko-en.xlf")
    assert again["totals"] == {"read": 4, "added": 0, "existing": 4, "skipped": 4}


def test_inline_codes_survive_into_a_valid_tmx(empty_db_path, tmp_path, shared):
    imported(*sorted(DATA.iterdir()))
    out = tmp_path / "y.tmx"
    result = run("export", out)
    assert result.exit_code == 0, result.output
    document = etree.parse(str(out))
    dtd = etree.DTD(str(shared / "formats/tmx/tmx14.dtd"))
    assert dtd.validate(document), dtd.error_log
    segs = {etree.tostring(seg, encoding="unicode", with_tail=False) for seg in document.iterfind("body/tu/tuv/seg")}
    assert (
        '<seg>양국은 <bpt i="1" x="1" type="bold">&lt;g id="1" ctype="bold"&gt;</bpt>전략적 동반자 관계'
        '<ept i="1">&lt;/g&gt;</ept>를 한층 강화하기로 했습니다.</seg>'
    ) in segs
    assert (
        '<seg>The two countries strengthen <bpt i="1" x="3" type="fmt">&lt;sc id="3" type="fmt" subType="xlf:b"/&gt;'
        '</bpt>energy cooperation<ept i="1">&lt;ec startRef="3"/&gt;</ept>.</seg>'
    ) in segs
    assert sum("<bpt" in s or "<ph" in s or "<it" in s for s in segs) == 20


def test_confirmed_segments_of_a_pretranslated_file_and_no_more(empty_db_path, tmp_path):
    """A pretranslated file marks its matches for review; the translator confirms two (translated, signed-off) and
    leaves one for review: the import adds exactly the two."""
    units = [
        ("1", "양국은 협력을 강화합니다.", "The two countries strengthen cooperation.", "translated"),
        ("2", "정상회담이 열렸습니다.", "The summit was held.", "needs-review-translation"),
        ("3", "공동 성명을 채택했습니다.", "They adopted a joint statement.", "signed-off"),
        ("4", "감사합니다.", "", "new"),
    ]
    body = "".join(
        f'<trans-unit id="{n}"><source>{ko}</source><target state="{state}" state-qualifier="leveraged-tm">{en}'
        "</target></trans-unit>"
        for n, ko, en, state in units
    )
    path = tmp_path / "work.ko-en.xlf"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        f'<file original="work.txt" source-language="ko" target-language="en" datatype="plaintext"><body>{body}'
        "</body></file></xliff>",
        encoding="utf-8",
    )
    data = imported(path)
    assert data["totals"] == {"read": 2, "added": 2, "existing": 0, "skipped": 2}
    assert [(r["ko"], r["en"], r["source"]) for r in rows(empty_db_path)] == [
        ("양국은 협력을 강화합니다.", "The two countries strengthen cooperation.", "work.txt"),
        ("공동 성명을 채택했습니다.", "They adopted a joint statement.", "work.txt"),
    ]


@pytest.mark.parametrize(
    "content, message",
    [
        ("not XML at all\n", "bad.xlf:1: not well-formed XML: "),
        (
            '<?xml version="1.0"?>\n<xliff version="1.0">\n<file source-language="ko" target-language="en"/></xliff>',
            'bad.xlf:2: not XLIFF 1.2 (or 1.1) and 2.0–2.2: <xliff version="1.0"> has no namespace',
        ),
        (
            '<?xml version="1.0"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="3.0" srcLang="ko"/>',
            'bad.xlf:2: XLIFF version "3.0" is not read (kotm reads XLIFF 1.2 (or 1.1) and 2.0–2.2)',
        ),
        (
            '<?xml version="1.0"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
            '<file original="a" source-language="en" target-language="ja"><body><trans-unit id="1"><source>Hi'
            '</source><target state="final">やあ</target></trans-unit></body></file></xliff>',
            "bad.xlf:3: no Korean–English <file> in this XLIFF (the first is en→ja)",
        ),
    ],
)
def test_bad_input_is_one_line_and_nothing_is_imported(empty_db_path, tmp_path, content, message):
    good = tmp_path / "good.xlf"
    shutil.copy(DATA / "statement.ko-en.xlf", good)
    bad = tmp_path / "bad.xlf"
    bad.write_text(content, encoding="utf-8")
    before = snapshot(empty_db_path)
    result = run("import", good, bad)
    assert result.exit_code == 1
    error = result.stderr.strip()
    assert error.startswith(f"Error: {tmp_path / message}"), error
    assert "\n" not in error and "Traceback" not in result.output
    assert snapshot(empty_db_path) == before


def test_check_reads_xliff_with_lines(empty_db_path):
    result = run("check", DATA / "statement.ko-en.xlf", "--json")
    assert result.exit_code == 1  # a finding
    findings = json.loads(result.stdout)
    assert [(f["check"], f["line"]) for f in findings] == [("untranslated", 26)]
    result = run("check", DATA / "summit.ko-en.xlf", "--checks", "untranslated")
    assert result.exit_code == 1 and "summit.ko-en.xlf:57" in result.stdout


def test_a_big_file_read_in_a_second_process_takes_the_states_too(empty_db_path, tmp_path):
    """From 2 MB on, a file is read in a second process: --states must reach it."""
    from kotm.importer import READ_APART_FROM

    states = ("translated", "needs-review-translation")
    body = "".join(
        f'<trans-unit id="{n}"><source>협력 사업 번호 {n}을 검토합니다.</source>'
        f'<target state="{states[n % 2]}">We review cooperation project number {n}.</target></trans-unit>\n'
        for n in range(16_000)
    )
    path = tmp_path / "big.xlf"
    path.write_text(
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="big.txt" '
        f'source-language="ko" target-language="en"><body>\n{body}</body></file></xliff>',
        encoding="utf-8",
    )
    assert path.stat().st_size >= READ_APART_FROM
    data = imported(path)
    assert data["totals"] == {"read": 8_000, "added": 8_000, "existing": 0, "skipped": 8_000}
    data = imported(path, "--states", "needs-review-translation")
    assert data["totals"] == {"read": 8_000, "added": 8_000, "existing": 0, "skipped": 8_000}
    assert len(rows(empty_db_path)) == 16_000
