"""module for fuzzy translation-memory matching: the stored segments most similar to a text, with a score.

Score: 100 × (1 − d / max(len(a), len(b))), where d is the character-level Levenshtein distance between the two
texts after Unicode NFC normalisation and whitespace collapsing (case and punctuation count as edits). This is the
edit-distance measure memoQ and Trados show. 100 means the normalised texts are identical. It is measured in
characters, not words, because a Korean word carries its particles: 협력을 → 협력이 is one edit in a sentence of
~40 syllables (98), where a word-based measure would count a whole changed word (90 in a 10-word sentence).

Candidates come from the full-text indexes, never from scoring every segment: the query's index keys (Hangul
bigrams on the Korean side, lower-cased words and pairs of words on the English side) are ranked by how few
segments hold them, the segments that share the most of the rarest keys are taken, and only those are scored with
rapidfuzz.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kotm import korean, queries
from kotm.errors import InputError
from kotm.keys import en_keys
from kotm.text import detect_lang
from kotm.units import Segment

if TYPE_CHECKING:
    import sqlite_utils

DEFAULT_MIN_SCORE = 70
# The query's keys are read rarest first: at least MIN_KEYS of them, then more while the segments read stay within
# POSTINGS_BUDGET, at most MAX_KEYS; but a key held by more than COMMON[lang] of all segments (니다, 합니, "the") and
# by more than POSTINGS_BUDGET is read only to reach MIN_COMMON keys: it tells no candidate apart, and at 1M
# segments reading it was most of the time of the slowest queries (Korean p95 72 → 53 ms with the same recall;
# English words are less telling than bigrams, and 5% lost recall there: benchmarks/RESULTS.md). The CANDIDATES
# segments sharing the most keys are scored.
MIN_KEYS = 8
MAX_KEYS = 32
POSTINGS_BUDGET = 8_000
COMMON = {"ko": 0.05, "en": 0.07}
MIN_COMMON = 3
CANDIDATES = 1000


def min_shared(min_score: float) -> float:
    """The share of the keys read that a candidate must hold to be scored.

    A segment scoring s has at most (1 − s/100) × length edits and each edit breaks at most two bigrams, so at
    min_score 75 it keeps about half of the query's keys; this asks for less (0.35 at 75, 0.3 at 70, nothing
    below 40) to leave a margin for the rarest keys being the broken ones. Measured in benchmarks/bench_match.py.
    """
    return max(0.0, (min_score - 40) / 100)


@dataclass(frozen=True, slots=True)
class Match:
    """A stored segment similar to the query: its score and how the query differs from it."""

    segment: Segment
    score: float
    lang: str
    diff: tuple[tuple[str, str, str], ...]  # (op, query words, match words), op in equal/replace/insert/delete

    @property
    def draft(self) -> bool:
        """True for a segment imported from a fuzzy PO entry (``kotm import --include-fuzzy``): a draft, never to be
        taken as a confirmed translation."""
        from kotm.formats.po import is_fuzzy

        return is_fuzzy(self.segment)

    def identical(self, text: str) -> bool:
        """True when the stored text is ``text`` (normalised: NFC, whitespace collapsed) and is no draft: a 100%
        match, as analysis counts it and pre-translation uses it. A draft scores below it, whatever its text."""
        return not self.draft and korean.normalize(getattr(self.segment, self.lang)) == korean.normalize(text)

    def to_dict(self) -> dict:
        d = self.segment.to_dict()
        del d["props"]
        return {
            "id": d.pop("id"),
            "score": self.score,
            "draft": self.draft,
            **d,
            "diff": [list(op) for op in self.diff],
        }


def score(a: str, b: str) -> float:
    """Similarity of two texts, 0–100, rounded to one decimal.

    >>> score("협력을 강화하기로 했습니다.", "협력을 강화하기로 했습니다.")
    100.0
    >>> score("양국은 협력을 강화하기로 했습니다.", "양국은 협력이 강화하기로 했습니다.")
    94.7
    """
    from rapidfuzz.distance import Levenshtein

    a, b = korean.normalize(a), korean.normalize(b)
    return round(Levenshtein.normalized_similarity(a, b) * 100, 1)


def diff(query: str, match: str) -> tuple[tuple[str, str, str], ...]:
    """Word-level differences between the query and a match, for display.

    >>> diff("양국은 협력을 강화한다", "양국은 협력이 강화한다")
    (('equal', '양국은', '양국은'), ('replace', '협력을', '협력이'), ('equal', '강화한다', '강화한다'))
    """
    from rapidfuzz.distance import Indel

    a, b = korean.normalize(query).split(" "), korean.normalize(match).split(" ")
    out = []
    for op in Indel.opcodes(a, b):
        out.append(
            (
                op.tag,
                " ".join(a[op.src_start : op.src_end]),
                " ".join(b[op.dest_start : op.dest_end]),
            )
        )
    # Indel has no "replace": a delete next to an insert is one replacement.
    merged: list[tuple[str, str, str]] = []
    for tag, q, m in out:
        if merged and {merged[-1][0], tag} == {"delete", "insert"}:
            _, pq, pm = merged.pop()
            tag, q, m = "replace", (pq + " " + q).strip(), (pm + " " + m).strip()
        merged.append((tag, q, m))
    return tuple(merged)


def _key_counts(db: sqlite_utils.Database, text: str, lang: str) -> dict[str, int]:
    """The text's index keys (Korean bigrams, or English words), each with how many segments hold it."""
    return queries.key_counts(db, lang, (korean.index_keys(text) if lang == "ko" else en_keys(text)).split())


def candidates(
    db: sqlite_utils.Database,
    text: str,
    lang: str,
    min_score: float = DEFAULT_MIN_SCORE,
    limit: int = CANDIDATES,
    *,
    domains: Collection[str] | None = None,
    sources: Collection[str] | None = None,
) -> list[int]:
    """Ids of the segments that share the most of the text's rarest index keys, best first; only segments of
    ``domains`` and ``sources`` if given."""
    counts = _key_counts(db, text, lang)
    size = queries.id_bound(db)  # about the count: ids are never reused
    common = max(COMMON[lang] * size, POSTINGS_BUDGET)  # in a small memory, every key is worth reading
    chosen, read = [], 0
    for n, key in sorted((n, key) for key, n in counts.items()):
        if n == 0:
            continue  # no segment holds it
        if len(chosen) >= MAX_KEYS or (len(chosen) >= MIN_KEYS and read + n > POSTINGS_BUDGET):
            break
        if n > common and len(chosen) >= MIN_COMMON:
            break
        chosen.append(key)
        read += n
    shared = max(1, math.ceil(len(chosen) * min_shared(min_score)))
    return queries.sharing_keys(db, lang, chosen, shared, limit, domains=domains, sources=sources)


def match(
    db: sqlite_utils.Database,
    text: str,
    lang: str | None = None,
    min_score: float = DEFAULT_MIN_SCORE,
    limit: int | None = 5,
    *,
    domains: Collection[str] | None = None,
    sources: Collection[str] | None = None,
) -> list[Match]:
    """The stored segments most similar to ``text`` with a score ≥ ``min_score``, best first.

    Korean text is compared with the Korean side (ko→en work), English text with the English side (en→ko work).

    :param domains: only segments of these domains (None: any)
    :param sources: only segments of these sources (None: any)
    """
    text = korean.normalize(text)
    if not text:
        raise InputError("the text to match is empty")
    lang = lang or detect_lang(text)
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    ids = candidates(db, text, lang, min_score, domains=domains, sources=sources)
    texts = {id_: korean.normalize(t) for id_, t in queries.texts(db, ids, lang).items()}
    scored = process.extract(
        text,
        texts,
        scorer=Levenshtein.normalized_similarity,
        score_cutoff=min_score / 100,
        limit=None,
    )
    ranked = sorted(((round(sim * 100, 1), id_) for _, sim, id_ in scored), key=lambda t: (-t[0], t[1]))
    ranked = [(s, id_) for s, id_ in ranked if s >= min_score]
    if limit is not None:
        ranked = ranked[:limit]
    segments = queries.get_segments(db, [id_ for _, id_ in ranked])
    found = [(s, id_, segments[id_], getattr(segments[id_], lang)) for s, id_ in ranked]
    return [Match(seg, s, lang, diff(text, other)) for s, _, seg, other in found]
