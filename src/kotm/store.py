"""module for the store's writes: opening a database, mapping Segment and Term records to rows, keeping the
full-text indexes and key counts in step with them, and the user's write actions (add, edit, delete, merge), each one
transaction with its change log.

Reads are ``kotm.queries``; table names are ``kotm.schema``; the keys a row is indexed by are ``kotm.keys``.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kotm import changelog, korean
from kotm.clock import now
from kotm.errors import InputError, KotmError
from kotm.keys import ANALYSIS_VERSION, clean, en_keys, pair_key, tally_keys, term_key, term_lemma_key
from kotm.queries import fetch_rows, pair_holder
from kotm.schema import (
    COLUMNS,
    EDITABLE_BY_TABLE,
    KEY_COUNTS,
    KEY_FTS,
    SEGMENT_INDEXES,
    SEGMENTS,
    SEGMENTS_EN_KEYS_FTS,
    SETTINGS,
    SINGULAR,
    TERMS,
    en_fts,
    ko_fts,
)
from kotm.text import chunks
from kotm.text import source_lang as check_lang
from kotm.units import TERM_STATUSES, Segment, Term

if TYPE_CHECKING:
    import sqlite_utils

BATCH = 1000
TALLY_AT_MOST = 500_000


@dataclass
class AddResult:
    """What an add did: how many rows it added and found already there, their ids (unless only the counts were
    asked for: an import keeps no list of a million ids), and the change it recorded."""

    added: list[int] = field(default_factory=list)
    existing: list[int] = field(default_factory=list)
    change: int | None = None
    n_added: int = 0
    n_existing: int = 0


def _meta(unit: Segment | Term, stamp: str, source: str | None = None) -> tuple[str, ...]:
    """source (``source`` if given, else the unit's), domain, note, creator, created, changed, changer and props
    (JSON), as stored."""
    created = unit.created or stamp
    props = json.dumps(unit.props, ensure_ascii=False, sort_keys=True) if unit.props else ""
    return (
        unit.source if source is None else source,
        unit.domain,
        unit.note,
        unit.creator,
        created,
        unit.changed or created,
        unit.changer,
        props,
    )


@dataclass
class Batch:
    """Rows ready to be written (tuples in ``COLUMNS[table]`` order), with what the indexes need: each row's Korean
    index keys, its English words (segments) and how many rows hold each key. Made by ``prepare``, in this process
    or in an import's reading process (tuples and strings cross a pipe quickly)."""

    table: str
    rows: list[tuple]
    ko_keys: list[str]
    en_words: list[str] = field(default_factory=list)
    counts: dict[str, Counter[str]] = field(default_factory=dict)  # segments: per side, rows holding each key

    def only(self, kept: list[int]) -> Batch:
        """The batch with only the rows at the positions ``kept`` (the others were stored already)."""
        if len(kept) == len(self.rows):
            return self
        dropped = sorted(set(range(len(self.rows))) - set(kept))
        counts = {lang: Counter(c) for lang, c in self.counts.items()}
        for lang, keys in (("ko", self.ko_keys), ("en", self.en_words)):
            if lang in counts:
                counts[lang].subtract(tally_keys(keys[i] for i in dropped))
        return Batch(
            self.table,
            [self.rows[i] for i in kept],
            [self.ko_keys[i] for i in kept],
            [self.en_words[i] for i in kept] if self.en_words else [],
            counts,
        )


def prepare(table: str, rows: list[tuple], tally: bool = True) -> Batch:
    """Compute the index keys of rows of ``table`` (tuples in ``COLUMNS[table]`` order) and, for segments with
    ``tally``, their per-key counts (a bulk import counts them from the indexes at the end instead)."""
    ko_keys = [korean.index_keys(r[0]) for r in rows]
    if table != "segments":
        return Batch(table, rows, ko_keys)
    en_words = [en_keys(r[1]) for r in rows]
    counts = {"ko": tally_keys(ko_keys), "en": tally_keys(en_words)} if tally else {}
    return Batch(table, rows, ko_keys, en_words, counts)


def prepared(table: str, rows: Iterable[tuple], size: int = BATCH, tally: bool = True) -> Iterator[Batch]:
    """Rows in prepared batches of ``size``."""
    for batch in chunks(rows, size):
        yield prepare(table, batch, tally)


def _add(
    db: sqlite_utils.Database, table: str, batches: Iterable[Batch], recount: bool = False, ids: bool = True
) -> AddResult:
    """Insert the rows that are not there yet (by pair_key) and index them, in one transaction with their history.

    :param recount: the batches carry no per-key counts: count them all again from the indexes at the end (a bulk
        import: reading the indexes once costs less than counting every row's keys in Python).
    :param ids: list the ids added and found in the result; else only count them.
    """
    result = AddResult()
    columns = COLUMNS[table]
    at_key = columns.index("pair_key")
    insert = f"INSERT INTO {table} (id, {', '.join(columns)}) VALUES (?, {', '.join('?' * len(columns))})"
    # Per-key segment counts for each side, written every TALLY_AT_MOST keys and at the end.
    tally: dict[str, Counter[str]] = {"ko": Counter(), "en": Counter()}
    with changelog.change(db, "add") as rec:
        next_id = _next_id(db, table)
        if recount and table == "segments":
            _merging(db, False)
        for batch in batches:
            keys = [r[at_key] for r in batch.rows]
            marks = ",".join("?" * len(keys))
            found = dict(db.execute(f"SELECT pair_key, id FROM {table} WHERE pair_key IN ({marks})", keys).fetchall())
            kept: list[int] = []
            new: list[int] = []
            for n, key in enumerate(keys):
                if key in found:  # stored before, or earlier in this batch
                    result.n_existing += 1
                    if ids:
                        result.existing.append(found[key])
                    continue
                found[key] = next_id
                new.append(next_id)
                kept.append(n)
                next_id += 1
            fresh = batch.only(kept)
            db.conn.executemany(insert, [(i, *r) for i, r in zip(new, fresh.rows, strict=True)])
            _index(db, table, new, fresh, tally)
            rec.added(table, new)
            result.n_added += len(new)
            if ids:
                result.added += new
            for lang, counts in tally.items():
                if len(counts) > TALLY_AT_MOST:
                    count_keys(db, lang, counts, +1)
                    counts.clear()
        for lang, counts in tally.items():
            count_keys(db, lang, counts, +1)
        if recount and table == "segments":
            _merging(db, True)
            recount_keys(db)
    result.change = rec.id
    return result


# FTS5 writes an index as segments of posting lists and merges them as they accumulate (automerge, 4 at a time by
# default); a bulk import stops that and merges everything once at the end, which rewrites each posting list fewer
# times (a 1M-segment import: 168 → 143 s; benchmarks/RESULTS.md).


def _merging(db: sqlite_utils.Database, on: bool) -> None:
    """Stop the indexes' merging (``on=False``), or merge each index into one and restore merging as usual."""
    for fts in SEGMENT_INDEXES:
        if on:
            db.execute(f"INSERT INTO {fts} ({fts}) VALUES ('optimize')")
        db.execute(f"INSERT INTO {fts} ({fts}, rank) VALUES ('automerge', ?)", [4 if on else 0])


def _next_id(db: sqlite_utils.Database, table: str) -> int:
    """The id for a new row: above every id the table holds or has held, so that an id is never reused (history
    and undo refer to rows by id)."""
    top = db.execute(f"SELECT max(id) FROM {table}").fetchone()[0] or 0
    return max(top, changelog.max_row_id(db, table)) + 1


def count_keys(db: sqlite_utils.Database, lang: str, counts: Counter[str], sign: int) -> None:
    """Add (sign=+1) or remove (sign=-1) tallied keys from one side's per-key segment counts."""
    db.conn.executemany(
        f"INSERT INTO {KEY_COUNTS[lang]} (key, n) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET n = n + excluded.n",
        [(key, sign * n) for key, n in counts.items() if n],
    )


def _index(
    db: sqlite_utils.Database, table: str, ids: list[int], batch: Batch, tally: dict[str, Counter[str]] | None
) -> None:
    """Add a batch's rows, written with ``ids``, to the full-text indexes and their keys to the per-key counts
    (collected in ``tally`` to be written later, or written at once)."""
    if not ids:
        return
    db.conn.executemany(
        f"INSERT INTO {ko_fts(table)} (rowid, keys) VALUES (?, ?)", zip(ids, batch.ko_keys, strict=True)
    )
    db.conn.executemany(
        f"INSERT INTO {en_fts(table)} (rowid, en) VALUES (?, ?)", zip(ids, (r[1] for r in batch.rows), strict=True)
    )
    if table == SEGMENTS:
        db.conn.executemany(
            f"INSERT INTO {SEGMENTS_EN_KEYS_FTS} (rowid, keys) VALUES (?, ?)", zip(ids, batch.en_words, strict=True)
        )
    for lang, counts in batch.counts.items():
        if tally is None:
            count_keys(db, lang, counts, +1)
        else:
            tally[lang].update(counts)


def _as_tuples(table: str, rows: list[dict]) -> list[tuple]:
    return [tuple(r[c] for c in COLUMNS[table]) for r in rows]


def index_rows(db: sqlite_utils.Database, table: str, rows: list[dict], tally: bool = True) -> None:
    """Add rows (dicts with id, ko, en …) to the table's Korean and English full-text indexes and, with ``tally``,
    their keys to the per-key counts."""
    _index(db, table, [r["id"] for r in rows], prepare(table, _as_tuples(table, rows), tally), None)


def recount_keys(db: sqlite_utils.Database) -> None:
    """Count the per-key segment counts of both sides again, from the key indexes they count."""
    for lang, fts in KEY_FTS.items():
        db.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.kotm_{lang}_vocab USING fts5vocab(main, {fts}, 'row')")
        db.execute(f"DELETE FROM {KEY_COUNTS[lang]}")
        db.execute(
            f"INSERT INTO {KEY_COUNTS[lang]} (key, n) SELECT term, doc FROM temp.kotm_{lang}_vocab WHERE doc > 0"
        )


def unindex_rows(db: sqlite_utils.Database, table: str, rows: Iterable[dict], tally: bool = True) -> None:
    """Remove rows, given with the values they were indexed with, from the full-text indexes (and, with ``tally``,
    their keys from the per-key counts).

    Neither index can find the old entries by itself: the Korean one is contentless and the English one reads its
    content table, so both get FTS5's 'delete' command with the old values.
    """
    rows = list(rows)
    batch = prepare(table, _as_tuples(table, rows), tally)
    db.conn.executemany(
        f"INSERT INTO {ko_fts(table)} ({ko_fts(table)}, rowid, keys) VALUES ('delete', ?, ?)",
        [(r["id"], k) for r, k in zip(rows, batch.ko_keys, strict=True)],
    )
    for lang, counts in batch.counts.items():
        count_keys(db, lang, counts, -1)
    db.conn.executemany(
        f"INSERT INTO {en_fts(table)} ({en_fts(table)}, rowid, en) VALUES ('delete', ?, ?)",
        [(r["id"], r["en"]) for r in rows],
    )
    if table == SEGMENTS:
        db.conn.executemany(
            f"INSERT INTO {SEGMENTS_EN_KEYS_FTS} ({SEGMENTS_EN_KEYS_FTS}, rowid, keys) VALUES ('delete', ?, ?)",
            [(r["id"], k) for r, k in zip(rows, batch.en_words, strict=True)],
        )


def _derived(table: str, row: dict) -> dict:
    """A term's row with the keys derived by live code made again: a row recorded in the history before they
    existed (or before the analysis changed) is put back with them right."""
    return {**row, "ko_lemma": term_lemma_key(row["ko"])} if table == TERMS else row


def insert_rows(db: sqlite_utils.Database, table: str, rows: Iterable[dict], tally: bool = True) -> None:
    """Insert whole rows, ids included (undo of a delete), and index them (``tally``: see ``index_rows``)."""
    rows = [_derived(table, row) for row in rows]
    for row in rows:
        db.execute(
            f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
            list(row.values()),
        )
    index_rows(db, table, rows, tally)


def delete_rows(db: sqlite_utils.Database, table: str, rows: Iterable[dict], tally: bool = True) -> None:
    """Delete rows (given as they are stored) and their index entries (``tally``: see ``unindex_rows``)."""
    rows = list(rows)
    unindex_rows(db, table, rows, tally)
    for batch in chunks([r["id"] for r in rows], 500):
        db.execute(f"DELETE FROM {table} WHERE id IN ({','.join('?' * len(batch))})", batch)


def replace_row(db: sqlite_utils.Database, table: str, old: dict, new: dict) -> None:
    """Overwrite a row's values with ``new``, re-indexing its text if that changed."""
    reindex = old["ko"] != new["ko"] or old["en"] != new["en"]
    new = _derived(table, new)
    if reindex:
        unindex_rows(db, table, [old])
    values = {k: v for k, v in new.items() if k != "id"}
    db.execute(
        f"UPDATE {table} SET {', '.join(f'{k} = ?' for k in values)} WHERE id = ?",
        [*values.values(), old["id"]],
    )
    if reindex:
        index_rows(db, table, [{**new, "id": old["id"]}])


def segment_rows(
    segments: Iterable[Segment], stamp: str | None = None, *, source: str | None = None, fallback_source: str = ""
) -> Iterator[tuple]:
    """The rows (``COLUMNS["segments"]``) that store segments: cleaned text, metadata, pair_key. InputError for a
    segment that cannot be stored.

    :param source: the source of every row; without it a segment's own, or ``fallback_source`` if it has none.
    """
    stamp = stamp or now()
    for s in segments:
        ko, en = clean(s.ko, "ko"), clean(s.en, "en")
        where = source if source is not None else s.source or fallback_source
        yield (ko, en, *_meta(s, stamp, where), s.ko_markup, s.en_markup, pair_key(ko, en), check_lang(s.source_lang))


def term_rows(terms: Iterable[Term], stamp: str | None = None) -> Iterator[tuple]:
    """The rows (``COLUMNS["terms"]``) that store glossary terms, as ``segment_rows`` does segments."""
    stamp = stamp or now()
    for t in terms:
        ko, en = korean.normalize(clean(t.ko, "ko", latin_ok=True)), korean.normalize(clean(t.en, "en"))
        yield (
            ko,
            en,
            term_key(ko),
            *_meta(t, stamp),
            pair_key(ko, en),
            term_lemma_key(ko),
            check_lang(t.source_lang),
            term_status(t.status),
        )


def term_status(status: str) -> str:
    """A term's status as stored: one of ``TERM_STATUSES`` (any case) or ""; InputError for anything else."""
    value = (status or "").strip().lower()
    if value and value not in TERM_STATUSES:
        raise InputError(f"unknown term status {status!r} (choose from {', '.join(TERM_STATUSES)})")
    return value


def add_segments(db: sqlite_utils.Database, segments: Iterable[Segment]) -> AddResult:
    """Add segments in one transaction; pairs already stored are reported in ``existing``, not stored twice."""
    return _add(db, "segments", prepared("segments", segment_rows(segments, now())))


def add_prepared(
    db: sqlite_utils.Database, table: str, batches: Iterable[Batch], recount: bool = False, ids: bool = True
) -> AddResult:
    """Add rows that ``segment_rows``/``term_rows`` and ``prepare`` made (possibly in another process), as
    ``add_segments`` and ``add_terms`` do. With ``recount`` the batches were prepared without counts
    (``tally=False``) and the keys are counted from the indexes at the end; without ``ids`` the result has only
    the counts (``n_added``, ``n_existing``)."""
    return _add(db, table, batches, recount, ids)


def add_terms(db: sqlite_utils.Database, terms: Iterable[Term]) -> AddResult:
    """Add glossary terms in one transaction; a Korean term may have several English renderings."""
    return _add(db, "terms", prepared("terms", term_rows(terms, now())))


def _edit(db: sqlite_utils.Database, table: str, row_id: int, values: dict[str, str | None]) -> int | None:
    editable = EDITABLE_BY_TABLE[table]
    unknown = set(values) - set(editable)
    if unknown:
        raise TypeError(f"cannot edit {', '.join(sorted(unknown))}")
    one = SINGULAR[table]
    with changelog.change(db, "edit") as rec:
        old = fetch_rows(db, table, [row_id])[row_id]
        new = dict(old)
        for name, value in values.items():
            if value is None:
                continue
            if name in ("ko", "en"):
                value = clean(value, name, latin_ok=table == "terms")
                if table == "terms":
                    value = korean.normalize(value)
            elif name == "status":
                value = term_status(value)
            else:
                value = value.strip()
            new[name] = value
        fields = [name for name in editable if new[name] != old[name]]
        if not fields:
            return None
        if table == "terms":
            new["ko_key"], new["ko_lemma"] = term_key(new["ko"]), term_lemma_key(new["ko"])
        new["pair_key"] = pair_key(new["ko"], new["en"])
        other = pair_holder(db, table, new["pair_key"], row_id)
        if other is not None:
            raise InputError(f"{one} {other} already holds this pair; nothing changed")
        new["changed"], new["changer"] = now(), changelog.current_user()
        replace_row(db, table, old, new)
        rec.rows(table, [(row_id, old, new)])
        rec.detail = ", ".join(fields)
    return rec.id


def edit_segment(db: sqlite_utils.Database, segment_id: int, **values: str | None) -> int | None:
    """Change a segment's ``ko``, ``en``, ``note``, ``domain`` or ``source`` (None leaves a field alone).

    The indexes are updated in the same transaction, with the change's history, so a search right after finds the
    new text and not the old. Returns the change id, or None when the values are already so.
    Raises NotFound for an unknown id, InputError for an empty side, Korean without Hangul, or a pair that another
    segment holds; nothing is changed then.
    """
    return _edit(db, "segments", segment_id, values)


def edit_term(db: sqlite_utils.Database, term_id: int, **values: str | None) -> int | None:
    """Change a glossary term, as ``edit_segment`` does a segment; a term's ``status`` can be changed too."""
    return _edit(db, "terms", term_id, values)


def delete(db: sqlite_utils.Database, table: str, ids: Iterable[int]) -> int | None:
    """Delete segments or terms (``table``) by id, with their index entries and history, in one transaction.

    Returns the change id (None when ``ids`` is empty). An id that does not exist raises NotFound, and nothing is
    deleted.
    """
    with changelog.change(db, "delete") as rec:
        rows = fetch_rows(db, table, ids)
        delete_rows(db, table, rows.values())
        rec.rows(table, ((rid, row, None) for rid, row in rows.items()))
    return rec.id


def merge(db: sqlite_utils.Database, table: str, groups: Iterable[tuple[int, list[int], dict[str, str]]]) -> int | None:
    """Merge groups of units in one change (action ``merge``, which ``undo`` reverts): in each group
    ``(keep, drop, values)`` the unit ``keep`` takes ``values`` (metadata such as the union of the group's sources)
    and the units ``drop`` are deleted. Returns the change id, None when there was nothing to merge."""
    groups = list(groups)
    with changelog.change(db, "merge") as rec:
        stamp, user = now(), changelog.current_user()
        for keep_id, drop_ids, values in groups:
            rows = fetch_rows(db, table, [keep_id, *drop_ids])
            keep = rows[keep_id]
            new = {**keep, **values, "changed": stamp, "changer": user}
            replace_row(db, table, keep, new)
            rec.rows(table, [(keep_id, keep, new)])
            dropped = [rows[i] for i in drop_ids]
            delete_rows(db, table, dropped)
            rec.rows(table, ((r["id"], r, None) for r in dropped))
        removed = [i for _, drop_ids, _ in groups for i in drop_ids]
        rec.text = f"{len(groups)} groups of duplicates; removed {changelog.describe(table, removed)}"
    return rec.id


def open_db(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if needed) the database at ``path`` with every migration applied.

    The connection uses WAL journaling and a busy timeout, so readers never block a writer and a second writer waits
    instead of failing. A file that is not a kotm database, or one written by a newer kotm, is refused before
    anything is written to it; a read-only database opens for reading, and writing to it raises a clear KotmError.
    """
    from kotm import db as connection
    from kotm import migrations

    database = connection.connect(path, check=migrations.check)
    try:
        migrations.migrate(database)
        refresh_analysis(database)
    except BaseException:
        database.close()
        raise
    return database


def refresh_analysis(db: sqlite_utils.Database) -> None:
    """Derive the lemma keys of every term again when they were made by another version of the analysis
    (``kotm.keys.ANALYSIS_VERSION``; a new database, or one upgraded by m007, has version 0).

    Only the derived column changes, so no change is recorded. A database that cannot be written keeps its keys
    (and is used read-only as it is).
    """
    from kotm.db import log, writing

    def stored() -> str | None:
        row = db.execute(f"SELECT value FROM {SETTINGS} WHERE key = 'analysis_version'").fetchone()
        return row[0] if row else None

    if SETTINGS not in db.table_names() or stored() == str(ANALYSIS_VERSION):
        return  # (no settings: a schema before m007, which only a test that stops the migrations early makes)
    try:
        with writing(db):
            if stored() == str(ANALYSIS_VERSION):
                return  # another process did it meanwhile
            rows = db.execute(f"SELECT id, ko, ko_lemma FROM {TERMS}").fetchall()
            keys = ((term_lemma_key(ko), i, old) for i, ko, old in rows)
            changed = [(key, i) for key, i, old in keys if key != old]
            db.conn.executemany(f"UPDATE {TERMS} SET ko_lemma = ? WHERE id = ?", changed)
            db.execute(
                f"INSERT INTO {SETTINGS} (key, value) VALUES ('analysis_version', ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [str(ANALYSIS_VERSION)],
            )
    except KotmError as e:
        log.info("the glossary's lemma keys are from another version of kotm and cannot be updated: %s", e)
