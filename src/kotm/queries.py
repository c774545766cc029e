"""module for the store's reads: typed functions that find rows, keys and texts for the layers above, which hold no
SQL. Each takes the database and plain values and returns plain values, records or iterators of them.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from kotm import korean
from kotm.errors import InputError, NotFound
from kotm.schema import KEY_COUNTS, KEY_FTS, ORDER, SEGMENTS, SINGULAR, TERMS, en_fts, ko_fts
from kotm.text import chunks, en_words
from kotm.units import Segment, Term

if TYPE_CHECKING:
    import sqlite_utils

# Ids per IN list.
CHUNK = 500


def fetch_rows(db: sqlite_utils.Database, table: str, ids: Iterable[int]) -> dict[int, dict]:
    """The rows with these ids, in the order given; NotFound (naming the missing ids) if any does not exist."""
    ids = list(dict.fromkeys(ids))
    found: dict[int, dict] = {}
    for batch in chunks(ids, CHUNK):
        marks = ",".join("?" * len(batch))
        for row in db.query(f"SELECT * FROM {table} WHERE id IN ({marks})", batch):
            found[row["id"]] = row
    missing = [i for i in ids if i not in found]
    if missing:
        what = SINGULAR[table] if len(missing) == 1 else table
        raise NotFound(f"no {what} {', '.join(map(str, missing))}; nothing changed")
    return {i: found[i] for i in ids}


def pair_holder(db: sqlite_utils.Database, table: str, key: int, other_than: int | None = None) -> int | None:
    """The id of the row holding the pair with this pair_key, other than ``other_than``, or None."""
    row = db.execute(f"SELECT id FROM {table} WHERE pair_key = ? AND id IS NOT ?", [key, other_than]).fetchone()
    return row[0] if row else None


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
    for batch in chunks(ids, CHUNK):
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
                f"id IN (SELECT rowid FROM {ko_fts(table)} WHERE {ko_fts(table)} MATCH ?) AND kotm_holds(ko, ?)"
            )
            params += [expr, query]
        else:
            words = en_words(query)
            if not words:
                raise InputError(f"nothing to search for in {query!r}")
            clauses.append(f"id IN (SELECT rowid FROM {en_fts(table)} WHERE {en_fts(table)} MATCH ?)")
            params.append('"' + " ".join(words) + '"')
    for column, value in (("source", source), ("domain", domain)):
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    if since:
        clauses.append("coalesce(nullif(changed, ''), created) >= ?")
        params.append(since)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


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
    return db.conn.execute(f"SELECT {select} FROM {table}{where} ORDER BY {ORDER[table]}", params)


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


def source_langs(
    db: sqlite_utils.Database,
    table: str,
    *,
    query: str | None = None,
    source: str | None = None,
    domain: str | None = None,
    since: str | None = None,
) -> dict[str, int]:
    """How many of the units that the filters select (as ``iter_rows``) have each source language, most first."""
    where, params = _where(table, query, source=source, domain=domain, since=since)
    sql = f"SELECT source_lang, count(*) FROM {table}{where} GROUP BY source_lang ORDER BY count(*) DESC, source_lang"
    return dict(db.execute(sql, params).fetchall())


def counts(db: sqlite_utils.Database) -> dict:
    """How many segments and terms there are, in all and by source and domain."""
    data: dict = {"segments": db["segments"].count, "terms": db["terms"].count}
    for table in ("segments", "terms"):
        for key in ("source", "domain"):
            rows = db.execute(f"SELECT {key}, count(*) FROM {table} GROUP BY {key} ORDER BY count(*) DESC, {key}")
            data[f"{table}_by_{key}"] = dict(rows.fetchall())
    return data


def count(db: sqlite_utils.Database, table: str) -> int:
    """How many rows ``table`` holds."""
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def id_bound(db: sqlite_utils.Database, table: str = SEGMENTS) -> int:
    """The highest id in ``table`` (0 when empty): about its size, read from the primary key at once (ids are never
    reused, so deletions make it an overestimate)."""
    return db.execute(f"SELECT max(id) FROM {table}").fetchone()[0] or 0


def iter_pairs(db: sqlite_utils.Database, table: str) -> Iterator[tuple[int, str, str]]:
    """(id, ko, en) of every row of ``table``, streamed."""
    return db.execute(f"SELECT id, ko, en FROM {table}")


def get_units(db: sqlite_utils.Database, table: str, ids: Iterable[int]) -> dict[int, Segment | Term]:
    """The segments or terms with these ids, by id; NotFound if any does not exist."""
    convert = segment_from_row if table == SEGMENTS else term_from_row
    return {i: convert(row) for i, row in fetch_rows(db, table, ids).items()}


def texts(db: sqlite_utils.Database, ids: Sequence[int], lang: str) -> dict[int, str]:
    """The Korean or English (``lang``) side of the segments with these ids, by id (missing ids left out)."""
    side = "ko" if lang == "ko" else "en"
    out: dict[int, str] = {}
    for batch in chunks(ids, CHUNK):
        out.update(db.execute(f"SELECT id, {side} FROM {SEGMENTS} WHERE id IN ({','.join('?' * len(batch))})", batch))
    return out


# ---- the Korean and English indexes, for concordance and look-up


def _phrase(words: Sequence[str]) -> str:
    """An FTS5 phrase of words (each made of letters and digits, as ``text.en_words`` gives them)."""
    return '"' + " ".join(words) + '"'


Scope = Collection[str] | None


def _scoped(alias: str, domains: Scope = None, sources: Scope = None) -> tuple[str, list[str]]:
    """`` AND …`` clauses keeping the rows (of table ``alias``) of ``domains`` and ``sources`` (None or empty: any),
    and their parameters."""
    sql, params = "", []
    for column, values in (("domain", domains), ("source", sources)):
        if values:
            values = sorted(set(values))
            sql += f" AND {alias}.{column} IN ({','.join('?' * len(values))})"
            params += values
    return sql, params


def ko_index_hits(
    db: sqlite_utils.Database,
    expression: str,
    source: str | None = None,
    *,
    domains: Scope = None,
    sources: Scope = None,
) -> Iterator[tuple[int, str]]:
    """(id, ko) of the segments whose Korean index keys satisfy ``expression`` (``korean.match_expression``), in id
    order, from ``source`` if given, of ``domains`` and ``sources`` if given. The caller checks each text: the index
    knows which keys a segment holds, not where."""
    fts = ko_fts(SEGMENTS)
    scope, params = _scoped("s", domains, [*(sources or ()), *([source] if source is not None else [])])
    sql = f"SELECT s.id, s.ko FROM {fts} f JOIN {SEGMENTS} s ON s.id = f.rowid WHERE {fts} MATCH ?{scope} ORDER BY f.rowid"
    return db.execute(sql, [expression, *params])


def en_phrase_hits(
    db: sqlite_utils.Database,
    words: Sequence[str],
    marks: tuple[str, str],
    source: str | None = None,
    *,
    domains: Scope = None,
    sources: Scope = None,
) -> Iterator[tuple[int, str]]:
    """(id, English with each matched word between the two ``marks``) of the segments whose English holds the
    words as a phrase (Porter-stemmed, any case), in id order, from ``source``, ``domains`` and ``sources`` if
    given."""
    fts = en_fts(SEGMENTS)
    scope, params = _scoped("s", domains, [*(sources or ()), *([source] if source is not None else [])])
    sql = (
        f"SELECT f.rowid, highlight({fts}, 0, ?, ?) FROM {fts} f"
        + (f" JOIN {SEGMENTS} s ON s.id = f.rowid" if scope else "")
        + f" WHERE {fts} MATCH ?{scope} ORDER BY f.rowid"
    )
    return db.execute(sql, [*marks, _phrase(words), *params])


def terms_by_keys(
    db: sqlite_utils.Database,
    keys: Iterable[str],
    column: str = "ko_key",
    *,
    domains: Scope = None,
    sources: Scope = None,
) -> dict[str, list[Term]]:
    """The terms whose ``column`` (``ko_key``: kotm.keys.term_key of the Korean; ``ko_lemma``: kotm.keys.term_lemma_key)
    is one of ``keys``, grouped by it, each group in id order; only those of ``domains`` and ``sources`` if given."""
    if column not in ("ko_key", "ko_lemma", "ko", "en"):
        raise ValueError(f"terms are not looked up by {column}")
    scope, params = _scoped("t", domains, sources)
    grouped: dict[str, list[Term]] = {}
    for batch in chunks(sorted(set(keys)), CHUNK):
        marks = ",".join("?" * len(batch))
        sql = f"SELECT * FROM {TERMS} t WHERE {column} IN ({marks}){scope} ORDER BY id"
        for row in db.query(sql, [*batch, *params]):
            grouped.setdefault(row[column], []).append(term_from_row(row))
    return grouped


def terms_in_ko_index(
    db: sqlite_utils.Database, expression: str, *, domains: Scope = None, sources: Scope = None
) -> Iterator[Term]:
    """The terms whose Korean index keys satisfy ``expression`` (``korean.match_expression``), in id order; only
    those of ``domains`` and ``sources`` if given."""
    fts = ko_fts(TERMS)
    scope, params = _scoped("t", domains, sources)
    sql = f"SELECT t.* FROM {fts} f JOIN {TERMS} t ON t.id = f.rowid WHERE {fts} MATCH ?{scope} ORDER BY t.id"
    return (term_from_row(row) for row in db.query(sql, [expression, *params]))


def terms_with_en_words(
    db: sqlite_utils.Database,
    words: Iterable[str],
    phrase: bool = False,
    ranked: bool = False,
    *,
    domains: Scope = None,
    sources: Scope = None,
) -> Iterator[Term]:
    """The terms whose English holds any of ``words`` (Porter-stemmed, any case), or with ``phrase`` all of them in
    a row; in id order, or with ``ranked`` best first (FTS5's bm25); only those of ``domains`` and ``sources`` if
    given."""
    # An apostrophe (Kazakhstan's) separates words for the tokenizer as a space does.
    words = [" ".join(w.replace("'", " ").replace("’", " ").split()) for w in words]
    words = [w for w in words if w]
    if not words:
        return iter(())
    expression = _phrase(words) if phrase else " OR ".join(_phrase([w]) for w in sorted(set(words)))
    fts = en_fts(TERMS)
    order = "f.rank" if ranked else "t.id"
    scope, params = _scoped("t", domains, sources)
    sql = f"SELECT t.* FROM {fts} f JOIN {TERMS} t ON t.id = f.rowid WHERE {fts} MATCH ?{scope} ORDER BY {order}"
    return (term_from_row(row) for row in db.query(sql, [expression, *params]))


# ---- the key indexes and key counts, for fuzzy matching


def key_counts(db: sqlite_utils.Database, lang: str, keys: Iterable[str]) -> dict[str, int]:
    """How many segments hold each of ``keys`` on the ``lang`` side (0 for a key none holds)."""
    keys = sorted(set(keys))
    found: dict[str, int] = {}
    for batch in chunks(keys, CHUNK):
        marks = ",".join("?" * len(batch))
        found.update(db.execute(f"SELECT key, n FROM {KEY_COUNTS[lang]} WHERE key IN ({marks})", batch))
    return {k: found.get(k, 0) for k in keys}


def sharing_keys(
    db: sqlite_utils.Database,
    lang: str,
    keys: Sequence[str],
    at_least: int,
    limit: int,
    *,
    domains: Scope = None,
    sources: Scope = None,
) -> list[int]:
    """Ids of the segments holding at least ``at_least`` of ``keys`` on the ``lang`` side, those holding the most
    first (then by id), at most ``limit``: the union is counted inside SQLite, over each key's posting list. Only
    segments of ``domains`` and ``sources`` if given (filtered before the best are taken)."""
    if not keys:
        return []
    fts = KEY_FTS[lang]
    union = " UNION ALL ".join(f"SELECT rowid FROM {fts} WHERE {fts} MATCH ?" for _ in keys)
    scope, params = _scoped("s", domains, sources)
    if scope:
        union = f"SELECT u.rowid FROM ({union}) u JOIN {SEGMENTS} s ON s.id = u.rowid WHERE 1{scope}"
    sql = f"SELECT rowid FROM ({union}) GROUP BY rowid HAVING count(*) >= ? ORDER BY count(*) DESC, rowid LIMIT ?"
    return [r[0] for r in db.execute(sql, ['"' + k + '"' for k in keys] + params + [at_least, limit])]


# ---- the memory's own vocabulary, for suggestions ("did you mean")


def en_vocabulary(db: sqlite_utils.Database, first: str, shortest: int, longest: int) -> list[tuple[str, int]]:
    """(word, how many segments hold it) for the English words of the segments that start with ``first`` and are
    ``shortest`` to ``longest`` characters long: a range of the key counts' primary key (pairs of words aside)."""
    from kotm.keys import PAIR_JOIN

    sql = (
        f"SELECT key, n FROM {KEY_COUNTS['en']} WHERE key >= ? AND key < ? AND length(key) BETWEEN ? AND ?"
        " AND instr(key, ?) = 0"
    )
    return db.execute(sql, [first, first + "\U0010ffff", shortest, longest, PAIR_JOIN]).fetchall()


def iter_term_keys(db: sqlite_utils.Database) -> Iterator[tuple[Term, str, str]]:
    """Every term in id order with the keys recognition looks it up by: (term, ``ko_key``, ``ko_lemma``), so that a
    checker can hold the whole glossary in memory and look up without a query per text."""
    for row in db.query(f"SELECT * FROM {TERMS} ORDER BY id"):
        yield term_from_row(row), row["ko_key"], row["ko_lemma"] or ""


def conflicting(
    db: sqlite_utils.Database, side: str, *, source: str | None = None, domain: str | None = None
) -> Iterator[list[tuple[int, str, str]]]:
    """Groups of segments with the same text on ``side`` ("ko" or "en") and different texts on the other: each
    group a list of (id, ko, en) in id order; optionally only segments from a source or in a domain. SQLite groups
    them (a sort that spills to disk), so memory stays flat however big the table."""
    if side not in ("ko", "en"):
        raise ValueError(f"side must be ko or en, not {side!r}")
    other = "en" if side == "ko" else "ko"
    where, params = [], []
    for column, value in (("source", source), ("domain", domain)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    cond = f" WHERE {' AND '.join(where)}" if where else ""
    sql = (
        f"SELECT {side} AS k, group_concat(id, ',') AS ids FROM (SELECT id, ko, en FROM {SEGMENTS}{cond} ORDER BY id)"
        f" GROUP BY {side} HAVING count(DISTINCT {other}) > 1"
    )
    for row in db.execute(sql, params).fetchall():
        ids = [int(i) for i in row[1].split(",")]
        texts = fetch_rows(db, SEGMENTS, ids)
        yield [(i, texts[i]["ko"], texts[i]["en"]) for i in ids]
