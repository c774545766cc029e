"""module for glossary look-up: find terms by Korean (in any inflected form) or by English."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kotm import korean
from kotm.errors import InputError
from kotm.glossary import predicates
from kotm.glossary.terms import TermLookups, db_lookups, scoped
from kotm.keys import term_key
from kotm.text import detect_lang, en_words
from kotm.units import Term

if TYPE_CHECKING:
    import sqlite_utils

EXACT, LEMMA, STEM, STARTS, CONTAINS = 0, 1, 2, 3, 4
MATCHES = {EXACT: "exact", LEMMA: "lemma", STEM: "stem", STARTS: "starts", CONTAINS: "contains"}


@dataclass(frozen=True, slots=True)
class TermHit:
    term: Term
    match: int

    def to_dict(self) -> dict:
        return {**self.term.to_dict(), "match": MATCHES[self.match]}


def lookup(
    db: sqlite_utils.Database | None,
    query: str,
    lang: str | None = None,
    limit: int | None = None,
    *,
    domains: Collection[str] | None = None,
    sources: Collection[str] | None = None,
    lookups: TermLookups | None = None,
) -> list[TermHit]:
    """Glossary entries for ``query``, best first.

    A Korean query finds the term itself (spacing aside), a predicate term in dictionary form that a conjugated
    query is a form of (개최할 → 개최하다, labelled ``lemma``), the term a particle-laden form is built on
    (카자흐스탄과의 → 카자흐스탄, 전략적 동반자 관계를 → 전략적 동반자 관계), and terms that contain the query
    (협력 → 국제 IT협력센터). An English query finds terms whose English holds its words (stemmed, any case).

    :param domains: only terms of these domains (None: any)
    :param sources: only terms of these sources (None: any)
    :param lookups: the glossary look-ups to use instead of ``db``'s
    """
    query = korean.normalize(query)
    if not query:
        raise InputError("the term to look up is empty")
    lookups = db_lookups(db, domains, sources) if lookups is None else scoped(lookups, domains, sources)
    guessed = lang is None
    lang = lang or detect_lang(query)
    hits = _lookup_ko(lookups, query) if lang == "ko" else _lookup_en(lookups, query)
    if lang == "en" and guessed:
        # A Latin-script query may be a term's Korean side too (API, 5G, Wi-Fi stay as they are in Korean text).
        key = term_key(query)
        hits = [TermHit(t, EXACT) for t in lookups.by_key("ko_key", {key}).get(key, [])] + hits
    seen: dict[int, TermHit] = {}
    for hit in hits:
        key = hit.term.id if hit.term.id is not None else id(hit.term)
        if key not in seen or hit.match < seen[key].match:
            seen[key] = hit
    ordered = sorted(
        seen.values(),
        key=lambda h: (
            h.match,
            -len(h.term.ko) if h.match in (LEMMA, STEM) else 0,
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


def _lemma_keys(query: str) -> set[str]:
    """Predicate keys of the query read from its start: 개최할 → 개최/N 하/P (the key of 개최하다)."""
    return {s.key for s in predicates.text_keys(korean.tokens(query)) if s.start == 0}


def _lookup_ko(lookups: TermLookups, query: str) -> list[TermHit]:
    exact = term_key(query)
    hits = [TermHit(t, EXACT) for t in lookups.by_key("ko_key", {exact}).get(exact, [])]
    lemma_keys = _lemma_keys(query)
    if lemma_keys:
        for terms in lookups.by_key("ko_lemma", lemma_keys).values():
            hits += [TermHit(t, LEMMA) for t in terms]
    stems = {k for k in _stem_keys(query) if k}
    if stems:
        for terms in lookups.by_key("ko_key", stems).values():
            hits += [TermHit(t, STEM) for t in terms]
    pattern = korean.hit_pattern(query)
    for term in lookups.containing_ko(query):
        m = pattern.search(term.ko)
        if m:
            hits.append(TermHit(term, STARTS if m.start() == 0 else CONTAINS))
    return hits


def _lookup_en(lookups: TermLookups, query: str) -> list[TermHit]:
    words = en_words(query)
    if not words:
        raise InputError(f"nothing to look up in {query!r}")
    hits = []
    for term in lookups.matching_en(words):
        hits.append(TermHit(term, _en_match(words, en_words(term.en))))
    return hits


def _en_match(query: list[str], term: list[str]) -> int:
    """How an English query matched a term, word by word: the same words (case, hyphens and punctuation aside:
    "Nur Sultan" is Nur-Sultan) are exact; the same words inflected ("summits" for summit) a lemma match; then a
    term that starts with the query's words (or their lemmas), then one that holds them."""
    from kotm.glossary.inflection import base_forms

    if query == term:
        return EXACT
    same = len(query) <= len(term) and all(t == q or t in base_forms(q) for q, t in zip(query, term, strict=False))
    if same and len(query) == len(term):
        return LEMMA
    return STARTS if same else CONTAINS
