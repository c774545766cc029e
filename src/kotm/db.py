"""module for the SQLite store: its location, schema and migrations, and open_db()."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = []
MIGRATIONS_TABLE = "_kotm_migrations"
# SQLite waits BUSY_TIMEOUT for another connection's write lock; a kotm writer waits for another kotm process's
# write (a million-unit import holds it for minutes) up to WAIT_AT_MOST, saying so on stderr, before giving up.
BUSY_TIMEOUT = 10.0  # seconds
WAIT_AT_MOST = 30 * 60.0  # seconds


def migration(
    fn: Callable[[sqlite_utils.Database], None],
) -> Callable[[sqlite_utils.Database], None]:
    """Register a schema migration; they run once each, in the order they are defined."""
    MIGRATIONS.append(fn)
    return fn


def default_path() -> Path:
    """``$KOTM_DB`` if set, else ``kotm.db`` in the user's application directory."""
    env = os.environ.get("KOTM_DB")
    if env:
        return Path(env)
    import click

    return Path(click.get_app_dir("kotm")) / "kotm.db"


def now() -> str:
    """The current UTC time as kotm stores it: ``2019-04-22T09:13:00Z``."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _import_sqlite_utils():
    """Import sqlite-utils without numpy, which it loads only to map numpy types (kotm stores none).

    numpy is installed beside kotm (kiwipiepy needs it) and takes ~100 ms to import, a third of a one-shot
    ``kotm search``. A None entry in sys.modules makes sqlite-utils' ``import numpy`` fail as if it were absent; it
    is removed at once, so a later ``import numpy`` (kotm align) works as usual.
    """
    import sys

    if "sqlite_utils" in sys.modules or "numpy" in sys.modules:
        import sqlite_utils

        return sqlite_utils
    sys.modules["numpy"] = None  # type: ignore[assignment]
    try:
        import sqlite_utils
    finally:
        del sys.modules["numpy"]
    return sqlite_utils


def open_db(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if needed) the database at ``path`` with every migration applied.

    The connection uses WAL journaling and a busy timeout, so readers never block a writer and a second writer waits
    instead of failing. A file that is not a kotm database, or one written by a newer kotm, is refused before
    anything is written to it; a read-only database opens for reading, and writing to it raises a clear KotmError.
    """
    import sqlite3

    sqlite_utils = _import_sqlite_utils()
    from kotm.errors import KotmError

    path = Path(path)
    if path.is_dir():
        raise KotmError(f"{path} is a directory, not a database file")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise KotmError(f"cannot create the folder {path.parent}: {e.strerror or e}") from None
    conn = None
    try:
        # Transactions only where kotm opens them.
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT, isolation_level=None)
        db = sqlite_utils.Database(conn)
        db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
        from kotm.korean import holds

        # For queries: the Korean index finds segments holding a query's keys, this checks they hold the query.
        conn.create_function("kotm_holds", 2, holds, deterministic=True)
        _check_foreign(db, path)  # before the first write: a file kotm cannot use is left as it was
        if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        migrate(db)
    except KotmError:
        if conn is not None:
            conn.close()
        raise
    except sqlite3.DatabaseError as e:
        if conn is not None:
            conn.close()
        raise KotmError(_describe(path, e, "open")) from None
    return db


def _check_foreign(db: sqlite_utils.Database, path: Path) -> None:
    """Refuse a database that a newer kotm wrote, or an SQLite file that some other program owns."""
    from kotm.errors import KotmError

    version = schema_version(db)
    if version > len(MIGRATIONS):
        raise KotmError(
            f"{path} was written by a newer kotm (schema {version}, this kotm knows {len(MIGRATIONS)}); "
            "upgrade kotm to use it"
        )
    tables = db.table_names()
    if tables and MIGRATIONS_TABLE not in tables:
        raise KotmError(f"{path} is an SQLite database but not a kotm one (it holds {', '.join(tables[:3])} …)")


def _describe(path: Path, error: Exception, action: str = "write to") -> str:
    """One line for an SQLite error met while opening (``action="open"``) or writing the database at ``path``."""
    message = str(error)
    if "readonly" not in message and "unable to open" not in message:
        return f"{path}: not a kotm database ({message})"
    reasons = []
    if path.exists() and not os.access(path, os.W_OK):
        reasons.append("the file is read-only")
    if not os.access(path.parent, os.W_OK):
        # WAL mode keeps {name}-wal and {name}-shm beside the database, and SQLite must be able to create them.
        reasons.append(f"its folder is read-only (SQLite needs to create {path.name}-wal there)")
    if not reasons:
        reasons.append(message)
    return f"cannot {action} {path}: {' and '.join(reasons)}"


def _path_of(db: sqlite_utils.Database) -> Path:
    return Path(db.execute("PRAGMA database_list").fetchone()[2] or ":memory:")


@contextlib.contextmanager
def writing(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One write transaction, taken with BEGIN IMMEDIATE (nested ones become savepoints).

    A deferred transaction that reads first and writes later cannot wait for another writer: SQLite refuses the
    upgrade at once with "database is locked", whatever the busy timeout. Taking the write lock up front makes a
    second writer wait its turn instead.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    import sqlite3

    from kotm.errors import KotmError

    try:
        _begin(db)
        try:
            yield db
        except BaseException:
            db.conn.rollback()
            raise
        db.conn.execute("COMMIT")
    except sqlite3.OperationalError as e:
        # SQLite finds out that a file is read-only at BEGIN IMMEDIATE or only at the first write, depending on
        # whether the folder lets it create the -wal file: either way the user gets one line, not a traceback.
        if "readonly" not in str(e):
            raise
        raise KotmError(_describe(_path_of(db), e)) from None


def _begin(db: sqlite_utils.Database) -> None:
    """BEGIN IMMEDIATE, waiting for as long as another process writes (up to WAIT_AT_MOST): a command run while an
    import is under way waits for it, with a line on stderr, instead of failing after the busy timeout."""
    import sqlite3
    import sys
    import time

    from kotm.errors import KotmError

    start = time.monotonic()
    told = False
    while True:
        try:
            db.conn.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) and "busy" not in str(e):
                raise
            waited = time.monotonic() - start
            if waited >= WAIT_AT_MOST:
                raise KotmError(
                    f"{_path_of(db)} is busy: another process has been writing to it for {waited:.0f} s "
                    "(an import?); nothing was changed, try again when it is done"
                ) from None
            if not told:
                print(
                    f"kotm: waiting for another process to finish writing to {_path_of(db)} (an import?)…",
                    file=sys.stderr,
                )
                told = True


def schema_version(db: sqlite_utils.Database) -> int:
    """How many migrations the database has had (also kept in ``PRAGMA user_version``)."""
    return db.execute("PRAGMA user_version").fetchone()[0]


def migrate(db: sqlite_utils.Database) -> None:
    """Apply the migrations the database has not had yet, each in its own transaction.

    A migration that fails leaves the database at the schema before it. What has been applied is read again under
    the write lock, so processes that open an old database at the same moment apply each migration once.
    """

    def applied() -> set[str]:
        if MIGRATIONS_TABLE not in db.table_names():
            return set()
        return {row[0] for row in db.execute(f"SELECT name FROM {MIGRATIONS_TABLE}")}

    if {fn.__name__ for fn in MIGRATIONS} <= applied():
        return  # the usual case: nothing to do, and no write lock taken
    with writing(db):
        db.execute(f"CREATE TABLE IF NOT EXISTS {MIGRATIONS_TABLE} ([name] TEXT PRIMARY KEY, [applied] TEXT)")
    for n, fn in enumerate(MIGRATIONS, start=1):
        with writing(db):
            if fn.__name__ in applied():
                continue
            fn(db)
            db[MIGRATIONS_TABLE].insert({"name": fn.__name__, "applied": now()})
            db.execute(f"PRAGMA user_version = {n}")


@migration
def m001_segments_and_terms(db: sqlite_utils.Database) -> None:
    meta = {
        "source": str,
        "domain": str,
        "note": str,
        "creator": str,
        "created": str,
        "changed": str,
    }
    # pair_key: a 64-bit hash of the normalised (ko, en) pair; unique, so a pair is never stored twice.
    db["segments"].create(
        {"id": int, "ko": str, "en": str, **meta, "pair_key": int},
        pk="id",
        not_null={"ko", "en"},
    )
    db["segments"].create_index(["pair_key"], unique=True)
    db["segments"].create_index(["source"])
    # ko_key: the Korean with spacing removed, for exact and prefix look-ups of a term.
    db["terms"].create(
        {"id": int, "ko": str, "en": str, "ko_key": str, **meta, "pair_key": int},
        pk="id",
        not_null={"ko", "en"},
    )
    db["terms"].create_index(["pair_key"], unique=True)
    db["terms"].create_index(["ko_key"])
    # How many segments hold each Korean index key, kept at write time: fuzzy matching reads the rarest keys first
    # (fts5vocab would count them by reading each key's whole posting list).
    # The English side has the same, over its lower-cased words (kotm.store.en_keys).
    for lang in ("ko", "en"):
        db.execute(f"CREATE TABLE segments_{lang}_keys (key TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID")
    for table in ("segments", "terms"):
        # Korean: contentless index over Hangul-bigram keys (kotm.korean.index_keys), with a one-character prefix
        # index so a one-syllable query is a look-up, not a scan of every key starting with it (30x faster at 100k
        # segments, for 11 µs more per segment written). English: external content over the table itself,
        # Porter-stemmed so that "cooperate" finds "cooperation".
        db.execute(
            f"CREATE VIRTUAL TABLE {table}_ko_fts USING fts5(keys, content='', tokenize='unicode61', prefix='1')"
        )  # rebuilt without positions by m004
        db.execute(
            f"CREATE VIRTUAL TABLE {table}_en_fts USING fts5(en, content='{table}', content_rowid='id', "
            "tokenize='porter unicode61 remove_diacritics 2')"
        )


@migration
def m002_props_and_markup(db: sqlite_utils.Database) -> None:
    # props: JSON object of the metadata an import brought that has no column of its own (TMX <prop>s and
    # change ids, PO msgctxt, TBX part of speech …), so an export can carry it on. '' when there is none.
    # ko_markup/en_markup: the inner XML of a TMX <seg> that held inline codes; ko/en keep the plain text.
    for table in ("segments", "terms"):
        db[table].add_column("props", str, not_null_default="")
    db["segments"].add_column("ko_markup", str, not_null_default="")
    db["segments"].add_column("en_markup", str, not_null_default="")


@migration
def m003_history(db: sqlite_utils.Database) -> None:
    # The change log (kotm.history): one `changes` row per user action, one `change_rows` row per unit it touched,
    # with the unit's row as JSON before and after (NULL when it did not exist; both NULL for an add, whose values
    # are the row itself until a later change records them as its `before`, which keeps big imports cheap).
    db["changes"].create(
        {"id": int, "action": str, "user": str, "time": str, "summary": str, "undoes": int, "undone_by": int},
        pk="id",
        not_null={"action", "time"},
    )
    db["change_rows"].create(
        {"change_id": int, "tbl": str, "row_id": int, "before": str, "after": str},
        not_null={"change_id", "tbl", "row_id"},
        foreign_keys=[("change_id", "changes", "id")],
    )
    db["change_rows"].create_index(["change_id"])
    db["change_rows"].create_index(["tbl", "row_id", "change_id"])
    for table in ("segments", "terms"):
        db[table].add_column("changer", str, not_null_default="")


@migration
def m004_korean_index_without_positions(db: sqlite_utils.Database) -> None:
    # The Korean index keeps which segments hold each key, not where (detail=none), with the ASCII tokenizer (a key
    # is exactly one token: kotm.korean.index_keys lower-cases and separates them with single spaces). A query is
    # the AND of its keys and every hit is checked against the text (kotm.korean.hit_pattern), so positions bought
    # nothing but a 2.4 times larger index that cost a third of an import's time. Measured at 100k segments: index
    # 64 → 27 MB, 44 → 31 µs per segment written.
    import sys

    from kotm.korean import index_keys

    for table in ("segments", "terms"):
        db.execute(f"DROP TABLE {table}_ko_fts")
        db.execute(
            f"CREATE VIRTUAL TABLE {table}_ko_fts USING fts5(keys, content='', tokenize='ascii', prefix='1', "
            "detail='none')"
        )
        total = db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        if total > 100_000:
            print(f"kotm: re-indexing the Korean of {total:,} {table} (once, for this version)…", file=sys.stderr)
        rows = db.execute(f"SELECT id, ko FROM {table}")
        db.conn.executemany(
            f"INSERT INTO {table}_ko_fts (rowid, keys) VALUES (?, ?)", ((i, index_keys(ko)) for i, ko in rows)
        )
    # The per-key counts must be those of the index as it is now built: count them again from it.
    db.execute("CREATE VIRTUAL TABLE temp.kotm_m004_vocab USING fts5vocab(main, segments_ko_fts, 'row')")
    db.execute("DELETE FROM segments_ko_keys")
    db.execute("INSERT INTO segments_ko_keys (key, n) SELECT term, doc FROM temp.kotm_m004_vocab WHERE doc > 0")
    db.execute("DROP TABLE temp.kotm_m004_vocab")


@migration
def m005_english_key_index(db: sqlite_utils.Database) -> None:
    # The English keys that fuzzy matching looks up and segments_en_keys counts (kotm.store.en_keys: lower-cased
    # words, not stemmed, and pairs of words), indexed without positions, as the Korean keys are. segments_en_fts
    # stays for concordance (it needs positions for phrases, and stems); reading it for matching cost 111 ms per
    # English match at 1M segments, most of it the positions of common words.
    import sys

    from kotm.store import en_keys

    db.execute(
        "CREATE VIRTUAL TABLE segments_en_keys_fts USING fts5(keys, content='', tokenize='ascii', detail='none')"
    )
    total = db.execute("SELECT count(*) FROM segments").fetchone()[0]
    if total > 100_000:
        print(f"kotm: indexing the English keys of {total:,} segments (once, for this version)…", file=sys.stderr)
    rows = db.execute("SELECT id, en FROM segments")
    db.conn.executemany(
        "INSERT INTO segments_en_keys_fts (rowid, keys) VALUES (?, ?)", ((i, en_keys(en)) for i, en in rows)
    )
    # The counts held words only: count words and pairs again, from the new index.
    db.execute("CREATE VIRTUAL TABLE temp.kotm_m005_vocab USING fts5vocab(main, segments_en_keys_fts, 'row')")
    db.execute("DELETE FROM segments_en_keys")
    db.execute("INSERT INTO segments_en_keys (key, n) SELECT term, doc FROM temp.kotm_m005_vocab WHERE doc > 0")
    db.execute("DROP TABLE temp.kotm_m005_vocab")


@migration
def m006_index_by_change_time(db: sqlite_utils.Database) -> None:
    # `kotm list` shows the most recently changed units first: without an index SQLite read every row to sort them
    # (1.25 s at 1M segments), with one it reads the first few (0.2 ms). About 37 bytes per unit.
    import sys

    for table in ("segments", "terms"):
        total = db.execute(f"SELECT max(id) FROM {table}").fetchone()[0] or 0
        if total > 100_000:
            print(f"kotm: indexing the change times of {total:,} {table} (once, for this version)…", file=sys.stderr)
        db.execute(f"CREATE INDEX {table}_changed ON {table} (changed, id)")
