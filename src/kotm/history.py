"""module for reading and reverting the change log: what changes did to a row, and undo (and so redo).

The log is written by ``kotm.changelog`` as the store writes; undo puts rows back through the store's primitives, in
one change of its own.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from kotm import queries, store
from kotm.changelog import Change, Recorder, RowChange, change, get_change
from kotm.errors import InputError, NotFound
from kotm.schema import SINGULAR

if TYPE_CHECKING:
    import sqlite_utils


def _load(text: str | None) -> dict | None:
    return None if text is None else json.loads(text)


def row_history(
    db: sqlite_utils.Database,
    table: str | None = None,
    row_id: int | None = None,
    change_id: int | None = None,
    limit: int | None = None,
) -> list[RowChange]:
    """What changes did to rows: every change of one row (``table`` and ``row_id``, oldest first), or every row of
    one change (``change_id``, in the order they were changed).

    An add records no values; they are filled in here from the next change of the row, or the row as it is now.
    """
    if change_id is not None:
        change = get_change(db, change_id)
        sql, params = "SELECT rowid, * FROM change_rows WHERE change_id = ? ORDER BY rowid", [change_id]
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        changes_by_id = {change.id: change}
    else:
        if table is None or row_id is None:
            raise TypeError("row_history needs table and row_id, or change_id")
        sql, params = (
            "SELECT rowid, * FROM change_rows WHERE tbl = ? AND row_id = ? ORDER BY change_id",
            [table, row_id],
        )
        changes_by_id = {}
    out = []
    for row in db.query(sql, params):
        cid = row["change_id"]
        if cid not in changes_by_id:
            changes_by_id[cid] = get_change(db, cid)
        before, after = _load(row["before"]), _load(row["after"])
        if before is None and after is None:
            after = _as_added(db, row["tbl"], row["row_id"], cid)
        out.append(RowChange(changes_by_id[cid], row["tbl"], row["row_id"], before, after))
    if change_id is None and not out and not _current(db, table, row_id):
        raise NotFound(f"no {SINGULAR[table]} {row_id} and no history of one")
    return out


def _current(db: sqlite_utils.Database, table: str, row_id: int) -> dict | None:
    rows = list(db.query(f"SELECT * FROM {table} WHERE id = ?", [row_id]))
    return rows[0] if rows else None


def _as_added(db: sqlite_utils.Database, table: str, row_id: int, change_id: int) -> dict | None:
    """The row as the add of ``change_id`` left it: the ``before`` of its next change, or the row now."""
    later = db.execute(
        "SELECT before FROM change_rows WHERE tbl = ? AND row_id = ? AND change_id > ? ORDER BY change_id, rowid "
        "LIMIT 1",
        [table, row_id, change_id],
    ).fetchone()
    if later is not None:
        return _load(later[0])
    return _current(db, table, row_id)


def _last_change_of(db: sqlite_utils.Database, table: str, row_id: int) -> int | None:
    row = db.execute("SELECT max(change_id) FROM change_rows WHERE tbl = ? AND row_id = ?", [table, row_id]).fetchone()
    return row[0]


def _same(current: dict | None, expected: dict | None) -> bool:
    if current is None or expected is None:
        return current is expected
    return all(current.get(k) == v for k, v in expected.items())


def undo_target(db: sqlite_utils.Database, change_id: int | None = None) -> Change:
    """The change ``undo`` would revert: ``change_id``, or by default the latest change still in effect that is not
    itself an undo (so that undo after undo steps further back, as in an editor). NotFound or InputError if none."""
    if change_id is None:
        row = db.execute(
            "SELECT id FROM changes WHERE undone_by IS NULL AND action != 'undo' ORDER BY id DESC LIMIT 1"
        ).fetchone()
        if row is None:
            raise NotFound("there is no change to undo")
        change_id = row[0]
    target = get_change(db, change_id)
    if target.undone_by is not None:
        raise InputError(f"change {target.id} is already undone (by change {target.undone_by})")
    return target


def redo_target(db: sqlite_utils.Database) -> Change:
    """The undo that ``redo`` reverts: the latest undo still in effect of a change that is not an undo itself (a
    redo is an undo of an undo, and is not redone again). NotFound when nothing is undone."""
    row = db.execute(
        "SELECT c.id FROM changes c JOIN changes t ON t.id = c.undoes "
        "WHERE c.action = 'undo' AND c.undone_by IS NULL AND t.action != 'undo' ORDER BY c.id DESC LIMIT 1"
    ).fetchone()
    if row is None:
        raise NotFound("there is nothing to redo: no change is undone")
    return get_change(db, row[0])


def redo(
    db: sqlite_utils.Database,
    progress: Callable[[int, int], None] | None = None,
    confirm: Callable[[Change], bool] | None = None,
) -> Change | None:
    """Make the latest undone change again, by undoing its undo (see ``undo``); repeated, it redoes the undos
    before, latest first. Returns the new change, or None when ``confirm`` declined."""
    return undo(db, redo_target(db).id, progress=progress, confirm=confirm)


def undo(
    db: sqlite_utils.Database,
    change_id: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    confirm: Callable[[Change], bool] | None = None,
) -> Change | None:
    """Revert a change (by default the latest one not yet undone, undos aside: see ``undo_target``) and return the
    undo, itself a change.

    Undoing an undo redoes the change. A change can only be undone while its units are as it left them: a unit
    changed since makes an ``InputError`` naming the later change to undo first, and nothing is changed.

    :param progress: called with how many of the change's units are reverted so far, and how many it has.
    :param confirm: called with the change to revert before anything is done; when it returns False nothing is
        done and None is returned (a front end asks there before a big undo).
    """
    target = undo_target(db, change_id)
    if confirm is not None and not confirm(target):
        return None
    label = f"undo change {target.id} ({target.action})"
    with change(db, "undo", label=label, undoes=target.id) as rec:
        if rec.action != "undo":
            raise RuntimeError("undo cannot run inside another change")
        # The rows of an import (adds only) or of a deletion (deletes only) are checked, then removed or restored,
        # a thousand at a time and in id order: FTS5 writes its pending entries out whenever a row comes below the
        # last one it took, so going down the ids made one index segment per row. A change of a tenth of the
        # segments or more has its key counts made again from the indexes at the end, as a bulk import does.
        # Undoing a 1M-segment import takes 230 s in 55 MB this way; row by row it ran for more than 22 minutes
        # and 443 MB (benchmarks/RESULTS.md). Other changes (edits, merges) are undone row by row, latest first,
        # each seeing the rows the ones before it restored.
        kind = _kind(db, target.id)
        size = db.execute("SELECT max(id) FROM segments").fetchone()[0] or 0
        segments = db.execute(
            "SELECT count(*) FROM change_rows WHERE change_id = ? AND tbl = 'segments'", [target.id]
        ).fetchone()[0]
        recount = kind is not None and segments > 0 and segments * 10 >= size
        done = 0
        for batch in _change_rows(db, target.id, descending=kind is None):
            rows = [(r["tbl"], r["row_id"], _load(r["before"]), _load(r["after"])) for r in batch]
            for part in [rows] if kind is not None else ([row] for row in rows):
                _revert(db, rec, _checked_all(db, target, part, kind), kind, not recount)
            done += len(rows)
            if progress is not None:
                progress(done, target.units)
        if recount:
            store.recount_keys(db)
        _set_undone(db, target.id, rec.id)
    return get_change(db, rec.id)


def _kind(db: sqlite_utils.Database, change_id: int) -> str | None:
    """'add' when every row of the change was added, 'delete' when every row was deleted, else None."""
    kinds = {
        kind
        for (kind,) in db.execute(
            "SELECT DISTINCT CASE WHEN before IS NULL AND after IS NULL THEN 'add' WHEN after IS NULL THEN 'delete' "
            "ELSE 'edit' END FROM change_rows WHERE change_id = ?",
            [change_id],
        )
    }
    return kinds.pop() if len(kinds) == 1 and kinds != {"edit"} else None


def _change_rows(db: sqlite_utils.Database, change_id: int, descending: bool = True) -> Iterator[list[dict]]:
    """The rows a change recorded, latest (or with ``descending=False`` earliest) first, in batches (an import's
    million rows are never all in memory, and the undo's own rows, written meanwhile, are never read)."""
    size = store.BATCH
    last = None
    order, beyond = ("DESC", "<") if descending else ("ASC", ">")
    while True:
        after_last = "" if last is None else f" AND rowid {beyond} ?"
        batch = list(
            db.query(
                f"SELECT rowid, * FROM change_rows WHERE change_id = ?{after_last} ORDER BY rowid {order} LIMIT {size}",
                [change_id] if last is None else [change_id, last],
            )
        )
        if batch:
            yield batch
        if len(batch) < size:
            return
        last = batch[-1]["rowid"]


def _checked_all(
    db: sqlite_utils.Database, target: Change, rows: list[tuple[str, int, dict | None, dict | None]], kind: str | None
) -> list[tuple[str, int, dict | None, dict | None]]:
    """Rows of the change (table, id, before, after) as (table, id, row now, before), once each is checked.

    For an import or a deletion, a few queries settle the usual case for a whole batch (an added row that is there
    and no later change touched; a deleted row that is gone and whose pair no row holds); any other row gets the
    checks of ``_checked``, which say what stops the undo.
    """
    if kind is None:
        return [
            (table, rid, _checked(db, target, table, rid, before, after), before) for table, rid, before, after in rows
        ]
    out = []
    for table in sorted({r[0] for r in rows}):
        of_table = [r for r in rows if r[0] == table]
        ids = [r[1] for r in of_table]
        marks = ",".join("?" * len(ids))
        current = {r["id"]: r for r in db.query(f"SELECT * FROM {table} WHERE id IN ({marks})", ids)}
        if kind == "add":
            later = {
                i
                for (i,) in db.execute(
                    f"SELECT row_id FROM change_rows WHERE tbl = ? AND row_id IN ({marks}) AND change_id > ?",
                    [table, *ids, target.id],
                )
            }
        else:
            keys = [before["pair_key"] for _, _, before, _ in of_table if before]
            in_keys = ",".join("?" * len(keys))
            held = {k for (k,) in db.execute(f"SELECT pair_key FROM {table} WHERE pair_key IN ({in_keys})", keys)}
        for _, rid, before, after in of_table:
            now = current.get(rid)
            if kind == "add":
                usual = now is not None and rid not in later
            else:
                usual = now is None and before is not None and before["pair_key"] not in held
            out.append((table, rid, now if usual else _checked(db, target, table, rid, before, after), before))
    return out


def _checked(
    db: sqlite_utils.Database, target: Change, table: str, rid: int, before: dict | None, after: dict | None
) -> dict | None:
    """The row as it is now, once it is sure the change can be undone for it: else InputError naming the reason."""
    current = _current(db, table, rid)
    if before is None and after is None:  # an add: the row must be as it was added
        ok = current is not None and _same(current, _as_added(db, table, rid, target.id))
    else:
        ok = _same(current, after)
    if not ok:
        later = _last_change_of(db, table, rid)
        what = f"{SINGULAR[table]} {rid}"
        if later and later != target.id:
            action = get_change(db, later).action
            raise InputError(
                f"cannot undo change {target.id}: {what} has been changed since, by change {later} ({action}); "
                "undo that first"
            )
        raise InputError(f"cannot undo change {target.id}: {what} is not as that change left it")
    if before is not None:
        other = queries.pair_holder(db, table, before["pair_key"], rid)
        if other is not None:
            raise InputError(
                f"cannot undo change {target.id}: the pair of {SINGULAR[table]} {rid} is stored again as "
                f"{SINGULAR[table]} {other}; delete that first"
            )
    return current


def _revert(
    db: sqlite_utils.Database,
    rec: Recorder,
    rows: list[tuple[str, int, dict | None, dict | None]],
    kind: str | None,
    tally: bool = True,
) -> None:
    """Put checked rows (table, id, row now, row before the change) back as they were before the change: all of
    them removed (kind 'add') or restored ('delete') at once, in id order, else one by one. Without ``tally`` the
    per-key counts are left to be made again afterwards."""
    for table in sorted({r[0] for r in rows}):
        of_table = [r for r in rows if r[0] == table]
        if kind is not None:
            of_table.sort(key=lambda r: r[1])
        if kind == "add":
            store.delete_rows(db, table, [current for _, _, current, _ in of_table], tally)
        elif kind == "delete":
            store.insert_rows(db, table, [before for _, _, _, before in of_table], tally)
        else:
            for _, _, current, before in of_table:
                if before is None:
                    store.delete_rows(db, table, [current])
                elif current is None:
                    store.insert_rows(db, table, [before])
                else:
                    store.replace_row(db, table, current, before)
        rec.rows(table, [(rid, current, before) for _, rid, current, before in of_table])


def _set_undone(db: sqlite_utils.Database, change_id: int, by: int | None) -> None:
    """Mark a change as reverted by ``by`` (None: in effect again); what an undo undid flips the other way."""
    db.execute("UPDATE changes SET undone_by = ? WHERE id = ?", [by, change_id])
    undoes = db.execute("SELECT undoes FROM changes WHERE id = ?", [change_id]).fetchone()[0]
    if undoes is not None:
        _set_undone(db, undoes, None if by is not None else change_id)
