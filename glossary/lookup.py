"""module for glossary look-up: find terms by Korean (in any inflected form) or by English."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kotm import korean, queries
from kotm.errors import InputError
from kotm.keys import term_key
from kotm.text import detect_lang, en_words
from kotm.units import Term

if TYPE_CHECKING:
    import sqlite_utils

EXACT, STEM, STARTS, CONTAINS = 0, 1, 2, 3
MATCHES = {EXACT: "exact", STEM: "stem", STARTS: "starts", CONTAINS: "contains"}


@dataclass(frozen=True, slots=True)
class TermHit:
    term: Term
    match: int

    def to_dict(self) -> dict:
        return {**self.term.to_dict(), "match": MATCHES[self.match]}


def lookup(
    db: sqlite_utils.Database,
    query: str,
    lang: str | None = None,
    limit: int | None = None,
) -> list[TermHit]:
    """Glossary entries for ``query``, best first.

    A Korean query finds the term itself (spacing aside), the term a particle-laden form is built on
    (카자흐스탄과의 → 카자흐스탄, 전략적 동반자 관계를 → 전략적 동반자 관계), and terms that contain the query
    (협력 → 국제 IT협력센터). An English query finds terms whose English holds its words (stemmed, any case).
    """
    query = korean.normalize(query)
    if not query:
        raise InputError("the term to look up is empty")
    lang = lang or detect_lang(query)
    hits = _lookup_ko(db, query) if lang == "ko" else _lookup_en(db, query)
    seen: dict[int, TermHit] = {}
    for hit in hits:
        if hit.term.id not in seen or hit.match < seen[hit.term.id].match:
            seen[hit.term.id] = hit
    ordered = sorted(
        seen.values(),
        key=lambda h: (
            h.match,
            -len(h.term.ko) if h.match == STEM else 0,
            h.term.ko,
            h.term.id or 0,
        ),
    )
    return ordered[:limit] if limit is not None else ordered


def _stem_keys(query: str) -> list[str]:
    """Keys of the query cut where a particle or ending starts: 카자흐스탄과의 → 카자흐스탄."""
    return [
        term_key(query[:start])
        for _, tag, start, _ in korean.morphemes(query)
        if start > 0 and korean.is_functional(tag)
    ]


def _lookup_ko(db: sqlite_utils.Database, query: str) -> list[TermHit]:
    hits = [TermHit(t, EXACT) for terms in queries.terms_by_keys(db, [term_key(query)]).values() for t in terms]
    stems = [k for k in _stem_keys(query) if k]
    if stems:
        hits += [TermHit(t, STEM) for terms in queries.terms_by_keys(db, stems).values() for t in terms]
    expr = korean.match_expression(query)
    if expr is not None:
        pattern = korean.hit_pattern(query)
        for term in queries.terms_in_ko_index(db, expr):
            m = pattern.search(term.ko)
            if m:
                hits.append(TermHit(term, STARTS if m.start() == 0 else CONTAINS))
    return hits


def _lookup_en(db: sqlite_utils.Database, query: str) -> list[TermHit]:
    words = en_words(query)
    if not words:
        raise InputError(f"nothing to look up in {query!r}")
    hits = []
    for term in queries.terms_with_en_words(db, words, phrase=True):
        en = term.en.lower()
        match = EXACT if en == query.lower() else STARTS if en.startswith(query.lower()) else CONTAINS
        hits.append(TermHit(term, match))
    return hits


def matching_ids(db: sqlite_utils.Database, query: str, source: str | None = None) -> list[int]:
    """Ids of every term that ``lookup`` finds for ``query`` (from ``source``, if given), oldest first."""
    return sorted(h.term.id for h in lookup(db, query) if source is None or h.term.source == source)
