"""module for concordance search over segments: Korean-aware (particles, endings, compounds) and English-stemmed."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kotm import korean
from kotm.errors import InputError
from kotm.store import segment_from_row
from kotm.units import Segment

if TYPE_CHECKING:
    import sqlite_utils

# Ranking of a hit, best first. Korean: the query as a whole word (with its particles), starting a compound, inside
# a word. English: the words as typed, or only their stems (cooperate for cooperation).
WORD, COMPOUND_START, INSIDE = 0, 1, 2
RANKS = {"ko": {WORD: "word", COMPOUND_START: "compound", INSIDE: "inside"}, "en": {0: "word", 1: "stem"}}
# How many verified hits get a morphological check to tell 협력을 (a word) from 협력사업 (a compound); the rest of a
# very large result rank by surface clues alone.
ANALYSE_AT_MOST = 400
SCAN_AT_MOST = 20000


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
    """The hits to show, and how many segments match in all (None when the search stopped once the best were in)."""

    hits: list[Hit]
    total: int | None
    lang: str


def detect_lang(text: str) -> str:
    """``ko`` when the text holds Hangul, else ``en``."""
    return "ko" if korean.has_hangul(text) else "en"


def _rank(text: str, start: int, end: int, analyse: bool) -> int:
    if not korean.starts_word(text, start):
        return INSIDE
    if end >= len(text) or not text[end].isalnum():
        return WORD
    if analyse and korean.ends_content(text, end):
        return WORD
    return COMPOUND_START


def search(
    db: sqlite_utils.Database,
    query: str,
    lang: str | None = None,
    limit: int | None = 20,
    source: str | None = None,
) -> SearchResult:
    """Find the segments that contain ``query``, best first.

    Korean queries match any surface form: 협력 finds 협력을, 협력하기로, 협력사업 and 국제협력; one-syllable
    queries work; spacing is ignored between syllables. Hits where the query is a whole word with its particles come
    first, then those where it starts a compound, then those inside a word. English queries match whole words,
    case-insensitively, with Porter stemming (cooperate finds cooperation).

    :param limit: how many hits to return (None for all); ``total`` counts them all.
    """
    query = korean.normalize(query)
    if not query:
        raise InputError("the search query is empty")
    lang = lang or detect_lang(query)
    if lang == "ko":
        return _search_ko(db, query, limit, source)
    return _search_en(db, query, limit, source)


def _search_ko(db: sqlite_utils.Database, query: str, limit: int | None, source: str | None) -> SearchResult:
    expr = korean.match_expression(query)
    if expr is None:
        raise InputError(f"nothing to search for in {query!r}")
    pattern = korean.hit_pattern(query)
    sql = (
        "SELECT s.* FROM segments_ko_fts f JOIN segments s ON s.id = f.rowid WHERE segments_ko_fts MATCH ?"
        + (" AND s.source = ?" if source is not None else "")
        + " ORDER BY f.rowid LIMIT ?"
    )
    params = [expr] + ([source] if source is not None else []) + [SCAN_AT_MOST]

    def hits() -> Iterator[Hit]:
        analysed = 0
        for row in db.query(sql, params):
            seg = segment_from_row(row)
            spans = tuple(m.span() for m in pattern.finditer(seg.ko))
            if not spans:  # the index keys matched across a boundary the text does not allow
                continue
            analyse = analysed < ANALYSE_AT_MOST
            rank = min(_rank(seg.ko, s, e, analyse) for s, e in spans)
            analysed += analyse
            yield Hit(seg, "ko", spans, rank)

    return _first_page(hits(), limit, "ko")


def _first_page(hits: Iterable[Hit], limit: int | None, lang: str) -> SearchResult:
    """The best ``limit`` hits by (rank, id), reading hits in id order only as far as needed.

    Once ``limit`` hits of the best rank are in, no later hit (a higher id) can come before them, so the reading
    stops there and the total is left unknown.
    """
    found: list[Hit] = []
    best = 0
    complete = True
    for hit in hits:
        found.append(hit)
        best += hit.rank == 0
        if limit is not None and best >= limit:
            complete = False
            break
    found.sort(key=lambda h: (h.rank, h.segment.id))
    return SearchResult(found[:limit] if limit is not None else found, len(found) if complete else None, lang)


_MARK_OPEN, _MARK_CLOSE = "\x02", "\x03"


def _search_en(db: sqlite_utils.Database, query: str, limit: int | None, source: str | None) -> SearchResult:
    words = re.findall(r"\w+", query.lower())
    if not words:
        raise InputError(f"nothing to search for in {query!r}")
    # The words as typed, in any case, rank before forms that only share their stems.
    typed = re.compile(r"(?<!\w)" + r"\W+".join(map(re.escape, words)) + r"(?!\w)", re.IGNORECASE)
    sql = (
        "SELECT s.*, highlight(segments_en_fts, 0, ?, ?) AS marked FROM segments_en_fts "
        "JOIN segments s ON s.id = segments_en_fts.rowid WHERE segments_en_fts MATCH ?"
        + (" AND s.source = ?" if source is not None else "")
        + " ORDER BY segments_en_fts.rowid LIMIT ?"
    )
    params = [_MARK_OPEN, _MARK_CLOSE, '"' + " ".join(words) + '"']
    params += ([source] if source is not None else []) + [SCAN_AT_MOST]
    hits = (
        Hit(seg, "en", _spans(row["marked"]), 0 if typed.search(seg.en) else 1)
        for row in db.query(sql, params)
        for seg in (segment_from_row(row),)
    )
    return _first_page(hits, limit, "en")


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
