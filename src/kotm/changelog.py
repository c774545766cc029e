"""module for recording the change log: who added, edited, deleted or merged which segments and terms, and when.

Every function in ``kotm.store`` that writes records what it did here, in the same transaction: one ``changes`` row
per action and one ``change_rows`` row per unit, holding the unit's row as JSON before and after (see migration
``m003_history``). Several writes inside ``with change(db, "import", label=...)`` make one change, so a whole import
is undone at once. Reading a row's history and undoing a change is ``kotm.history``.
"""

from __future__ import annotations

import json
import os
from array import array
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kotm import clock
from kotm.db import writing
from kotm.errors import NotFound
from kotm.schema import CHANGE_ROWS, CHANGES, SINGULAR

if TYPE_CHECKING:
    import sqlite_utils

# Columns a person reads; the rest (pair_key, ko_key) are derived from them.
SHOWN = ("ko", "en", "source_lang", "source", "domain", "note", "creator", "created", "changed", "changer")
TEXT = ("ko", "en", "source", "domain", "note")  # what a person changes; the rest is stamped

USER: ContextVar[str | None] = ContextVar("kotm_user", default=None)
_open: dict[int, Recorder] = {}  # the change being recorded on each connection, for nesting


def current_user() -> str:
    """Who is making changes: the name set with ``acting_as`` (the CLI's ``--user``), else $KOTM_USER, else the
    login name, else ''."""
    import getpass

    try:
        return USER.get() or os.environ.get("KOTM_USER") or getpass.getuser()
    except (KeyError, OSError):
        return ""


@contextmanager
def acting_as(user: str | None) -> Iterator[None]:
    """Record the changes made inside the block under ``user`` (None: the default, see ``current_user``)."""
    token = USER.set(user)
    try:
        yield
    finally:
        USER.reset(token)


@dataclass(frozen=True, slots=True)
class Change:
    """One recorded action: add, import, edit, delete, merge or undo."""

    id: int
    action: str
    user: str
    time: str
    summary: str
    units: int = 0
    undoes: int | None = None
    undone_by: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "change": self.id,
            "action": self.action,
            "user": self.user,
            "time": self.time,
            "summary": self.summary,
            "units": self.units,
            "undoes": self.undoes,
            "undone_by": self.undone_by,
        }


@dataclass(frozen=True, slots=True)
class RowChange:
    """What one change did to one segment or term: its values before and after (None where it did not exist)."""

    change: Change
    table: str
    id: int
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    @property
    def fields(self) -> list[str]:
        """The fields a person changed (ko and en for an add or a delete; the JSON has every field)."""
        if self.before is None or self.after is None:
            return ["ko", "en"]
        return [k for k in TEXT if self.before.get(k) != self.after.get(k)]

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.change.to_dict(),
            "table": self.table,
            "id": self.id,
            "before": _shown(self.before),
            "after": _shown(self.after),
        }


def _shown(row: dict | None) -> dict | None:
    return None if row is None else {k: row[k] for k in SHOWN if k in row}


@dataclass
class Recorder:
    """The open change that store functions add their rows to."""

    db: sqlite_utils.Database
    id: int | None
    action: str
    label: str = ""  # put before the description of the rows: "memory.tmx: 1,200 segments (52–1251)"
    detail: str = ""  # put after it: "segment 12 (en, note)"
    text: str = ""  # the whole summary, instead of the above
    # The ids of the rows it touched, per table: 8 bytes each (an import of a million rows keeps 8 MB, not 44).
    ids: dict[str, array[int]] = field(default_factory=dict)

    def rows(self, table: str, entries: Iterable[tuple[int, dict | None, dict | None]]) -> None:
        """Record (row id, row before, row after) for rows of ``table``; None where the row does not exist."""
        batch = [(self.id, table, rid, _dump(before), _dump(after)) for rid, before, after in entries]
        self.db.conn.executemany(
            f"INSERT INTO {CHANGE_ROWS} (change_id, tbl, row_id, before, after) VALUES (?, ?, ?, ?, ?)", batch
        )
        self.ids.setdefault(table, array("q")).extend(b[2] for b in batch)

    def added(self, table: str, ids: Iterable[int]) -> None:
        """Record rows just added. Their values are not copied: they are the row itself until a later change."""
        self.rows(table, ((rid, None, None) for rid in ids))

    @property
    def count(self) -> int:
        return sum(len(ids) for ids in self.ids.values())

    def summary(self) -> str:
        if self.text:
            return self.text
        text = "; ".join(describe(table, self.ids[table]) for table in SINGULAR if self.ids.get(table))
        if self.detail:
            text = f"{text} ({self.detail})"
        return f"{self.label}: {text}" if self.label else text


def _dump(row: dict | None) -> str | None:
    return None if row is None else json.dumps(row, ensure_ascii=False)


def describe(table: str, ids: Sequence[int]) -> str:
    """A short description of some rows of a table.

    >>> describe("segments", [12]), describe("terms", [3, 4]), describe("segments", list(range(52, 152)))
    ('segment 12', 'terms 3, 4', '100 segments (52–151)')
    """
    one = SINGULAR[table]
    if len(ids) == 1:
        return f"{one} {ids[0]}"
    if len(ids) <= 5:
        return f"{table} {', '.join(map(str, sorted(ids)))}"
    return f"{len(ids):,} {table} ({min(ids)}–{max(ids)})"


@contextmanager
def change(
    db: sqlite_utils.Database,
    action: str,
    label: str = "",
    undoes: int | None = None,
) -> Iterator[Recorder]:
    """Record one change, in one transaction with everything done inside the block.

    Store functions called inside an open change add their rows to it instead of making their own, so
    ``with change(db, "import", label="memory.tmx"): add_segments(...); add_terms(...)`` is one change, and one
    ``kotm undo`` reverts it. A change that touched no row is not kept.
    """
    key = id(db.conn)
    if key in _open:
        yield _open[key]
        return
    with writing(db):
        cur = db.execute(
            f"INSERT INTO {CHANGES} (action, user, time, summary, undoes) VALUES (?, ?, ?, ?, ?)",
            [action, current_user(), clock.now(), "", undoes],
        )
        rec = Recorder(db, cur.lastrowid, action, label)
        _open[key] = rec
        try:
            yield rec
        finally:
            del _open[key]
        if rec.count:
            db.execute(f"UPDATE {CHANGES} SET summary = ? WHERE id = ?", [rec.summary(), rec.id])
        else:
            db.execute(f"DELETE FROM {CHANGES} WHERE id = ?", [rec.id])
            rec.id = None


def _change_from_row(row: dict) -> Change:
    return Change(
        id=row["id"],
        action=row["action"],
        user=row["user"] or "",
        time=row["time"],
        summary=row["summary"] or "",
        units=row.get("units") or 0,
        undoes=row["undoes"],
        undone_by=row["undone_by"],
    )


_CHANGE_SQL = f"SELECT c.*, (SELECT count(*) FROM {CHANGE_ROWS} r WHERE r.change_id = c.id) AS units FROM {CHANGES} c"


def get_change(db: sqlite_utils.Database, change_id: int) -> Change:
    """The change with this id; NotFound if there is none."""
    rows = list(db.query(f"{_CHANGE_SQL} WHERE c.id = ?", [change_id]))
    if not rows:
        raise NotFound(f"no change {change_id}")
    return _change_from_row(rows[0])


def changes(db: sqlite_utils.Database, limit: int | None = None, action: str | None = None) -> list[Change]:
    """Changes newest first."""
    sql, params = _CHANGE_SQL, []
    if action:
        sql += " WHERE c.action = ?"
        params.append(action)
    sql += " ORDER BY c.id DESC"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [_change_from_row(r) for r in db.query(sql, params)]


def max_row_id(db: sqlite_utils.Database, table: str) -> int:
    """The highest id of a row of ``table`` that any change recorded (0 if none): ids are never reused."""
    return db.execute(f"SELECT max(row_id) FROM {CHANGE_ROWS} WHERE tbl = ?", [table]).fetchone()[0] or 0
