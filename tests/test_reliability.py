"""The store under real processes and real files: killed imports, concurrent writers and readers, failed migrations.

Every test here starts ``python -m kotm`` (or the library) in separate processes on an SQLite file in ``tmp_path``;
each is bounded in time (the 20k-unit variant of issue 7's reliability tests; the 1M runs live in benchmarks/).
"""

import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import pytest

from kotm.migrations import MIGRATIONS
from kotm.store import open_db

KOTM = [sys.executable, "-m", "kotm"]

WRITER = """
import sys
from kotm.store import open_db
from kotm.store import add_segments
from kotm.units import Segment
db = open_db(sys.argv[1])
name = sys.argv[2]
for n in range(60):
    add_segments(db, [Segment(f"{name} 작업자의 {n}번째 문장입니다.", f"Sentence {n} of writer {name}.")])
"""


def test_concurrent_writers_lose_nothing(db_path):
    open_db(db_path).close()
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(db_path), name], stderr=subprocess.PIPE, text=True)
        for name in ("가", "나", "다")
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    db = open_db(db_path)
    assert db["segments"].count == 180
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert db.execute("SELECT count(*) FROM segments_ko_fts WHERE segments_ko_fts MATCH '\"작업\"'").fetchone() == (
        180,
    )


OPENER = "import sys; from kotm.store import open_db; open_db(sys.argv[1]).close()"


def test_processes_opening_a_new_database_at_once_migrate_it_once(tmp_path):
    """Six processes open the same new file together: each migration runs once, and none fails.

    Before migrate() re-read what was applied under the write lock, most of them died with 'table "segments" already
    exists', 'duplicate column name: props' or 'database is locked'.
    """
    for trial in range(2):
        path = tmp_path / f"new-{trial}.db"
        procs = [
            subprocess.Popen([sys.executable, "-c", OPENER, str(path)], stderr=subprocess.PIPE, text=True)
            for _ in range(6)
        ]
        errors = [p.communicate(timeout=60)[1] for p in procs]
        assert [p.returncode for p in procs] == [0] * 6, errors
        conn = sqlite3.connect(path)
        assert conn.execute("SELECT count(*) FROM _kotm_migrations").fetchone()[0] == len(MIGRATIONS)
        conn.close()


def test_processes_using_kotm_for_the_first_time_at_once_all_land(tmp_path):
    """Four `kotm add-segment` on a database that does not exist yet: it is created once, and every segment lands.

    Before, each built the database beside it and renamed it into place: all four said "Added", and the segments of
    those whose file was renamed over went to a deleted file.
    """
    path = tmp_path / "first.db"
    procs = [
        subprocess.Popen(
            [*KOTM, "--db", path, "add-segment", f"처음 쓰는 {i}번째 문장입니다.", f"First use, sentence {i}."],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(4)
    ]
    errors = [p.communicate(timeout=60)[1] for p in procs]
    assert [p.returncode for p in procs] == [0] * 4, errors
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM segments WHERE ko LIKE '처음 쓰는%'").fetchone() == (4,)
    assert conn.execute("SELECT count(*) FROM segments").fetchone() == (51 + 4,)  # the built-in corpus, once
    conn.close()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".new")) == []


# Crash safety: SIGKILL part-way through a 20,000-unit import.

N_UNITS = 20_000


def synthetic_pairs(n: int, seed: int = 7) -> list[tuple[str, str]]:
    """Varied Korean–English pairs when ../shared (and so benchmarks/corpus.py's real pairs) is absent."""
    rng = random.Random(seed)
    who = [
        ("양국은", "The two countries"),
        ("정부는", "The government"),
        ("위원회는", "The committee"),
        ("우리는", "We"),
    ]
    what = [
        ("경제 협력을", "economic cooperation"),
        ("문화 교류를", "cultural exchange"),
        ("보건 분야 협력을", "health cooperation"),
        ("디지털 정부 사업을", "the digital government project"),
        ("에너지 공급망을", "the energy supply chain"),
    ]
    how = [
        ("강화하기로 했습니다.", "agreed to strengthen"),
        ("논의했습니다.", "discussed"),
        ("점검했습니다.", "reviewed"),
    ]
    pairs = []
    for i in range(n):
        (k1, e1), (k2, e2), (k3, e3) = rng.choice(who), rng.choice(what), rng.choice(how)
        year = 2000 + rng.randrange(30)
        pairs.append((f"{year}년 {i}번 안건에서 {k1} {k2} {k3}", f"On item {i} in {year}, {e1} {e3} {e2}."))
    return pairs


@pytest.fixture(scope="module")
def big_tmx(tmp_path_factory):
    """(path, distinct pairs) of a 20k-unit TMX: the benchmark corpus when ../shared is here, else synthetic pairs."""
    from kotm.formats import read, tmx
    from kotm.keys import clean, pair_key
    from kotm.units import Segment

    benchmarks = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "benchmarks")
    shared = os.path.join(os.path.dirname(os.path.dirname(benchmarks)), "shared", "corpora")
    if os.path.isdir(shared):
        sys.path.insert(0, benchmarks)
        try:
            import corpus
        finally:
            sys.path.remove(benchmarks)
        pairs = list(corpus.segments(N_UNITS))
    else:
        pairs = synthetic_pairs(N_UNITS)
    path = tmp_path_factory.mktemp("crash") / "memory.tmx"
    with path.open("wb") as out:
        tmx.write((Segment(ko, en) for ko, en in pairs), out)
    # What a complete import must hold: the file's pairs as the reader gives them, one row per distinct pair.
    keys = {pair_key(clean(u.ko, "ko"), clean(u.en, "en")) for u in read(path)}
    return path, len(keys)


def dump(path) -> list[str]:
    conn = sqlite3.connect(path)
    lines = list(conn.iterdump())
    conn.close()
    return lines


def from_source(path, source: str) -> int:
    conn = sqlite3.connect(path)
    n = conn.execute("SELECT count(*) FROM segments WHERE source = ?", [source]).fetchone()[0]
    conn.close()
    return n


@pytest.mark.parametrize("progress", [0.05, 0.9])
def test_killed_import_leaves_none_or_all(db_path, big_tmx, progress):
    """SIGKILL once the write-ahead log has grown to ``progress`` × the TMX size (the import's last unit is written
    at ≈1.8×, and it commits at ≈2.4× once its indexes are merged)."""
    tmx_path, expected = big_tmx
    assert subprocess.run([*KOTM, "--db", db_path, "init"], capture_output=True).returncode == 0
    before = dump(db_path)
    wal = db_path.with_name(db_path.name + "-wal")
    threshold = max(64 * 1024, int(progress * tmx_path.stat().st_size))
    proc = subprocess.Popen(
        [*KOTM, "--db", db_path, "import", tmx_path, "--source", "crash", "--silent"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while proc.poll() is None and time.monotonic() < deadline:
        if wal.exists() and wal.stat().st_size >= threshold:
            break
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL, "the import finished before it could be killed"

    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    for fts in ("segments_ko_fts", "segments_en_fts"):  # FTS5's own check raises if the index is corrupt
        conn.execute(f"INSERT INTO {fts}({fts}) VALUES('integrity-check')")
    conn.close()
    found = from_source(db_path, "crash")
    assert found in (0, expected)
    if found == 0:
        assert dump(db_path) == before  # not one row of the killed import, and nothing else changed

    again = subprocess.run(
        [*KOTM, "--db", db_path, "import", tmx_path, "--source", "crash", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert again.returncode == 0, again.stderr
    totals = json.loads(again.stdout)["totals"]
    assert totals["added"] == expected - found
    assert from_source(db_path, "crash") == expected
    hit = subprocess.run([*KOTM, "--db", db_path, "search", "협력", "--source", "crash", "--json", "--limit", "1"])
    assert hit.returncode == 0
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("SELECT count(*) FROM segments WHERE source = 'summit-2019-04-22'").fetchone()[0] == 51
    conn.close()


FINISHER = """
import sys, time
from kotm.store import open_db
from kotm.importer import import_files
db = open_db(sys.argv[1])
def indexing(path):
    print("indexing", flush=True)  # every unit is written: the parent kills this process now
import_files(db, [sys.argv[2]], source="crash", indexing=indexing)
time.sleep(30)  # in case the kill comes after the commit: the process is still there to be killed
"""


def test_import_killed_while_it_finishes_its_indexes(db_path, big_tmx):
    """SIGKILL once every unit is written, while a bulk import merges its indexes and counts their keys: the
    database holds none or all of the file, and its indexes are sound and merging as usual."""
    tmx_path, expected = big_tmx
    assert subprocess.run([*KOTM, "--db", db_path, "init"], capture_output=True).returncode == 0
    before = dump(db_path)
    proc = subprocess.Popen(
        [sys.executable, "-c", FINISHER, str(db_path), str(tmx_path)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout.readline().strip() == "indexing"
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    for fts in ("segments_ko_fts", "segments_en_fts", "segments_en_keys_fts"):
        conn.execute(f"INSERT INTO {fts}({fts}) VALUES('integrity-check')")
        assert conn.execute(f"SELECT v FROM {fts}_config WHERE k = 'automerge'").fetchone() in (None, (4,))
    conn.close()
    found = from_source(db_path, "crash")
    assert found in (0, expected)
    if found == 0:
        assert dump(db_path) == before


# Concurrency: two writers and four readers on one database.

IMPORTED = "가져온 {n}번째 문장: 양국은 협력을 강화한다."
IMPORTED_EN = "Imported sentence {n}: the two countries strengthen cooperation."
ADDED = "추가한 {n}번째 문장: 협력 사업을 논의했다."
ADDED_EN = "Added sentence {n}: they discussed cooperation projects."
NUMBER = re.compile(r"\d+")


def consistent(row: dict) -> bool:
    """A row as one writer wrote it: the Korean and English name the same writer and the same number."""
    ko_n, en_n = NUMBER.findall(row["ko"]), NUMBER.findall(row["en"])
    kind_ko = "import" if row["ko"].startswith("가져온") else "add" if row["ko"].startswith("추가한") else "?"
    kind_en = "import" if row["en"].startswith("Imported") else "add" if row["en"].startswith("Added") else "?"
    return kind_ko == kind_en != "?" and ko_n == en_n and len(ko_n) == 1


def test_two_writers_and_four_readers(db_path, tmp_path):
    from kotm.formats import tmx
    from kotm.units import Segment

    n_import, n_add = 2000, 6
    assert subprocess.run([*KOTM, "--db", db_path, "init", "--empty"], capture_output=True).returncode == 0
    # A first segment of each kind, so that readers find rows from the start.
    seed = subprocess.run([*KOTM, "--db", db_path, "add-segment", ADDED.format(n=0), ADDED_EN.format(n=0)])
    assert seed.returncode == 0
    memory = tmp_path / "concurrent.tmx"
    with memory.open("wb") as out:
        tmx.write((Segment(IMPORTED.format(n=n), IMPORTED_EN.format(n=n)) for n in range(n_import)), out)

    results: list[tuple[list[str], subprocess.CompletedProcess, float, float]] = []
    lock = threading.Lock()
    stop = threading.Event()

    def run(args):
        cmd = [*KOTM, "--db", str(db_path), *args]
        began = time.monotonic()
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        with lock:
            results.append((args, done, began, time.monotonic()))

    def importer():
        run(["import", str(memory), "--source", "importer", "--silent", "--json"])

    def adder():
        for n in range(1, n_add + 1):
            run(["add-segment", ADDED.format(n=n), ADDED_EN.format(n=n), "--source", "adder"])

    def reader(k):
        i = 0
        while not stop.is_set():
            i += 1
            if (i + k) % 3 == 0:
                run(["match", (ADDED if i % 2 else IMPORTED).format(n=i), "--json", "--min-score", "60"])
            elif (i + k) % 3 == 1:
                run(["search", "협력", "--json", "--limit", "50"])
            else:
                run(["stats", "--json"])

    writers = [threading.Thread(target=importer), threading.Thread(target=adder)]
    readers = [threading.Thread(target=reader, args=(k,)) for k in range(4)]
    start = time.monotonic()
    for t in writers + readers:
        t.start()
    for t in writers:
        t.join(timeout=60)
    time.sleep(0.5)  # readers go on a little after the last write
    stop.set()
    for t in readers:
        t.join(timeout=60)
    assert time.monotonic() - start < 40

    kinds = {"import": 0, "add-segment": 0, "match": 0, "search": 0, "stats": 0}
    for args, done, _, _ in results:
        kinds[args[0]] += 1
        assert "locked" not in done.stderr and "Traceback" not in done.stderr, (args, done.stderr)
        assert done.returncode == 0, (args, done.stderr)
        if args[0] in ("add-segment", "import"):
            continue
        data = json.loads(done.stdout)
        if args[0] == "search":
            assert data, "the seed segment is always there"
            for hit in data:
                assert "협력" in hit["ko"] and consistent(hit), hit
        elif args[0] == "match":
            for m in data["matches"]:
                assert consistent(m) and 60 <= m["score"] <= 100, m
        else:
            # The import is one transaction: a reader sees none of it or all of it, never part.
            assert data["segments_by_source"].get("importer", 0) in (0, n_import), data
            assert data["segments_by_source"].get("adder", 0) <= n_add
    assert kinds["import"] == 1 and kinds["add-segment"] == n_add
    # The writers really ran together: some add-segment process lived while the import did.
    (_, _, import_start, import_end), *_ = [r for r in results if r[0][0] == "import"]
    assert any(r[2] < import_end and r[3] > import_start for r in results if r[0][0] == "add-segment")
    assert min(kinds["match"], kinds["search"], kinds["stats"]) >= 2, kinds

    conn = sqlite3.connect(db_path)
    assert dict(conn.execute("SELECT source, count(*) FROM segments GROUP BY source")) == {
        "": 1,
        "importer": n_import,
        "adder": n_add,
    }
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.close()


# Migrations are transactional.


def test_a_failing_migration_leaves_the_previous_schema(db_path, monkeypatch):
    import kotm.migrations
    from kotm.db import schema_version
    from kotm.store import add_segments
    from kotm.units import Segment

    db = open_db(db_path)
    add_segments(db, [Segment("협력을 강화한다.", "Cooperation is strengthened.")])
    db.close()
    good = len(MIGRATIONS)
    before = dump(db_path)

    def m999_half_done(db):
        # What a real migration does (sqlite-utils create, add_column, index, data), then a failure half-way.
        db["glossary_notes"].create({"id": int, "text": str}, pk="id")
        db["segments"].add_column("reviewed", int, not_null_default=0)
        db["segments"].create_index(["reviewed"])
        db.execute("UPDATE segments SET reviewed = 1")
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(kotm.migrations, "MIGRATIONS", [*MIGRATIONS, m999_half_done])
    with pytest.raises(RuntimeError, match="disk on fire"):
        open_db(db_path)
    assert dump(db_path) == before
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == good
    assert "glossary_notes" not in {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "reviewed" not in {r[1] for r in conn.execute("PRAGMA table_info(segments)")}
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.close()

    monkeypatch.undo()
    db = open_db(db_path)
    assert schema_version(db) == good and db["segments"].count == 1
    db.close()


def test_a_migration_killed_half_way_leaves_the_previous_schema(tmp_path):
    """The same through SIGKILL: a process whose migration hangs after writing half of it is killed."""
    path = tmp_path / "kotm.db"
    open_db(path).close()
    before = dump(path)
    marker = tmp_path / "half-done"
    script = f"""
import sys, time, pathlib
import kotm.migrations, kotm.store
def m999_hangs(db):
    db["glossary_notes"].create({{"id": int, "text": str}}, pk="id")
    db["segments"].add_column("reviewed", int, not_null_default=0)
    pathlib.Path({str(marker)!r}).touch()
    time.sleep(60)
kotm.migrations.MIGRATIONS.append(m999_hangs)
kotm.store.open_db(sys.argv[1])
"""
    proc = subprocess.Popen([sys.executable, "-c", script, str(path)])
    deadline = time.monotonic() + 30
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert marker.exists()
    proc.kill()
    proc.wait(timeout=30)
    assert dump(path) == before
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.close()


HOLDER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")  # the write lock, as an import holds it for minutes
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("COMMIT")
"""


def hold_write_lock(db_path, seconds):
    """Another process holding the database's write lock for ``seconds``, once it has it."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db_path), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout.readline().strip() == "locked"
    return holder


@pytest.mark.parametrize(
    ("held", "patience", "added"),
    [(1.5, 30.0, True), (3.0, 0.6, False)],
    ids=["waits for the other writer", "gives up with one line"],
)
def test_a_writer_waits_for_a_long_write_or_gives_up_cleanly(db_path, monkeypatch, held, patience, added):
    """A command that writes while another process holds the write lock longer than SQLite's busy timeout (a big
    import) waits for it, saying so on stderr; past the patience it gives up with one line and changes nothing."""
    from click.testing import CliRunner

    import kotm.db
    from kotm.cli import cli

    open_db(db_path).close()
    monkeypatch.setattr(kotm.db, "BUSY_TIMEOUT", 0.2)
    monkeypatch.setattr(kotm.db, "WAIT_AT_MOST", patience)
    holder = hold_write_lock(db_path, held)
    try:
        result = CliRunner().invoke(cli, ["add-segment", "기다렸다가 추가하는 문장입니다.", "Added after a wait."])
    finally:
        holder.wait(timeout=30)
    assert "waiting for another process to finish writing" in result.stderr
    assert "Traceback" not in result.output + result.stderr
    if added:
        assert result.exit_code == 0 and result.stdout.startswith("Added segment ")
    else:
        assert result.exit_code == 1
        error = result.stderr.splitlines()[-1]
        assert error.startswith("Error: ") and "is busy: another process has been writing to it" in error
        assert "nothing was changed" in error
    db = open_db(db_path)
    assert db["segments"].count == (1 if added else 0)


def test_a_short_wait_for_another_writer_is_reported(db_path):
    """A write that waits a few seconds (less than SQLite's 10 s busy timeout) for another writer says so on stderr,
    as the README says, and then writes."""
    from click.testing import CliRunner

    from kotm.cli import cli

    open_db(db_path).close()
    holder = hold_write_lock(db_path, 2.5)
    try:
        result = CliRunner().invoke(cli, ["add-segment", "잠깐 기다린 문장입니다.", "Added after a short wait."])
    finally:
        holder.wait(timeout=30)
    assert result.exit_code == 0 and result.stdout.startswith("Added segment ")
    assert "waiting for another process to finish writing" in result.stderr
