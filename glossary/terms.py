"""module for what recognition and look-up ask of the glossary: the look-up callables, and the adapter that builds
them from a database's typed reads (``kotm.queries``).

Recognition (``kotm.glossary.recognize``) and look-up (``kotm.glossary.lookup``) run no SQL; they take a
``TermLookups``, whose functions answer by index:

- ``by_key(column, keys)``: the terms whose ``column`` value is one of ``keys``, grouped by that value, oldest
  first. Columns: ``ko_key`` (the Korean without spacing, lower-cased), ``ko_lemma`` (the predicate key of
  ``kotm.keys.term_lemma_key``; "" for other terms) and ``en_words`` (the English reduced to its
  words, lower-cased and space-separated, as ``words_key`` gives).
- ``containing_ko(query)``: terms whose Korean may hold ``query`` (the Hangul-bigram index's candidates; the caller
  checks each with ``korean.hit_pattern``).
- ``matching_en(words)``: terms whose English holds ``words`` as a phrase, best ranked first.

``db_lookups(db, domains, sources)`` answers them from a database, the scope in its SQL; ``scoped`` restricts any
other look-ups (built in memory, say) to some domains and sources.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from kotm import korean, queries
from kotm.text import en_token_key
from kotm.units import Term

if TYPE_CHECKING:
    import sqlite_utils

TermsByKey = Callable[[str, set[str]], dict[str, list[Term]]]


def words_key(en: str) -> str:
    """English reduced to its words as recognition compares them, hyphens read as spaces:
    ``"Strategic  Partnership"`` → ``"strategic partnership"``, ``"Nur-Sultan"`` → ``"nur sultan"``."""
    return en_token_key(en).replace("-", " ")


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


# ---- the look-ups answered by the store's typed reads (kotm.queries)


def db_lookups(
    db: sqlite_utils.Database, domains: Collection[str] | None = None, sources: Collection[str] | None = None
) -> TermLookups:
    """The look-ups answered from a database's glossary; only its terms of ``domains`` and ``sources`` if given
    (the filter is part of each query, so a scope costs nothing)."""
    scope = {"domains": domains or None, "sources": sources or None}

    def by_key(column: str, keys: set[str]) -> dict[str, list[Term]]:
        keys = {k for k in keys if k}
        if not keys:
            return {}
        if column == "en_words":
            return _by_en_words(db, keys, scope)
        return queries.terms_by_keys(db, keys, column, **scope)

    def containing_ko(query: str) -> list[Term]:
        expr = korean.match_expression(query)
        return [] if expr is None else list(queries.terms_in_ko_index(db, expr, **scope))

    def matching_en(words: list[str]) -> list[Term]:
        return list(queries.terms_with_en_words(db, words, phrase=True, ranked=True, **scope))

    return TermLookups(by_key, containing_ko, matching_en)


def _by_en_words(db: sqlite_utils.Database, keys: set[str], scope: dict) -> dict[str, list[Term]]:
    """Terms whose English, reduced to its words, is one of ``keys``: candidates from the English index by first
    word, kept when the whole key is theirs."""
    out: dict[str, list[Term]] = {}
    for term in queries.terms_with_en_words(db, {k.split(" ")[0] for k in keys}, **scope):
        key = words_key(term.en)
        if key in keys:
            out.setdefault(key, []).append(term)
    return out
