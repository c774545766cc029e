"""Hostile and broken input through the CLI: one line of error, a non-zero exit, and the database exactly as it was.

The readers' own tests (tests/test_formats_*.py) and tests/test_cli_import.py cover much of this at their level;
these are the cases issue 7 lists that were not yet tried end to end: attacks and broken files through ``kotm import``,
and databases kotm must refuse to use or write (not SQLite, another program's, a newer kotm's, read-only, a folder).
"""

import codecs
import ctypes
import os
import sqlite3
import subprocess
import sys

import pytest
from click.testing import CliRunner

from kotm.cli import cli
from kotm.migrations import MIGRATIONS

TU = '<tu><tuv xml:lang="ko"><seg>{ko}</seg></tuv><tuv xml:lang="en"><seg>{en}</seg></tuv></tu>'
SECRET = "TOPSECRET-7f3a"


def tmx(body: str, prolog: str = '<?xml version="1.0" encoding="UTF-8"?>') -> str:
    return f'{prolog}\n<tmx version="1.4"><header srclang="ko"/><body>\n{body}\n</body></tmx>'


def units(n: int) -> str:
    return "\n".join(TU.format(ko=f"협력 사업 {i}번", en=f"cooperation project {i}") for i in range(n))


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture
def db(db_path):
    """The database every test starts from: the built-in corpus, so that there is something to lose."""
    assert run("init").exit_code == 0
    return db_path


def dump(path) -> list[str]:
    conn = sqlite3.connect(path)
    lines = list(conn.iterdump())
    conn.close()
    return lines


def assert_one_line_error(result, *expected: str):
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.output
    for text in expected:
        assert text in result.stderr


LAUGHS = (
    '<!DOCTYPE tmx [<!ENTITY a "lollollollollollollollollollol">'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
    + "]>"
)
QUADRATIC = f'<!DOCTYPE tmx [<!ENTITY big "{"x" * 50_000}">]>'
EXTERNAL_DTD = f'<!ENTITY secret "{SECRET}">'


EVIL = "file:///EVIL-DTD"  # replaced by the URI of a real file holding EXTERNAL_DTD
XML = '<?xml version="1.0"?>\n'
GOOD = tmx(units(2500)).encode()
# name → (content, what the one-line error says)
BROKEN = {
    # Entities: none is ever expanded or fetched.
    "xxe.tmx": (
        tmx(TU.format(ko="&xxe;협력", en="x"), XML + '<!DOCTYPE tmx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'),
        "declares XML entities",
    ),
    "laughs.tmx": (tmx(TU.format(ko="&j;협력", en="x"), XML + LAUGHS), "declares XML entities"),
    "quadratic.tmx": (tmx(TU.format(ko="&big;" * 5000 + "협력", en="x"), XML + QUADRATIC), "declares XML entities"),
    "parameter-entity.tmx": (
        tmx(TU.format(ko="&secret;협력", en="x"), XML + f'<!DOCTYPE tmx [<!ENTITY % p SYSTEM "{EVIL}"> %p;]>'),
        "declares XML entities",
    ),
    # An external DTD is never loaded, and a reference to an entity it would declare is an error: before, the
    # reference was silently dropped and "협력" imported on its own.
    "external-dtd.tmx": (
        tmx(TU.format(ko="&secret;협력", en="x"), XML + f'<!DOCTYPE tmx SYSTEM "{EVIL}">'),
        "the entity &secret; is not defined in the file",
    ),
    "undefined-entity.tmx": (
        tmx(TU.format(ko="&nope;협력", en="x"), XML + "<!DOCTYPE tmx [<!ELEMENT tmx ANY>]>"),
        ":4: not well-formed XML: Entity 'nope' not defined",  # was ":0: … no element found"
    ),
    "xxe.tbx": (
        f'{XML}<!DOCTYPE martif [<!ENTITY x SYSTEM "file:///etc/passwd">]><martif type="TBX"><text><body>'
        '<termEntry><langSet xml:lang="ko"><tig><term>&x;협력</term></tig></langSet></termEntry></body></text></martif>',
        "declares XML entities",
    ),
    # Truncated and malformed, after thousands of good units (already inserted in batches when the error comes).
    "truncated.tmx": (GOOD[: len(GOOD) - 40], "not well-formed XML"),
    "truncated-mid-character.tmx": (GOOD[: GOOD.index("협력 사업 2000번".encode()) + 1], "not well-formed XML"),
    "unescaped-ampersand.tmx": (tmx(units(2500) + TU.format(ko="협력 & 발전", en="x")), ":2502: not well-formed XML"),
    # Characters XML 1.0 cannot hold, raw or as a character reference.
    "control-character.tmx": (tmx(units(10) + TU.format(ko="협력\x01", en="x")), "not well-formed XML"),
    "control-reference.tmx": (tmx(TU.format(ko="협력&#1;", en="x")), "not well-formed XML"),
    "lone-surrogate.tmx": (tmx(TU.format(ko="협력", en="x")).encode().replace(b"x<", b"\xed\xa0\x80<"), "XML"),
    # Wrong or missing encodings.
    "declared-utf8-is-euckr.tmx": (tmx(TU.format(ko="협력", en="x")).encode("euc-kr"), "not well-formed XML"),
    "declared-euckr-is-utf8.tmx": (
        tmx(TU.format(ko="협력", en="x"), '<?xml version="1.0" encoding="EUC-KR"?>').encode(),
        "not well-formed XML",
    ),
    "unknown-encoding.tmx": (
        tmx(TU.format(ko="협력", en="x"), '<?xml version="1.0" encoding="x-klingon"?>'),
        "x-klingon",
    ),
    "utf16-without-bom.tmx": (tmx(TU.format(ko="협력", en="x"), "").encode("utf-16-le"), "not well-formed XML"),
    "declared-euckr-is-utf8.po": (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=EUC-KR\\n"\n\nmsgid "cooperation"\nmsgstr "협력"\n',
        "not valid EUC-KR",
    ),
    "no-charset-euckr.po": (
        'msgid ""\nmsgstr ""\n"Language: ko\\n"\n\nmsgid "cooperation"\nmsgstr "협력"\n'.encode("euc-kr"),
        "not valid utf-8",
    ),
    "latin1.csv": ("ko,en\n협력,cooperation\n".encode() + b"caf\xe9,cafe\n", "not valid UTF-8"),
    # PO syntax.
    "unclosed-quote.po": ('msgid "cooperation\nmsgstr "협력"\n', "closing quote"),
    "bogus-keyword.po": ('msgid "a"\nmsgstr "협력"\n\nmsgid "b"\nbogus "정상"\n', "PO syntax error"),
    # Binary files under a text extension.
    "image.tmx": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "not well-formed XML"),
    "database.tsv": (b"SQLite format 3\x00" + bytes(2000), "binary data"),
    "random.tbx": (bytes((i * 7919) % 256 for i in range(4096)), "not well-formed XML"),
    # Zero-byte files of each reader (zero-byte TMX: tests/test_cli_import.py).
    "empty.po": (b"", "the file is empty"),
    "empty.tsv": (b"", "the file is empty"),
    "empty.tbx": (b"", "the file is empty"),
    # No row with both a Korean and an English column: before, "0 read, 2 skipped" and exit 0.
    "commas.tsv": ("ko\ten\n협력,cooperation\n정상,summit\n", "no row has two tab-separated columns"),
    "one-column.csv": ("협력\n정상\n", "no row has two comma-separated columns"),
}


@pytest.mark.parametrize("name", BROKEN)
def test_broken_file_is_refused_and_changes_nothing(db, tmp_path, name):
    content, message = BROKEN[name]
    evil = tmp_path / "evil.dtd"
    evil.write_text(EXTERNAL_DTD)
    content = content if isinstance(content, bytes) else content.encode()
    path = tmp_path / name
    path.write_bytes(content.replace(EVIL.encode(), evil.as_uri().encode()))
    before = dump(db)
    result = run("import", path)
    assert_one_line_error(result, f"Error: {path}", message)
    assert SECRET not in result.output and "root:" not in result.output
    assert dump(db) == before


def test_tsv_with_some_short_rows_still_imports_the_rest(db, tmp_path):
    """A wrong column count on some rows is reported and skipped (issue 5); only a file with no usable row fails."""
    path = tmp_path / "glossary.tsv"
    path.write_text("협력\tcooperation\n외톨이\n정상\tsummit\textra\tcolumns\there\n", encoding="utf-8")
    result = run("import", path)
    assert result.exit_code == 0
    assert "skipped 1: row with fewer than 2 columns (first at line 2)" in result.stderr


def test_one_megabyte_segment_is_accepted_and_searchable(db, tmp_path):
    import random

    rng = random.Random(1)
    syllables = [chr(0xAC00 + rng.randrange(11172)) for _ in range(300)]
    words, size = [], 0
    while size < 1_000_000:
        words.append("".join(rng.choices(syllables, k=rng.randrange(1, 5))))
        size += len(words[-1].encode()) + 1
    ko = " ".join(words) + " 끝맺음표지"
    en = "one very long segment " + "and more " * 1000
    path = tmp_path / "huge.tmx"
    path.write_text(tmx(TU.format(ko=ko, en=en)), encoding="utf-8")
    assert path.stat().st_size > 1_000_000
    result = run("import", path, "--json")
    assert result.exit_code == 0, result.output
    assert '"added": 1' in result.stdout
    import json

    hits = json.loads(run("search", "끝맺음표지", "--json").stdout)
    assert [len(h["ko"]) for h in hits] == [len(ko)]
    hits = json.loads(run("search", "very long segment", "--json").stdout)
    assert len(hits) == 1


# Databases kotm must refuse: each leaves the file byte for byte as it was.


def files_beside(path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(path.parent.iterdir()) if p.name.startswith(path.name)}


def test_a_file_that_is_not_sqlite(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("회의록: 협력 강화\n" * 200, encoding="utf-8")
    before = files_beside(path)
    for args in (["search", "협력"], ["add-segment", "협력", "cooperation"], ["import", path]):
        result = run("--db", path, *args)
        assert_one_line_error(result, f"Error: {path}: not a kotm database (file is not a database)")
    assert files_beside(path) == before  # no -wal or -shm left beside it either


def test_another_programs_sqlite_database_is_left_alone(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    conn.execute("INSERT INTO invoices VALUES (1, 9.5)")
    conn.commit()
    conn.close()
    before = files_beside(path)
    result = run("--db", path, "add-segment", "협력", "cooperation")
    assert_one_line_error(result, f"Error: {path} is an SQLite database but not a kotm one (it holds invoices")
    assert files_beside(path) == before  # before, kotm added its tables and switched the file to WAL


def test_a_database_from_a_newer_kotm_is_refused_untouched(db):
    newer = len(MIGRATIONS) + 2
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO _kotm_migrations VALUES ('m999_from_the_future', '2030-01-01T00:00:00Z')")
    conn.execute(f"PRAGMA user_version = {newer}")
    conn.execute("PRAGMA journal_mode = DELETE")  # so that any write kotm made would show in the main file
    conn.commit()
    conn.close()
    before = files_beside(db)
    for args in (["search", "협력"], ["add-segment", "협력", "cooperation"], ["stats"]):
        result = run(*args)
        assert_one_line_error(
            result,
            f"Error: {db} was written by a newer kotm (schema {newer}, this kotm knows {len(MIGRATIONS)}); upgrade kotm",
        )
    assert files_beside(db) == before


def test_a_directory_as_the_database_or_the_input(tmp_path, db, monkeypatch):
    """--db (or $KOTM_DB) and import's FILES are Click paths: a folder is a usage error (exit 2) before anything runs."""
    from kotm.errors import KotmError
    from kotm.store import open_db

    folder = tmp_path / "memories"
    folder.mkdir()
    before = dump(db)
    for args in (["--db", folder, "search", "협력"], ["import", folder]):
        result = run(*args)
        assert result.exit_code == 2 and "is a directory" in result.stderr, result.output
    monkeypatch.setenv("KOTM_DB", str(folder))
    result = run("stats")
    assert result.exit_code == 2 and "is a directory" in result.stderr
    with pytest.raises(KotmError, match="is a directory, not a database file"):
        open_db(folder)
    assert list(folder.iterdir()) == [] and dump(db) == before


# Read-only databases and folders, through real processes. Root writes through file modes, so as root the kotm
# process runs without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH (dropped from its bounding set before exec): it is
# still uid 0 and owns the files, but the kernel then checks their modes as for any user.

PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 24, 1, 2


def _drop_root_override():
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def kotm_unprivileged(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kotm", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_drop_root_override if os.geteuid() == 0 else None,
    )


@pytest.fixture
def permissions_apply(tmp_path):
    """Skip unless a kotm process here is really refused a write to a read-only file."""
    probe = tmp_path / "probe"
    probe.write_text("x")
    probe.chmod(0o444)
    try:
        done = subprocess.run(
            [sys.executable, "-c", f"open({str(probe)!r}, 'a')"],
            capture_output=True,
            preexec_fn=_drop_root_override if os.geteuid() == 0 else None,
        )
    except (OSError, subprocess.SubprocessError) as e:
        pytest.skip(f"cannot run a process that file modes apply to: {e}")
    if done.returncode == 0:
        pytest.skip("file modes do not stop writes here (root with CAP_DAC_OVERRIDE that could not be dropped)")


def assert_cli_error(done: subprocess.CompletedProcess, message: str):
    assert done.returncode == 1, done.stderr
    assert done.stderr == f"Error: {message}\n", done.stderr


def test_read_only_database_file(db, tmp_path, permissions_apply):
    memory = tmp_path / "new.tmx"
    memory.write_text(tmx(units(50)), encoding="utf-8")
    before = dump(db)
    db.chmod(0o444)
    try:
        found = kotm_unprivileged("--db", db, "search", "협력", "--json")
        assert found.returncode == 0 and found.stderr == "", found.stderr  # reading a read-only database works
        for args in (["import", memory], ["add-segment", "협력 강화", "stronger cooperation"], ["delete", "1"]):
            done = kotm_unprivileged("--db", db, *args)
            assert_cli_error(done, f"cannot write to {db}: the file is read-only")
    finally:
        db.chmod(0o644)
    assert dump(db) == before


def test_read_only_folder(db, tmp_path, permissions_apply):
    memory = tmp_path / "new.tmx"
    memory.write_text(tmx(units(50)), encoding="utf-8")
    before = dump(db)
    folder = db.parent
    for leftover in folder.glob(db.name + "-*"):
        leftover.unlink()
    folder.chmod(0o555)
    try:
        done = kotm_unprivileged("--db", db, "import", memory)
        assert_cli_error(
            done, f"cannot open {db}: its folder is read-only (SQLite needs to create {db.name}-wal there)"
        )
        new = folder / "new.db"
        done = kotm_unprivileged("--db", new, "search", "협력")
        assert_cli_error(done, f"cannot create {new}: Permission denied")
        assert not new.exists()
    finally:
        folder.chmod(0o755)
    assert dump(db) == before


def test_utf16_bom_names_the_encoding_it_fails_in(db, tmp_path):
    """A UTF-16 TSV that breaks off mid-character: one line naming UTF-16, not a traceback."""
    path = tmp_path / "g.tsv"
    path.write_bytes(codecs.BOM_UTF16_LE + "협력\tcooperation\n".encode("utf-16-le") + b"\x00\xd8")
    before = dump(db)
    result = run("import", path)
    assert result.exit_code == 1 and result.stderr.count("\n") == 1 and "UTF-16" in result.stderr, result.stderr
    assert dump(db) == before
