"""module for concordance search over segments: Korean-aware (particles, endings, compounds) and English-stemmed."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from kotm import korean, queries
from kotm.errors import InputError
from kotm.text import detect_lang, en_words
from kotm.units import Segment

if TYPE_CHECKING:
    import sqlite_utils

# Ranking of a hit, best first. Korean: the query as a whole word (with its particles), starting a compound, inside
# a word. English: the words as typed, or only their stems (cooperate for cooperation).
# A multi-word Korean query's words found in order with particles and endings between them rank last (LEMMA).
WORD, COMPOUND_START, INSIDE, LEMMA = 0, 1, 2, 3
Spans = tuple[tuple[int, int], ...]
RANKS = {
    "ko": {WORD: "word", COMPOUND_START: "compound", INSIDE: "inside", LEMMA: "lemma"},
    "en": {0: "word", 1: "stem"},
}
# A first page reads at most this many matching segments (in id order) looking for hits of the best rank; a search
# for every hit (limit=None) reads them all.
SCAN_AT_MOST = 2000


@dataclass(frozen=True, slots=True)
class Hit:
    """One segment found by a search, with the spans of the query in it."""

    segment: Segment
    lang: str
    spans: tuple[tuple[int, int], ...]
    rank: int

    def to_dict(self) -> dict:
        d = self.segment.to_dict()
        del d["props"]
        d["match"] = RANKS[self.lang][self.rank]
        d[f"{self.lang}_spans"] = [list(s) for s in self.spans]
        return d


@dataclass(frozen=True, slots=True)
class SearchResult:
    """The hits to show, and how many segments match in all (None when the search stopped once the best were in).

    ``query`` is what was searched: the query itself, or, when a Korean query found nothing, the query without the
    particles and endings of its last word.
    """

    hits: list[Hit]
    total: int | None
    lang: str
    query: str = ""
    widened: bool = False  # the query was not found as typed: ``query`` is what was searched instead
    # How many of the hits (the last ones, ranked ``lemma``) hold a multi-word query's words in order with particles
    # and endings between them (협력 강화 → 협력도 강화하기로), added because the phrase filled less than a page.
    by_lemma: int = 0
    # When nothing was found: the words the memory holds nearest to the query's (``kotm.tm.suggest``), best first.
    suggestions: list[str] = field(default_factory=list)

    def to_dict(self) -> list[dict]:
        """The hits, as ``kotm search --json`` prints them."""
        return [hit.to_dict() for hit in self.hits]


def _rank(text: str, start: int, end: int) -> int:
    """WORD when the hit is a whole word or followed by a particle or ending only, COMPOUND_START when it starts a
    longer word, INSIDE otherwise."""
    if not korean.starts_word(text, start):
        return INSIDE
    if end >= len(text) or not text[end].isalnum():
        return WORD
    # The word (between spaces) holding the end of the hit: is what follows the hit a particle or an ending?
    word_start = text.rfind(" ", 0, end) + 1
    word_end = text.find(" ", end)
    word = text[word_start : word_end if word_end != -1 else len(text)]
    return WORD if korean.particle_follows(word, end - word_start) else COMPOUND_START


def search(
    db: sqlite_utils.Database,
    query: str,
    lang: str | None = None,
    limit: int | None = 20,
    source: str | None = None,
    *,
    domains: Collection[str] | None = None,
    sources: Collection[str] | None = None,
) -> SearchResult:
    """Find the segments that contain ``query``, best first.

    Korean queries match any surface form: 협력 finds 협력을, 협력하기로, 협력사업 and 국제협력; one-syllable
    queries work; spacing is ignored between syllables; a query that finds nothing is searched again without the
    particles and endings of its last word (카자흐스탄과의 → 카자흐스탄; see ``SearchResult.query``). Hits where the query is a whole word with its particles come
    first, then those where it starts a compound, then those inside a word. English queries match whole words,
    case-insensitively, with Porter stemming (cooperate finds cooperation).

    :param limit: how many hits to return (None for all); ``total`` counts them all.
    :param source: only segments from this source (as one of ``sources``)
    :param domains: only segments of these domains (None: any)
    :param sources: only segments of these sources (None: any)
    """
    query = korean.normalize(query)
    if not query:
        raise InputError("the search query is empty")
    lang = lang or detect_lang(query)
    scope = Scope(domains or None, tuple(sources or ()) + ((source,) if source is not None else ()) or None)
    result = _search(db, query, lang, limit, scope)
    if not result.hits:
        from kotm.tm.suggest import suggest

        return replace(result, suggestions=suggest(db, query, lang, **scope.kw()))
    return result


def _search(db: sqlite_utils.Database, query: str, lang: str, limit: int | None, scope: Scope) -> SearchResult:
    if lang == "en":
        return replace(_search_en(db, query, limit, scope), query=query)
    result = _search_ko(db, query, limit, scope)
    if " " in query and limit is not None and len(result.hits) < limit and result.total is not None:
        # The phrase fills less than a page: add the segments holding its words in order across particles.
        more = _search_lemmas(db, query, limit - len(result.hits), scope, {h.segment.id for h in result.hits})
        if more.hits:
            total = None if more.total is None else result.total + more.total
            return SearchResult(result.hits + more.hits, total, "ko", query, by_lemma=len(more.hits))
    if not result.hits:
        # 카자흐스탄과의 is not in the memory, but 카자흐스탄 may be: search again without the particles.
        stem = korean.without_endings(query)
        if stem:
            return replace(_search_ko(db, stem, limit, scope), query=stem, widened=True)
    return replace(result, query=query)


@dataclass(frozen=True, slots=True)
class Scope:
    """The domains and sources a search is restricted to (None: any)."""

    domains: Collection[str] | None = None
    sources: Collection[str] | None = None

    def kw(self) -> dict[str, Collection[str] | None]:
        return {"domains": self.domains, "sources": self.sources}


def _search_ko(db: sqlite_utils.Database, query: str, limit: int | None, scope: Scope) -> SearchResult:
    expr = korean.match_expression(query)
    if expr is None:
        raise InputError(f"nothing to search for in {query!r}")
    pattern = korean.hit_pattern(query)

    def hits() -> Iterator[tuple[int, int, Spans]]:
        for id_, ko in queries.ko_index_hits(db, expr, **scope.kw()):
            spans = tuple(m.span() for m in pattern.finditer(ko))
            if spans:  # else the index keys matched across a boundary the text does not allow
                yield min(_rank(ko, s, e) for s, e in spans), id_, spans

    return _first_page(db, hits(), limit, "ko")


def _content(toks: list[korean.Token]) -> list[korean.Token]:
    """The content morphemes of an analysis (not particles, endings, the deriving 하/되 or symbols)."""
    return [t for t in toks if not korean.is_functional(t.tag)]


def _search_lemmas(db: sqlite_utils.Database, query: str, limit: int, scope: Scope, exclude: set[int]) -> SearchResult:
    """The segments (other than ``exclude``) whose Korean holds the query's content morphemes in a row by lemma,
    with particles and endings between or after them: 협력 강화 finds 협력도 강화하기로, 선택한 노드 선택된 노드.

    Candidates come from the index (the segments holding every noun of the query, by their Hangul bigrams) and a
    regex (those nouns in order); only those are analysed, so the search stays an index look-up plus a few analyses.
    """
    wanted = _content(korean.tokens(query))
    lemmas = [t.lemma for t in wanted]
    stems = [query[t.start : t.end] for t in wanted if t.tag.startswith(("N", "XR", "SL", "SN"))]
    expressions = [e for e in map(korean.match_expression, stems) if e]
    if len(lemmas) < 2 or not expressions:
        return SearchResult([], 0, "ko")
    expr = " AND ".join(f"({e})" for e in expressions)
    in_order = re.compile(".*?".join(korean.hit_pattern(stem).pattern for stem in stems), re.IGNORECASE | re.DOTALL)

    analysed = 0

    def hits() -> Iterator[tuple[int, int, Spans]]:
        nonlocal analysed
        for id_, ko in queries.ko_index_hits(db, expr, **scope.kw()):
            if id_ in exclude or not in_order.search(ko):
                continue
            analysed += 1
            if analysed > SCAN_AT_MOST:
                return
            content = _content(korean.tokens(ko))
            spans = []
            for i in range(len(content) - len(lemmas) + 1):
                if [t.lemma for t in content[i : i + len(lemmas)]] == lemmas:
                    end = content[i + len(lemmas) - 1].end
                    space = ko.find(" ", end)  # the hit runs to the end of its last word (its particles)
                    spans.append((content[i].start, space if space != -1 else len(ko)))
            if spans:
                yield LEMMA, id_, tuple(spans)

    result = _first_page(db, hits(), limit, "ko", best=LEMMA)
    return replace(result, total=None) if analysed > SCAN_AT_MOST else result


def _first_page(
    db: sqlite_utils.Database, hits: Iterable[tuple[int, int, Spans]], limit: int | None, lang: str, best: int = 0
):
    """The best ``limit`` of the (rank, id, spans) hits by (rank, id), with their segments.

    Hits come in id order: once ``limit`` hits of the best rank are in, no later hit (a higher id) can come before
    them, so reading stops there. A first page also stops after SCAN_AT_MOST hits, ranking those. When reading
    stopped early the total is left unknown (None).
    """
    found: list[tuple[int, int, Spans]] = []
    n_best = 0
    complete = True
    for hit in hits:
        found.append(hit)
        n_best += hit[0] == best
        if limit is not None and (n_best >= limit or len(found) >= SCAN_AT_MOST):
            complete = False
            break
    found.sort(key=lambda h: (h[0], h[1]))
    page = found[:limit] if limit is not None else found
    segments = queries.get_segments(db, [id_ for _, id_, _ in page])
    hits_ = [Hit(segments[id_], lang, spans, rank) for rank, id_, spans in page]
    return SearchResult(hits_, len(found) if complete else None, lang)


_MARK_OPEN, _MARK_CLOSE = "\x02", "\x03"


def _search_en(db: sqlite_utils.Database, query: str, limit: int | None, scope: Scope) -> SearchResult:
    words = en_words(query)
    if not words:
        raise InputError(f"nothing to search for in {query!r}")
    # The words as typed, in any case, rank before forms that only share their stems.
    typed = re.compile(r"(?<!\w)" + r"\W+".join(map(re.escape, words)) + r"(?!\w)", re.IGNORECASE)

    def hits() -> Iterator[tuple[int, int, Spans]]:
        for id_, marked in queries.en_phrase_hits(db, words, (_MARK_OPEN, _MARK_CLOSE), **scope.kw()):
            text = marked.replace(_MARK_OPEN, "").replace(_MARK_CLOSE, "")
            yield (0 if typed.search(text) else 1), id_, _spans(marked)

    return _first_page(db, hits(), limit, "en")


def _spans(marked: str) -> tuple[tuple[int, int], ...]:
    """Spans of the text between highlight marks, in offsets of the unmarked text."""
    spans = []
    pos = 0
    start = 0
    for ch in marked:
        if ch == _MARK_OPEN:
            start = pos
        elif ch == _MARK_CLOSE:
            spans.append((start, pos))
        else:
            pos += 1
    # A phrase query marks each word: merge words separated by whitespace only into one span.
    merged: list[tuple[int, int]] = []
    text = marked.replace(_MARK_OPEN, "").replace(_MARK_CLOSE, "")
    for s, e in spans:
        if merged and not text[merged[-1][1] : s].strip():
            merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return tuple(merged)
