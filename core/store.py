"""module that maps Segment and Term records to rows and keeps the full-text indexes in step with them."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING

from kotm import korean
from kotm.db import now, writing
from kotm.errors import InputError
from kotm.units import Segment, Term

if TYPE_CHECKING:
    import sqlite_utils

BATCH = 1000


@dataclass
class AddResult:
    """What an add did: ids of the new rows and of the rows that were already there."""

    added: list[int] = field(default_factory=list)
    existing: list[int] = field(default_factory=list)


def pair_key(ko: str, en: str) -> int:
    """A signed 64-bit key of the normalised pair: equal for pairs that differ only in spacing or Unicode form."""
    text = korean.normalize(ko) + "\t" + korean.normalize(en)
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big", signed=True)


def term_key(ko: str) -> str:
    """The Korean of a term without spacing, lower-cased: 국제 IT 협력센터 and 국제 IT협력센터 share it."""
    return "".join(korean.normalize(ko).split()).lower()


def clean(text: str, side: str) -> str:
    """The text as stored: NFC, without leading or trailing whitespace. Raises InputError if it cannot be stored."""
    text = unicodedata.normalize("NFC", text).strip()
    if not text:
        raise InputError(f"the {'Korean' if side == 'ko' else 'English'} text is empty")
    if side == "ko" and not korean.has_hangul(text):
        raise InputError(f"the Korean text holds no Hangul: {text!r}")
    return text


def _batches(items: Iterable, size: int = BATCH) -> Iterator[list]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def _meta(unit: Segment | Term, stamp: str) -> dict[str, str]:
    created = unit.created or stamp
    return {
        "source": unit.source,
        "domain": unit.domain,
        "note": unit.note,
        "creator": unit.creator,
        "created": created,
        "changed": unit.changed or created,
        "props": json.dumps(unit.props, ensure_ascii=False, sort_keys=True) if unit.props else "",
    }


def _add(db: sqlite_utils.Database, table: str, rows: Iterable[dict]) -> AddResult:
    """Insert rows that are not there yet (by pair_key) and index them, in one transaction."""
    result = AddResult()
    with writing(db):
        for batch in _batches(rows):
            keys = [r["pair_key"] for r in batch]
            marks = ",".join("?" * len(keys))
            found = dict(
                db.execute(
                    f"SELECT pair_key, id FROM {table} WHERE pair_key IN ({marks})",
                    keys,
                ).fetchall()
            )
            fresh: list[dict] = []
            for row in batch:
                if row["pair_key"] in found:  # stored before, or earlier in this batch
                    result.existing.append(found[row["pair_key"]])
                    continue
                cur = db.execute(
                    f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                    list(row.values()),
                )
                row["id"] = found[row["pair_key"]] = cur.lastrowid
                result.added.append(row["id"])
                fresh.append(row)
            index_keys = [korean.index_keys(r["ko"]) for r in fresh]
            db.conn.executemany(
                f"INSERT INTO {table}_ko_fts (rowid, keys) VALUES (?, ?)",
                [(r["id"], k) for r, k in zip(fresh, index_keys, strict=True)],
            )
            if table == "segments":
                count_keys(db, index_keys, +1)
            db.conn.executemany(
                f"INSERT INTO {table}_en_fts (rowid, en) VALUES (?, ?)",
                [(r["id"], r["en"]) for r in fresh],
            )
    return result


def count_keys(db: sqlite_utils.Database, index_keys: Iterable[str], sign: int) -> None:
    """Add (sign=+1) or remove (sign=-1) segments' Korean index keys from the per-key segment counts."""
    counts: Counter[str] = Counter()
    for keys in index_keys:
        counts.update(set(keys.split()))
    db.conn.executemany(
        "INSERT INTO segments_ko_keys (key, n) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET n = n + excluded.n",
        [(key, sign * n) for key, n in counts.items()],
    )


def add_segments(db: sqlite_utils.Database, segments: Iterable[Segment]) -> AddResult:
    """Add segments in one transaction; pairs already stored are reported in ``existing``, not stored twice."""
    stamp = now()

    def rows() -> Iterator[dict]:
        for s in segments:
            ko, en = clean(s.ko, "ko"), clean(s.en, "en")
            yield {
                "ko": ko,
                "en": en,
                **_meta(s, stamp),
                "ko_markup": s.ko_markup,
                "en_markup": s.en_markup,
                "pair_key": pair_key(ko, en),
            }

    return _add(db, "segments", rows())


def add_terms(db: sqlite_utils.Database, terms: Iterable[Term]) -> AddResult:
    """Add glossary terms in one transaction; a Korean term may have several English renderings."""
    stamp = now()

    def rows() -> Iterator[dict]:
        for t in terms:
            ko, en = (
                korean.normalize(clean(t.ko, "ko")),
                korean.normalize(clean(t.en, "en")),
            )
            yield {
                "ko": ko,
                "en": en,
                "ko_key": term_key(ko),
                **_meta(t, stamp),
                "pair_key": pair_key(ko, en),
            }

    return _add(db, "terms", rows())


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
    query: str | None,
    source: str | None,
    domain: str | None,
    since: str | None,
) -> tuple[str, list]:
    clauses, params = [], []
    if query:
        if korean.has_hangul(query):
            expr = korean.match_expression(query)
            if expr is None:
                raise InputError(f"nothing to search for in {query!r}")
            clauses.append(f"id IN (SELECT rowid FROM {table}_ko_fts WHERE {table}_ko_fts MATCH ?)")
            params.append(expr)
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


def _filtered(db: sqlite_utils.Database, table: str, order: str, convert, query, **filters) -> Iterator:
    where, params = _where(table, query, **filters)
    # The bigram index over-matches across word boundaries the text does not allow: check the text itself.
    pattern = korean.hit_pattern(korean.normalize(query)) if query and korean.has_hangul(query) else None
    for row in db.query(f"SELECT * FROM {table}{where} ORDER BY {order}", params):
        unit = convert(row)
        if pattern is None or pattern.search(unit.ko):
            yield unit


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
    return _filtered(
        db,
        "segments",
        "id",
        segment_from_row,
        query,
        source=source,
        domain=domain,
        since=since,
    )


def iter_terms(
    db: sqlite_utils.Database,
    *,
    query: str | None = None,
    source: str | None = None,
    domain: str | None = None,
    since: str | None = None,
) -> Iterator[Term]:
    """Every term, ordered by Korean then English, streamed; filters as for ``iter_segments``."""
    return _filtered(
        db,
        "terms",
        "ko, en, id",
        term_from_row,
        query,
        source=source,
        domain=domain,
        since=since,
    )


def counts(db: sqlite_utils.Database) -> dict:
    """How many segments and terms there are, in all and by source and domain."""
    data: dict = {"segments": db["segments"].count, "terms": db["terms"].count}
    for table in ("segments", "terms"):
        for key in ("source", "domain"):
            rows = db.execute(f"SELECT {key}, count(*) FROM {table} GROUP BY {key} ORDER BY count(*) DESC, {key}")
            data[f"{table}_by_{key}"] = dict(rows.fetchall())
    return data
