"""module for what recognition and look-up ask of the glossary store: the look-up callables, and (until the store
provides them) the adapter that builds them from a database.

Recognition (``kotm.glossary.recognize``) and look-up (``kotm.glossary.lookup``) run no SQL; they take a
``TermLookups``, whose functions answer by index:

- ``by_key(column, keys)``: the terms whose ``column`` value is one of ``keys``, grouped by that value, oldest
  first. Columns: ``ko_key`` (the Korean without spacing, lower-cased), ``ko_lemma`` (the predicate key of
  ``kotm.glossary.predicates.term_analysis_key``; "" for other terms) and ``en_words`` (the English reduced to its
  words, lower-cased and space-separated, as ``words_key`` gives).
- ``containing_ko(query)``: terms whose Korean may hold ``query`` (the Hangul-bigram index's candidates; the caller
  checks each with ``korean.hit_pattern``).
- ``matching_en(words)``: terms whose English holds ``words`` as a phrase, best ranked first.

``scoped`` restricts any of them to some domains and sources.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from kotm.units import Term

if TYPE_CHECKING:
    import sqlite_utils

TermsByKey = Callable[[str, set[str]], dict[str, list[Term]]]

_EN_WORD = re.compile(r"\w+(?:[-'’.]\w+)*", re.UNICODE)


def words_key(en: str) -> str:
    """English reduced to its words: ``"Strategic  Partnership"`` → ``"strategic partnership"``."""
    return " ".join(w.lower() for w in _EN_WORD.findall(en))


@dataclass(frozen=True, slots=True)
class TermLookups:
    by_key: TermsByKey
    containing_ko: Callable[[str], list[Term]]
    matching_en: Callable[[list[str]], list[Term]]


def scoped(
    lookups: TermLookups, domains: Collection[str] | None = None, sources: Collection[str] | None = None
) -> TermLookups:
    """The same look-ups restricted to terms of ``domains`` and ``sources`` (None: any)."""
    if not domains and not sources:
        return lookups

    def keep(t: Term) -> bool:
        return (not domains or t.domain in domains) and (not sources or t.source in sources)

    def by_key(column: str, keys: set[str]) -> dict[str, list[Term]]:
        out = {k: [t for t in ts if keep(t)] for k, ts in lookups.by_key(column, keys).items()}
        return {k: ts for k, ts in out.items() if ts}

    return replace(
        lookups,
        by_key=by_key,
        containing_ko=lambda q: [t for t in lookups.containing_ko(q) if keep(t)],
        matching_en=lambda w: [t for t in lookups.matching_en(w) if keep(t)],
    )


# ------------------------------------------------------------------------------------------- database adapter
# The only SQL of kotm.glossary. The store layer is to replace it (see the module docstring for the contract).

_BATCH = 500


def db_lookups(db: sqlite_utils.Database) -> TermLookups:
    """The look-ups answered from the ``terms`` table and its FTS indexes."""
    from kotm.store import term_from_row

    def by_key(column: str, keys: set[str]) -> dict[str, list[Term]]:
        keys = {k for k in keys if k}
        if not keys:
            return {}
        if column == "en_words":
            return _by_en_words(db, keys)
        if column == "ko_lemma" and "ko_lemma" not in _columns(db):
            return _by_lemma_unstored(db, keys)
        if column not in ("ko_key", "ko_lemma"):
            raise ValueError(f"no term look-up by {column!r}")
        out: dict[str, list[Term]] = {}
        ordered = sorted(keys)
        for i in range(0, len(ordered), _BATCH):
            batch = ordered[i : i + _BATCH]
            marks = ",".join("?" * len(batch))
            for row in db.query(f"SELECT * FROM terms WHERE {column} IN ({marks}) ORDER BY id", batch):
                out.setdefault(row[column], []).append(term_from_row(row))
        return out

    def containing_ko(query: str) -> list[Term]:
        from kotm import korean

        expr = korean.match_expression(query)
        if expr is None:
            return []
        sql = "SELECT t.* FROM terms_ko_fts f JOIN terms t ON t.id = f.rowid WHERE terms_ko_fts MATCH ?"
        return [term_from_row(r) for r in db.query(sql, [expr])]

    def matching_en(words: list[str]) -> list[Term]:
        sql = "SELECT t.* FROM terms_en_fts f JOIN terms t ON t.id = f.rowid WHERE terms_en_fts MATCH ? ORDER BY f.rank"
        return [term_from_row(r) for r in db.query(sql, ['"' + " ".join(words) + '"'])]

    return TermLookups(by_key, containing_ko, matching_en)


def _columns(db: sqlite_utils.Database) -> set[str]:
    return {row[1] for row in db.execute("PRAGMA table_info(terms)").fetchall()}


def _by_en_words(db: sqlite_utils.Database, keys: set[str]) -> dict[str, list[Term]]:
    """Terms whose English, reduced to its words, is one of ``keys``: candidates from the FTS index by first word."""
    from kotm.store import term_from_row

    firsts = sorted({k.split(" ")[0] for k in keys})
    out: dict[str, list[Term]] = {}
    sql = "SELECT t.* FROM terms_en_fts f JOIN terms t ON t.id = f.rowid WHERE terms_en_fts MATCH ? ORDER BY t.id"
    for i in range(0, len(firsts), _BATCH):
        words = [w.replace("'", " ").replace("’", " ") for w in firsts[i : i + _BATCH]]
        expr = " OR ".join(f'"{w}"' for w in words if w.strip())
        if not expr:
            continue
        for row in db.query(sql, [expr]):
            key = words_key(row["en"])
            if key in keys:
                out.setdefault(key, []).append(term_from_row(row))
    for terms in out.values():
        terms.sort(key=lambda t: t.id or 0)
    return out


# Until the store keeps ``ko_lemma``: the predicate keys of the terms in dictionary form (ending in 다), analysed
# once per state of the glossary and kept here, keyed by the database file and a fingerprint of those terms.
_UNSTORED: dict[tuple, dict[str, list[int]]] = {}


def _by_lemma_unstored(db: sqlite_utils.Database, keys: set[str]) -> dict[str, list[Term]]:
    from kotm.glossary.predicates import term_analysis_key
    from kotm.store import term_from_row

    where = "ko LIKE '%다'"
    fingerprint = tuple(db.execute(f"SELECT count(*), max(id), max(changed) FROM terms WHERE {where}").fetchone())
    cache_key = (db.conn.execute("PRAGMA database_list").fetchone()[2], fingerprint)
    index = _UNSTORED.get(cache_key)
    if index is None:
        index = {}
        for row in db.query(f"SELECT id, ko FROM terms WHERE {where} ORDER BY id"):
            key = term_analysis_key(row["ko"])
            if key:
                index.setdefault(key, []).append(row["id"])
        _UNSTORED.clear()
        _UNSTORED[cache_key] = index
    wanted = {i: k for k in keys & index.keys() for i in index[k]}
    if not wanted:
        return {}
    marks = ",".join("?" * len(wanted))
    out: dict[str, list[Term]] = {}
    for row in db.query(f"SELECT * FROM terms WHERE id IN ({marks}) ORDER BY id", list(wanted)):
        out.setdefault(wanted[row["id"]], []).append(term_from_row(row))
    return out
