"""Tests for ``kotm align`` on the summit statement and its English version in tests/data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kotm.cli import cli

DATA = Path(__file__).parent / "data"
KO = str(DATA / "summit-statement.ko.txt")
EN = str(DATA / "summit-statement.en.txt")


@pytest.fixture
def db(tmp_path, monkeypatch) -> Path:
    """An empty database of the test's own, with the two glossary terms the statement's hard links need."""
    path = tmp_path / "kotm.db"
    monkeypatch.setenv("KOTM_DB", str(path))
    monkeypatch.setenv("KOTM_USER", "tester")
    run("init", "--empty")
    run("add-term", "알마티 순환도로", "Almaty Ring Road")
    run("add-term", "수형자이송조약", "Treaty on the Transfer of Sentenced Persons")
    return path


def run(*args: str, ok: bool = True):
    result = CliRunner().invoke(cli, list(args))
    if ok:
        assert result.exit_code == 0, result.output + result.stderr
    return result


def segments(path: Path) -> list[dict]:
    from kotm.store import open_db

    return list(open_db(path).query("SELECT ko, en, source, creator FROM segments ORDER BY id"))


def test_align_json(db):
    links = json.loads(run("align", KO, EN, "--json").stdout)
    assert {"ko", "en", "type", "confidence", "flagged"} == set(links[0])
    types = [link["type"] for link in links]
    assert types.count("1-2") == 1 and types.count("2-1") == 1
    split = next(link for link in links if link["type"] == "1-2")
    assert split["ko"].startswith("알마티 순환도로는") and split["en"].startswith("The Almaty Ring Road")
    merged = next(link for link in links if link["type"] == "2-1")
    assert merged["ko"] == "정말 큰 힘이 되었습니다. 감사드립니다."
    assert not segments(db)  # nothing written without --add


def test_align_table(db):
    result = run("align", KO, EN)
    assert "1-2" in result.stdout and "The Almaty Ring Road" in result.stdout
    assert "44 Korean and 44 English sentences" in result.stderr
    assert "paragraph by paragraph" in result.stderr


def test_add_writes_only_confident_links(db):
    links = json.loads(run("align", KO, EN, "--json", "--min-confidence", "0.97").stdout)
    confident = [(lk["ko"], lk["en"]) for lk in links if not lk["flagged"] and lk["type"] not in ("1-0", "0-1")]
    assert 0 < len(confident) < len(links)
    result = run("align", KO, EN, "--add", "--min-confidence", "0.97")
    assert f"Added {len(confident)} segments" in result.stderr
    assert "not added, for review" in result.stderr
    rows = segments(db)
    assert [(r["ko"], r["en"]) for r in rows] == confident
    assert {r["source"] for r in rows} == {"summit-statement.ko.txt+summit-statement.en.txt"}
    assert {r["creator"] for r in rows} == {"tester"}
    again = run("align", KO, EN, "--add", "--min-confidence", "0.97", "--source", "x")
    assert f"({len(confident)} already there)" in again.stderr


def test_output_tsv_and_tmx(db, tmp_path):
    tsv = tmp_path / "links.tsv"
    run("align", KO, EN, "--output", str(tsv), "--json")
    lines = tsv.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "ko\ten\ttype\tconfidence\tflagged"
    assert len(lines) == 1 + 43
    tmx = tmp_path / "links.tmx"
    result = run("align", KO, EN, "-o", str(tmx))
    assert "Wrote 43 links" in result.stderr
    from lxml import etree

    tree = etree.parse(str(tmx))
    assert len(tree.findall(".//tu")) == 43
    assert tree.find(".//tu/prop[@type='x-source']").text == "summit-statement.ko.txt+summit-statement.en.txt"


def test_output_unknown_extension(db, tmp_path):
    result = run("align", KO, EN, "-o", str(tmp_path / "links.csv"), ok=False)
    assert result.exit_code == 1 and "use .tsv or .tmx" in result.stderr


def test_crlf_and_bom_and_utf16(db, tmp_path):
    ko = tmp_path / "ko.txt"
    en = tmp_path / "en.txt"
    ko.write_bytes(b"\xef\xbb\xbf" + Path(KO).read_text(encoding="utf-8").replace("\n", "\r\n").encode())
    en.write_bytes(Path(EN).read_text(encoding="utf-8").encode("utf-16"))
    links = json.loads(run("align", str(ko), str(en), "--json").stdout)
    assert len(links) == 43


@pytest.mark.parametrize(
    ("ko", "en", "message"),
    [
        (b"", None, "is empty"),
        (None, b"\n \n", "is empty"),
        (b"\x00\x01\x02binary\xff", None, "binary"),
        ("한국어".encode("cp949"), None, "not UTF-8"),
        (b"Korea and Kazakhstan.", None, "holds no Korean"),
    ],
)
def test_bad_input(db, tmp_path, ko, en, message):
    ko_path, en_path = tmp_path / "ko.txt", tmp_path / "en.txt"
    ko_path.write_bytes(ko if ko is not None else Path(KO).read_bytes())
    en_path.write_bytes(en if en is not None else Path(EN).read_bytes())
    result = run(
        "align",
        str(ko_path),
        str(en_path),
        "--add",
        "-o",
        str(tmp_path / "out.tsv"),
        ok=False,
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out.tsv").exists()
    assert not segments(db)


def test_missing_file(db, tmp_path):
    result = run("align", str(tmp_path / "nope.txt"), EN, ok=False)
    assert result.exit_code == 2 and "does not exist" in result.stderr


def test_help_does_not_import_the_aligner():
    import subprocess
    import sys

    code = "import sys, kotm.cli; print(sorted(m for m in sys.modules if m.startswith(('kiwipiepy', 'kotm.tm'))))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.fixture
def shared_dir() -> Path:
    shared = Path(__file__).resolve().parents[1].parent / "shared"
    if not shared.is_dir():
        pytest.skip("../shared is not present")
    return shared


def test_seed_statement_is_the_test_korean(shared_dir):
    seed = (shared_dir / "seed" / "000_8c94093c014cda40.txt").read_text(encoding="utf-8")
    assert Path(KO).read_text(encoding="utf-8").strip() in seed


def test_add_skips_and_counts_links_it_cannot_store(db, tmp_path):
    ko, en = tmp_path / "a.ko.txt", tmp_path / "a.en.txt"
    ko.write_text("양국은 협력을 강화하기로 했다.\n\n.\n", encoding="utf-8")
    en.write_text("The two countries agreed to strengthen cooperation.\n\n.\n", encoding="utf-8")
    result = run("align", str(ko), str(en), "--add")
    assert "Added 1 segment to" in result.stderr
    assert "skipped 1 that cannot be stored: #2 (the Korean text holds no Hangul)" in result.stderr
    assert [s["ko"] for s in segments(db)] == ["양국은 협력을 강화하기로 했다."]


def test_without_a_database_the_builtin_glossary_anchors_the_alignment(tmp_path, monkeypatch):
    monkeypatch.setenv("KOTM_DB", str(tmp_path / "fresh.db"))
    before = run("align", KO, EN, "--json").stdout
    assert not (tmp_path / "fresh.db").exists()  # align alone creates no database
    run("init")
    assert run("align", KO, EN, "--json").stdout == before


def test_align_review_tsv_imports_back_with_its_quotes(db, tmp_path):
    """align → review in a spreadsheet → import: one TSV dialect, so quotation marks come back as they were."""
    ko, en = tmp_path / "a.ko.txt", tmp_path / "a.en.txt"
    ko.write_text("그는 \"안녕하세요\"라고 말했다. 양국은 '협력'을 강화한다.\n", encoding="utf-8")
    en.write_text('He said "hello". The two countries strengthen "cooperation".\n', encoding="utf-8")
    review = tmp_path / "review.tsv"
    run("align", str(ko), str(en), "--output", str(review))
    result = CliRunner().invoke(cli, ["import", str(review), "--json"])
    assert result.exit_code == 0, result.output
    stored = {(s["ko"], s["en"]) for s in json.loads(CliRunner().invoke(cli, ["list", "--json"]).stdout)}
    assert ('그는 "안녕하세요"라고 말했다.', 'He said "hello".') in stored
    assert ("양국은 '협력'을 강화한다.", 'The two countries strengthen "cooperation".') in stored
