"""module that maps Segment and Term records to rows and keeps the full-text indexes in step with them."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice, pairwise
from typing import TYPE_CHECKING

from kotm import history, korean
from kotm.db import now
from kotm.errors import InputError, NotFound
from kotm.units import Segment, Term

if TYPE_CHECKING:
    import sqlite_utils

BATCH = 1000
TALLY_AT_MOST = 500_000
TABLES = ("segments", "terms")
EDITABLE = ("ko", "en", "note", "domain", "source")


@dataclass
class AddResult:
    """What an add did: how many rows it added and found already there, their ids (unless only the counts were
    asked for: an import keeps no list of a million ids), and the change it recorded."""

    added: list[int] = field(default_factory=list)
    existing: list[int] = field(default_factory=list)
    change: int | None = None
    n_added: int = 0
    n_existing: int = 0


def pair_key(ko: str, en: str) -> int:
    """A signed 64-bit key of the normalised pair: equal for pairs that differ only in spacing or Unicode form."""
    text = korean.normalize(ko) + "\t" + korean.normalize(en)
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big", signed=True)


def term_key(ko: str) -> str:
    """The Korean of a term without spacing, lower-cased: 국제 IT 협력센터 and 국제 IT협력센터 share it."""
    return "".join(korean.normalize(ko).split()).lower()


def clean(text: str, side: str) -> str:
    """The text as stored: NFC, without leading or trailing whitespace. Raises InputError if it cannot be stored."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = text.strip()
    if not text:
        raise InputError(f"the {'Korean' if side == 'ko' else 'English'} text is empty")
    if side == "ko" and not korean.has_hangul(text):
        raise InputError(f"the Korean text holds no Hangul: {text!r}")
    return text


def _batches(items: Iterable, size: int = BATCH) -> Iterator[list]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


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


# The columns of the rows that segment_rows and term_rows make, in their order (the id is given when written).
_META = ("source", "domain", "note", "creator", "created", "changed", "changer", "props")
COLUMNS = {
    "segments": ("ko", "en", *_META, "ko_markup", "en_markup", "pair_key"),
    "terms": ("ko", "en", "ko_key", *_META, "pair_key"),
}


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
    for batch in _batches(rows, size):
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
    with history.change(db, "add") as rec:
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


# The full-text indexes of the segments. FTS5 writes an index as segments of posting lists and merges them as they
# accumulate (automerge, 4 at a time by default); a bulk import stops that and merges everything once at the end,
# which rewrites each posting list fewer times (a 1M-segment import: 168 → 143 s; benchmarks/RESULTS.md).
_SEGMENT_INDEXES = ("segments_ko_fts", "segments_en_fts", "segments_en_keys_fts")


def _merging(db: sqlite_utils.Database, on: bool) -> None:
    """Stop the indexes' merging (``on=False``), or merge each index into one and restore merging as usual."""
    for fts in _SEGMENT_INDEXES:
        if on:
            db.execute(f"INSERT INTO {fts} ({fts}) VALUES ('optimize')")
        db.execute(f"INSERT INTO {fts} ({fts}, rank) VALUES ('automerge', ?)", [4 if on else 0])


def _next_id(db: sqlite_utils.Database, table: str) -> int:
    """The id for a new row: above every id the table holds or has held, so that an id is never reused (history
    and undo refer to rows by id)."""
    top = db.execute(f"SELECT max(id) FROM {table}").fetchone()[0] or 0
    gone = db.execute("SELECT max(row_id) FROM change_rows WHERE tbl = ?", [table]).fetchone()[0] or 0
    return max(top, gone) + 1


# The English keys that fuzzy matching looks up: what segments_en_keys_fts holds and segments_en_keys counts.
_EN_WORD = re.compile(r"[^\W_]+")
_PAIR = "\u00b7"  # joins a word to the next in a pair key; a middle dot is never part of a word


def en_keys(text: str) -> str:
    """The English keys of a text: its words, lower-cased, and each word paired with the next.

    Pairs are what make English keys telling: a sentence of common words ("the path to the file") holds few rare
    words but rarer pairs. At 1M segments they took English fuzzy matching from 36 to 6 ms (median) and its recall
    from 0.992 to 0.997 (benchmarks/RESULTS.md).

    >>> en_keys("Korea's 5G Cooperation")
    'korea s 5g cooperation korea·s s·5g 5g·cooperation'
    """
    words = _EN_WORD.findall(text.lower())
    return " ".join(words + [a + _PAIR + b for a, b in pairwise(words)])


def tally_keys(index_keys: Iterable[str], counts: Counter[str] | None = None) -> Counter[str]:
    """How many of the texts (given as their space-separated keys) hold each key, added to ``counts``."""
    counts = Counter() if counts is None else counts
    for keys in index_keys:
        counts.update(set(keys.split()))
    return counts


def count_keys(db: sqlite_utils.Database, lang: str, counts: Counter[str], sign: int) -> None:
    """Add (sign=+1) or remove (sign=-1) tallied keys from one side's per-key segment counts."""
    db.conn.executemany(
        f"INSERT INTO segments_{lang}_keys (key, n) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET n = n + excluded.n",
        [(key, sign * n) for key, n in counts.items() if n],
    )


def _index(
    db: sqlite_utils.Database, table: str, ids: list[int], batch: Batch, tally: dict[str, Counter[str]] | None
) -> None:
    """Add a batch's rows, written with ``ids``, to the full-text indexes and their keys to the per-key counts
    (collected in ``tally`` to be written later, or written at once)."""
    if not ids:
        return
    db.conn.executemany(f"INSERT INTO {table}_ko_fts (rowid, keys) VALUES (?, ?)", zip(ids, batch.ko_keys, strict=True))
    db.conn.executemany(
        f"INSERT INTO {table}_en_fts (rowid, en) VALUES (?, ?)", zip(ids, (r[1] for r in batch.rows), strict=True)
    )
    if table == "segments":
        db.conn.executemany(
            "INSERT INTO segments_en_keys_fts (rowid, keys) VALUES (?, ?)", zip(ids, batch.en_words, strict=True)
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
    for lang, fts in (("ko", "segments_ko_fts"), ("en", "segments_en_keys_fts")):
        db.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.kotm_{lang}_vocab USING fts5vocab(main, {fts}, 'row')")
        db.execute(f"DELETE FROM segments_{lang}_keys")
        db.execute(
            f"INSERT INTO segments_{lang}_keys (key, n) SELECT term, doc FROM temp.kotm_{lang}_vocab WHERE doc > 0"
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
        f"INSERT INTO {table}_ko_fts ({table}_ko_fts, rowid, keys) VALUES ('delete', ?, ?)",
        [(r["id"], k) for r, k in zip(rows, batch.ko_keys, strict=True)],
    )
    for lang, counts in batch.counts.items():
        count_keys(db, lang, counts, -1)
    db.conn.executemany(
        f"INSERT INTO {table}_en_fts ({table}_en_fts, rowid, en) VALUES ('delete', ?, ?)",
        [(r["id"], r["en"]) for r in rows],
    )
    if table == "segments":
        db.conn.executemany(
            "INSERT INTO segments_en_keys_fts (segments_en_keys_fts, rowid, keys) VALUES ('delete', ?, ?)",
            [(r["id"], k) for r, k in zip(rows, batch.en_words, strict=True)],
        )


def fetch_rows(db: sqlite_utils.Database, table: str, ids: Iterable[int]) -> dict[int, dict]:
    """The rows with these ids, in the order given; NotFound (naming the missing ids) if any does not exist."""
    ids = list(dict.fromkeys(ids))
    found: dict[int, dict] = {}
    for batch in _batches(ids, 500):
        marks = ",".join("?" * len(batch))
        for row in db.query(f"SELECT * FROM {table} WHERE id IN ({marks})", batch):
            found[row["id"]] = row
    missing = [i for i in ids if i not in found]
    if missing:
        what = history.SINGULAR[table] if len(missing) == 1 else table
        raise NotFound(f"no {what} {', '.join(map(str, missing))}; nothing changed")
    return {i: found[i] for i in ids}


def pair_holder(db: sqlite_utils.Database, table: str, key: int, other_than: int | None = None) -> int | None:
    """The id of the row holding the pair with this pair_key, other than ``other_than``, or None."""
    row = db.execute(f"SELECT id FROM {table} WHERE pair_key = ? AND id IS NOT ?", [key, other_than]).fetchone()
    return row[0] if row else None


def insert_rows(db: sqlite_utils.Database, table: str, rows: Iterable[dict], tally: bool = True) -> None:
    """Insert whole rows, ids included (undo of a delete), and index them (``tally``: see ``index_rows``)."""
    rows = list(rows)
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
    for batch in _batches([r["id"] for r in rows], 500):
        db.execute(f"DELETE FROM {table} WHERE id IN ({','.join('?' * len(batch))})", batch)


def replace_row(db: sqlite_utils.Database, table: str, old: dict, new: dict) -> None:
    """Overwrite a row's values with ``new``, re-indexing its text if that changed."""
    reindex = old["ko"] != new["ko"] or old["en"] != new["en"]
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
        yield (ko, en, *_meta(s, stamp, where), s.ko_markup, s.en_markup, pair_key(ko, en))


def term_rows(terms: Iterable[Term], stamp: str | None = None) -> Iterator[tuple]:
    """The rows (``COLUMNS["terms"]``) that store glossary terms, as ``segment_rows`` does segments."""
    stamp = stamp or now()
    for t in terms:
        ko, en = korean.normalize(clean(t.ko, "ko")), korean.normalize(clean(t.en, "en"))
        yield (ko, en, term_key(ko), *_meta(t, stamp), pair_key(ko, en))


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


def _props(row: dict) -> dict[str, str]:
    return json.loads(row["props"]) if row.get("props") else {}


def segment_from_row(row: dict) -> Segment:
    fields = {k: row[k] for k in Segment.__dataclass_fields__ if k in row}
    fields["props"] = _props(row)
    for side in ("ko_markup", "en_markup"):
        if fields.get(side) is None:
            fields[side] = ""
    return Segment(**fields)


def term_from_row(row: dict) -> Term:
    fields = {k: row[k] for k in Term.__dataclass_fields__ if k in row}
    fields["props"] = _props(row)
    return Term(**fields)


def _edit(db: sqlite_utils.Database, table: str, row_id: int, values: dict[str, str | None]) -> int | None:
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise TypeError(f"cannot edit {', '.join(sorted(unknown))}")
    one = history.SINGULAR[table]
    with history.change(db, "edit") as rec:
        old = fetch_rows(db, table, [row_id])[row_id]
        new = dict(old)
        for name, value in values.items():
            if value is None:
                continue
            if name in ("ko", "en"):
                value = clean(value, name)
                if table == "terms":
                    value = korean.normalize(value)
            else:
                value = value.strip()
            new[name] = value
        fields = [name for name in EDITABLE if new[name] != old[name]]
        if not fields:
            return None
        if table == "terms":
            new["ko_key"] = term_key(new["ko"])
        new["pair_key"] = pair_key(new["ko"], new["en"])
        other = pair_holder(db, table, new["pair_key"], row_id)
        if other is not None:
            raise InputError(f"{one} {other} already holds this pair; nothing changed")
        new["changed"], new["changer"] = now(), history.current_user()
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
    """Change a glossary term, as ``edit_segment`` does a segment."""
    return _edit(db, "terms", term_id, values)


def delete(db: sqlite_utils.Database, table: str, ids: Iterable[int]) -> int | None:
    """Delete segments or terms (``table``) by id, with their index entries and history, in one transaction.

    Returns the change id (None when ``ids`` is empty). An id that does not exist raises NotFound, and nothing is
    deleted.
    """
    with history.change(db, "delete") as rec:
        rows = fetch_rows(db, table, ids)
        delete_rows(db, table, rows.values())
        rec.rows(table, ((rid, row, None) for rid, row in rows.items()))
    return rec.id


def select_ids(
    db: sqlite_utils.Database, table: str, source: str | None = None, domain: str | None = None
) -> list[int]:
    """Ids of the rows from ``source`` and in ``domain`` (None: any), oldest first."""
    where, params = _where(table, source=source, domain=domain)
    return [r[0] for r in db.execute(f"SELECT id FROM {table}{where} ORDER BY id", params)]


def list_units(
    db: sqlite_utils.Database,
    table: str = "segments",
    source: str | None = None,
    domain: str | None = None,
    since: str | None = None,
    limit: int | None = None,
) -> tuple[list[Segment] | list[Term], int]:
    """Stored segments or terms, most recently changed first, and how many match in all.

    :param since: an ISO 8601 date or time (``2024-05-01``); only units changed then or later.
    """
    where, params = _where(table, source=source, domain=domain, since=since)
    total = db.execute(f"SELECT count(*) FROM {table}{where}", params).fetchone()[0]
    sql = f"SELECT * FROM {table}{where} ORDER BY changed DESC, id DESC"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    convert = segment_from_row if table == "segments" else term_from_row
    return [convert(row) for row in db.query(sql, params)], total


def get_segments(db: sqlite_utils.Database, ids: Iterable[int]) -> dict[int, Segment]:
    ids = list(ids)
    out: dict[int, Segment] = {}
    for batch in _batches(ids, 500):
        marks = ",".join("?" * len(batch))
        for row in db.query(f"SELECT * FROM segments WHERE id IN ({marks})", batch):
            out[row["id"]] = segment_from_row(row)
    return out


def _where(
    table: str,
    query: str | None = None,
    source: str | None = None,
    domain: str | None = None,
    since: str | None = None,
) -> tuple[str, list]:
    """The WHERE clause (and its parameters) selecting rows by query (Korean-aware, through the indexes), source,
    domain and date of the latest change."""
    clauses, params = [], []
    if query:
        if korean.has_hangul(query):
            expr = korean.match_expression(query)
            if expr is None:
                raise InputError(f"nothing to search for in {query!r}")
            # The index finds rows holding the query's keys; kotm_holds (kotm.korean.holds) checks the text.
            clauses.append(
                f"id IN (SELECT rowid FROM {table}_ko_fts WHERE {table}_ko_fts MATCH ?) AND kotm_holds(ko, ?)"
            )
            params += [expr, query]
        else:
            words = re.findall(r"\w+", query.lower())
            if not words:
                raise InputError(f"nothing to search for in {query!r}")
            clauses.append(f"id IN (SELECT rowid FROM {table}_en_fts WHERE {table}_en_fts MATCH ?)")
            params.append('"' + " ".join(words) + '"')
    for column, value in (("source", source), ("domain", domain)):
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    if since:
        clauses.append("coalesce(nullif(changed, ''), created) >= ?")
        params.append(since)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


# The order in which each table's units are exported (iter_segments, iter_terms, iter_rows).
_ORDER = {"segments": "id", "terms": "ko, en, id"}


def iter_rows(
    db: sqlite_utils.Database,
    table: str,
    columns: Sequence[str],
    *,
    utf8: bool = False,
    query: str | None = None,
    source: str | None = None,
    domain: str | None = None,
    since: str | None = None,
) -> Iterator[tuple]:
    """The rows of ``table`` as plain tuples of ``columns``, streamed
    in the order and with the filters of ``iter_segments`` (``iter_terms`` for terms); ``props`` is its JSON.

    This is the export's fast lane: a writer that takes rows is spared building a Segment or Term per unit, and
    with ``utf8`` the decoding of its text (text columns come as the UTF-8 bytes SQLite holds).
    """
    where, params = _where(table, query, source=source, domain=domain, since=since)
    if utf8:
        types = db[table].columns_dict
        select = ", ".join(f"CAST({c} AS BLOB)" if types[c] is str else c for c in columns)
    else:
        select = ", ".join(columns)
    return db.conn.execute(f"SELECT {select} FROM {table}{where} ORDER BY {_ORDER[table]}", params)


def _filtered(db: sqlite_utils.Database, table: str, convert, **filters) -> Iterator:
    columns = [column.name for column in db[table].columns]
    for row in iter_rows(db, table, columns, **filters):
        yield convert(dict(zip(columns, row, strict=True)))


def iter_segments(
    db: sqlite_utils.Database,
    *,
    query: str | None = None,
    source: str | None = None,
    domain: str | None = None,
    since: str | None = None,
) -> Iterator[Segment]:
    """Every segment in id order, streamed; optionally only those matching a query (Korean-aware, as
    ``kotm search``), from a source, in a domain, or changed (else created) on or after ``since`` (ISO date)."""
    return _filtered(db, "segments", segment_from_row, query=query, source=source, domain=domain, since=since)


def iter_terms(
    db: sqlite_utils.Database,
    *,
    query: str | None = None,
    source: str | None = None,
    domain: str | None = None,
    since: str | None = None,
) -> Iterator[Term]:
    """Every term, ordered by Korean then English, streamed; filters as for ``iter_segments``."""
    return _filtered(db, "terms", term_from_row, query=query, source=source, domain=domain, since=since)


def counts(db: sqlite_utils.Database) -> dict:
    """How many segments and terms there are, in all and by source and domain."""
    data: dict = {"segments": db["segments"].count, "terms": db["terms"].count}
    for table in ("segments", "terms"):
        for key in ("source", "domain"):
            rows = db.execute(f"SELECT {key}, count(*) FROM {table} GROUP BY {key} ORDER BY count(*) DESC, {key}")
            data[f"{table}_by_{key}"] = dict(rows.fetchall())
    return data
