"""module for the SQLite connection: opening a file safely, write transactions that wait their turn, and one-line
errors for what SQLite reports. It knows no table: the schema is ``kotm.schema`` and ``kotm.migrations``.

Notices for a person (waiting for another writer) go to the ``kotm`` logger; the CLI shows them on stderr.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

log = logging.getLogger("kotm")
# SQLite waits BUSY_TIMEOUT for another connection's write lock; a kotm writer waits for another kotm process's
# write (a million-unit import holds it for minutes) up to WAIT_AT_MOST, saying so on stderr, before giving up.
BUSY_TIMEOUT = 10.0  # seconds
NOTICE_AFTER = 1.0  # seconds a writer waits for another before it says so
WAIT_AT_MOST = 30 * 60.0  # seconds


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


def connect(
    path: str | Path, check: Callable[[sqlite_utils.Database, Path], None] | None = None
) -> sqlite_utils.Database:
    """Open (creating if needed) the SQLite file at ``path``; ``check`` runs before anything is written to it.

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
        if check is not None:
            check(db, path)  # before the first write: a file kotm cannot use is left as it was
        if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
    except KotmError:
        if conn is not None:
            conn.close()
        raise
    except sqlite3.DatabaseError as e:
        if conn is not None:
            conn.close()
        raise KotmError(describe_error(path, e, "open")) from None
    return db


def describe_error(path: Path, error: Exception, action: str = "write to") -> str:
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


def path_of(db: sqlite_utils.Database) -> Path:
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
        raise KotmError(describe_error(path_of(db), e)) from None


def _begin(db: sqlite_utils.Database) -> None:
    """BEGIN IMMEDIATE, waiting for as long as another process writes (up to WAIT_AT_MOST): a command run while an
    import is under way waits for it, with a line on stderr, instead of failing after the busy timeout."""
    import sqlite3
    import time

    from kotm.errors import Busy

    start = time.monotonic()
    told = False
    # The first try waits for the lock at most NOTICE_AFTER, so that a wait longer than that is said at once; the
    # tries after it wait the full busy timeout each (every timeout is only an upper bound: the lock is taken as
    # soon as the other writer commits).
    db.conn.execute(f"PRAGMA busy_timeout = {int(min(NOTICE_AFTER, WAIT_AT_MOST) * 1000)}")
    try:
        while True:
            try:
                db.conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as e:
                if "locked" not in str(e) and "busy" not in str(e):
                    raise
                if not told:
                    log.warning("waiting for another process to finish writing to %s (an import?)…", path_of(db))
                    told = True
                    db.conn.execute(f"PRAGMA busy_timeout = {int(min(BUSY_TIMEOUT, WAIT_AT_MOST) * 1000)}")
                waited = time.monotonic() - start
                if waited >= WAIT_AT_MOST:
                    raise Busy(
                        f"{path_of(db)} is busy: another process has been writing to it for {waited:.0f} s "
                        "(an import?); nothing was changed, try again when it is done"
                    ) from None
    finally:
        db.conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")


def schema_version(db: sqlite_utils.Database) -> int:
    """How many migrations the database has had (kept in ``PRAGMA user_version``)."""
    return db.execute("PRAGMA user_version").fetchone()[0]
