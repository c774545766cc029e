"""kotm import and the export extensions, through CliRunner."""

import json
import sqlite3

import pytest
from click.testing import CliRunner

from kotm.cli import cli

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="ko"/><body>
{}
</body></tmx>"""


def tu(ko, en):
    return f'<tu><tuv xml:lang="ko"><seg>{ko}</seg></tuv><tuv xml:lang="en"><seg>{en}</seg></tuv></tu>'


def run(*args):
    result = CliRunner().invoke(cli, list(map(str, args)))
    return result


def snapshot(empty_db_path):
    """Every row of every table: what 'the database is exactly as it was' means."""
    conn = sqlite3.connect(empty_db_path)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
    # The index's own tables aside, but not their settings (a bulk import turns merging off while it writes).
    data = {t: conn.execute(f"SELECT * FROM [{t}]").fetchall() for t in tables if "_fts_" not in t or "config" in t}
    conn.close()
    return data


def test_import_tmx_reports_added_existing_and_skipped(empty_db_path, tmp_path):
    path = tmp_path / "a.tmx"
    body = "\n".join(
        [
            tu("협력", "cooperation"),
            tu("협력", "cooperation"),
            tu("CPU", "CPU"),
            tu("정상", "summit"),
        ]
    )
    path.write_text(TMX.format(body), encoding="utf-8")
    result = run("import", path, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["totals"] == {"read": 3, "added": 2, "existing": 1, "skipped": 1}
    assert data["files"][0]["reasons"] == [{"reason": "Korean text holds no Hangul", "count": 1, "first_line": 5}]
    assert result.stderr == ""  # no progress bar without a terminal
    again = json.loads(run("import", path, "--json").stdout)
    assert again["totals"]["added"] == 0 and again["totals"]["existing"] == 3
    table = run("import", path)
    # Counts go to stderr, the table alone to stdout.
    assert "skipped 1: Korean text holds no Hangul (first at line 5)" in table.stderr
    assert "skipped 1:" not in table.stdout
    hits = json.loads(run("search", "협력", "--json").stdout)
    assert hits[0]["source"] == "a.tmx"


def test_source_option_and_terms(empty_db_path, tmp_path):
    path = tmp_path / "g.tsv"
    path.write_text("ko\ten\tdomain\n협력\tcooperation\tdiplomacy\n", encoding="utf-8")
    result = run("import", path, "--terms", "--source", "memo-2024")
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(empty_db_path)
    assert conn.execute("SELECT ko, en, domain, source FROM terms").fetchall() == [
        ("협력", "cooperation", "diplomacy", "memo-2024")
    ]


def test_tbx_goes_to_the_glossary(empty_db_path, shared):
    result = run(
        "import",
        shared / "formats/tbx/authored/kotm_ko-en_tbx2008_martif.tbx",
        "--json",
    )
    assert json.loads(result.stdout)["files"][0]["kind"] == "terms"
    assert sqlite3.connect(empty_db_path).execute("SELECT count(*) FROM terms").fetchone()[0] == 4


def test_dry_run_writes_nothing(empty_db_path, tmp_path):
    path = tmp_path / "a.tmx"
    path.write_text(TMX.format(tu("협력", "cooperation")), encoding="utf-8")
    before = snapshot(empty_db_path)
    result = run("import", path, "--dry-run")
    assert result.exit_code == 0 and "Dry run" in result.stderr
    assert snapshot(empty_db_path) == before


def test_dry_run_counts_what_would_be_added(empty_db_path, tmp_path):
    path = tmp_path / "b.tmx"
    units = [tu("협력", "cooperation"), tu("협력", "cooperation"), tu("새 문장", "a new sentence")]
    path.write_text(TMX.format("\n".join(units)), encoding="utf-8")
    run("add-segment", "협력", "cooperation")
    before = snapshot(empty_db_path)
    dry = json.loads(run("import", path, "--dry-run", "--json").stdout)
    assert snapshot(empty_db_path) == before  # nothing written, not even a history entry
    real = json.loads(run("import", path, "--json").stdout)
    assert dry["dry_run"] and (dry["totals"]["added"], dry["totals"]["existing"]) == (1, 2)
    assert (real["totals"]["added"], real["totals"]["existing"]) == (1, 2)


@pytest.fixture(params=["read here", "read apart"])
def reading(request, monkeypatch):
    """Run a test twice: files read in this process, and read in a second process as big files are."""
    import kotm.importer

    monkeypatch.setattr(kotm.importer, "READ_APART_FROM", 0 if request.param == "read apart" else 1 << 40)
    return request.param


@pytest.mark.parametrize("how", ["second file broken", "broken half-way"])
def test_a_failing_file_leaves_the_database_as_it_was(empty_db_path, tmp_path, how, reading):
    good = tmp_path / "good.tmx"
    good.write_text(
        TMX.format("\n".join(tu(f"협력 {i}", f"cooperation {i}") for i in range(3000))),
        encoding="utf-8",
    )
    bad = tmp_path / "bad.tmx"
    # 2,500 good units, then a broken one: the first batches are already inserted when the error comes
    units = [tu(f"정상 {i}", f"summit {i}") for i in range(2500)] + ['<tu><tuv xml:lang="ko"><seg>깨짐</tuv></tu>']
    bad.write_text(TMX.format("\n".join(units)), encoding="utf-8")
    run("add-segment", "기존 문장", "an existing sentence")
    before = snapshot(empty_db_path)
    files = [good, bad] if how == "second file broken" else [bad]
    result = run("import", *files)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {bad}:2503: not well-formed XML: ")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output
    assert snapshot(empty_db_path) == before


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("empty.tmx", b"", "the file is empty"),
        ("binary.po", b"\x00\x01\x02PK\x03\x04", "binary data"),
        (
            "latin1.tsv",
            "협력\tcooperation\n".encode() + b"caf\xe9\tcafe\n",
            "not valid UTF-8",
        ),
        (
            "truncated.tbx",
            b"<martif><text><body><termEntry><langSet xml:lang='ko'>",
            "not well-formed XML",
        ),
        ("memory.tmx.gz", b"\x1f\x8b\x08\x00garbage", "gzip"),
    ],
)
def test_broken_files_give_one_line(empty_db_path, tmp_path, name, content, message, reading):
    path = tmp_path / name
    path.write_bytes(content)
    result = run("import", path)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {path}") and message in result.stderr
    assert result.stderr.count("\n") == 1


def test_unknown_extension_is_an_error_before_anything_is_read(empty_db_path, tmp_path):
    path = tmp_path / "memory.xlsx"
    path.write_bytes(b"x")
    result = run("import", path)
    assert result.exit_code == 1 and "--format" in result.stderr


def test_real_corpora(empty_db_path, shared):
    paths = [
        shared / "corpora/tmx/lean4game-ko.project_save.tmx",
        shared / "corpora/tmx/omegat-l10n-ko.project_save.tmx",
        shared / "corpora/po/godot-editor-l10n/extractable.ko.po",
    ]
    data = json.loads(run("import", *paths, "--json").stdout)
    assert [f["read"] for f in data["files"]] == [126, 74, 59]
    assert data["totals"]["added"] + data["totals"]["existing"] == 259


def test_export_filters_and_formats(empty_db_path, tmp_path):
    run(
        "add-segment",
        "한국과 카자흐스탄은 협력을 강화하기로 했습니다.",
        "They agreed to cooperate.",
        "--source",
        "a",
        "--domain",
        "diplomacy",
    )
    run("add-segment", "정상회담이 열렸습니다.", "A summit was held.", "--source", "b")
    run(
        "add-segment",
        "협력하기로 했다.",
        "They agreed to work together.",
        "--source",
        "b",
    )
    for args, expected in [
        (["--query", "협력"], 2),
        (["--query", "cooperation"], 1),
        (["--source", "b"], 2),
        (["--domain", "diplomacy"], 1),
        (["--since", "2000-01-01"], 3),
        (["--since", "2999-01-01"], 0),
        (["--query", "협력", "--source", "b"], 1),
    ]:
        out = tmp_path / "out.tsv"
        result = run("export", out, *args, "--force")
        assert result.exit_code == 0, result.output
        assert len(out.read_text(encoding="utf-8").splitlines()) - 1 == expected, args
    assert run("export", tmp_path / "x.tmx", "--since", "yesterday").exit_code == 2
    for fmt in ("tbx", "csv"):
        out = tmp_path / f"glossary.{fmt}"
        assert run("export", out, "--terms").exit_code == 0


def test_help_mentions_every_option():
    result = run("import", "--help")
    for option in (
        "--format",
        "--terms",
        "--source",
        "--dry-run",
        "--json",
        "--silent",
        "--korean-side",
    ):
        assert option in result.stdout


def test_cli_import_does_not_load_parsers():
    import subprocess
    import sys

    code = "import sys, kotm.cli; print(sorted({m.split('.')[0] for m in sys.modules} & {'lxml', 'polib', 'sqlite_utils'}))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_gzipped_tmx(empty_db_path, tmp_path):
    import gzip

    path = tmp_path / "old.tmx.gz"
    path.write_bytes(gzip.compress(TMX.format(tu("협력", "cooperation")).encode()))
    data = json.loads(run("import", path, "--json").stdout)
    assert data["files"][0]["format"] == "tmx" and data["totals"]["added"] == 1


@pytest.mark.parametrize("bulk", [True, False])
def test_a_file_read_apart_gives_what_one_read_here_gives(tmp_path, monkeypatch, bulk):
    """The same files imported into two databases, read in this process and in a second one (which counts the
    keys row by row, or for a bulk import leaves them to be counted from the indexes at the end): the same rows, ids
    and report, and key counts equal to what the indexes hold."""
    import kotm.importer
    from kotm.api import create
    from kotm.importer import import_files
    from kotm.store import open_db

    units = [tu(f"협력 사업 {i}번을 추진한다", f"Project {i}.") for i in range(2500)] + [tu("협력", "cooperation")] * 3
    units.append('<tu><tuv xml:lang="en"><seg>English only</seg></tuv></tu>')
    path = tmp_path / "memory.tmx"
    path.write_text(TMX.format("\n".join(units)), encoding="utf-8")
    results = {}
    monkeypatch.setattr(kotm.importer, "_is_bulk", lambda db, path: bulk)
    for how, limit in (("here", 1 << 40), ("apart", 0)):
        monkeypatch.setattr(kotm.importer, "READ_APART_FROM", limit)
        db_file = tmp_path / f"{how}.db"
        create(db_file)  # with the built-in corpus: the import adds to keys already counted
        db = open_db(db_file)
        read, finishing = [], []

        def indexing(name, db=db, finishing=finishing):  # every unit is written by then: only the indexes remain
            finishing.append((name, db.execute("SELECT count(*) FROM segments").fetchone()[0]))

        report = import_files(db, [path], progress=read.append, indexing=indexing).to_dict()
        assert finishing == [(str(path), db["segments"].count)]
        for fts in ("segments_ko_fts", "segments_en_fts", "segments_en_keys_fts"):  # merged once for a bulk import
            db.execute(f"INSERT INTO {fts} ({fts}) VALUES ('integrity-check')")
            merging = db.execute(f"SELECT v FROM {fts}_config WHERE k = 'automerge'").fetchone()
            assert merging == ((4,) if bulk and how == "apart" else None)  # as usual again after a bulk import
        db.execute("CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, segments_ko_fts, 'row')")
        indexed = dict(db.execute("SELECT term, doc FROM temp.v WHERE doc > 0"))
        counted = dict(db.execute("SELECT key, n FROM segments_ko_keys WHERE n > 0"))
        assert counted == indexed and counted["사업"] >= 2500
        db.execute("CREATE VIRTUAL TABLE temp.w USING fts5vocab(main, segments_en_keys_fts, 'row')")
        assert dict(db.execute("SELECT term, doc FROM temp.w WHERE doc > 0")) == dict(
            db.execute("SELECT key, n FROM segments_en_keys WHERE n > 0")
        )
        rows = db.execute("SELECT id, ko, en, source, pair_key FROM segments ORDER BY id").fetchall()
        words = db.execute("SELECT key, n FROM segments_en_keys WHERE n > 0 ORDER BY key").fetchall()
        results[how] = report, rows, words, sum(read)
        db.close()
    assert results["here"] == results["apart"]
    report, rows, _, read = results["apart"]
    assert (report["totals"]["added"], report["totals"]["existing"], report["totals"]["skipped"]) == (2501, 2, 1)
    assert read == path.stat().st_size
