"""module for fuzzy translation-memory matching: the stored segments most similar to a text, with a score.

Score: 100 × (1 − d / max(len(a), len(b))), where d is the character-level Levenshtein distance between the two
texts after Unicode NFC normalisation and whitespace collapsing (case and punctuation count as edits). This is the
edit-distance measure memoQ and Trados show. 100 means the normalised texts are identical. It is measured in
characters, not words, because a Korean word carries its particles: 협력을 → 협력이 is one edit in a sentence of
~40 syllables (98), where a word-based measure would count a whole changed word (90 in a 10-word sentence).

Candidates come from the full-text indexes, never from scoring every segment: the query's index keys (Hangul
bigrams on the Korean side, stemmed words on the English side) are ranked by how few segments hold them, the
segments that share the most of the rarest keys are taken, and only those are scored with rapidfuzz.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kotm import korean
from kotm.errors import InputError
from kotm.store import get_segments
from kotm.units import Segment

if TYPE_CHECKING:
    import sqlite_utils

DEFAULT_MIN_SCORE = 70
# How many of the query's keys are looked up (rarest first), how many segments may share a key before it stops being
# worth reading, and how many candidates are scored.
MAX_KEYS = 32
MAX_POSTINGS = 50_000
CANDIDATES = 200


@dataclass(frozen=True, slots=True)
class Match:
    """A stored segment similar to the query: its score and how the query differs from it."""

    segment: Segment
    score: float
    lang: str
    diff: tuple[tuple[str, str, str], ...]  # (op, query words, match words), op in equal/replace/insert/delete

    def to_dict(self) -> dict:
        d = self.segment.to_dict()
        del d["props"]
        return {
            "id": d.pop("id"),
            "score": self.score,
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


def _ensure_vocab(db: sqlite_utils.Database) -> None:
    """Temporary fts5vocab views of the indexes (how many segments hold each key) and a tokenizer for English."""
    temp = {r[0] for r in db.execute("SELECT name FROM sqlite_temp_master")}
    if "segments_ko_vocab" in temp:
        return
    db.execute("CREATE VIRTUAL TABLE temp.segments_ko_vocab USING fts5vocab(main, segments_ko_fts, 'row')")
    db.execute("CREATE VIRTUAL TABLE temp.segments_en_vocab USING fts5vocab(main, segments_en_fts, 'row')")
    # The same tokenizer as the English index, to turn a query into the index's stemmed terms.
    db.execute("CREATE VIRTUAL TABLE temp.en_tokens USING fts5(x, tokenize='porter unicode61 remove_diacritics 2')")
    db.execute("CREATE VIRTUAL TABLE temp.en_tokens_vocab USING fts5vocab(temp, en_tokens, 'row')")


def _keys(db: sqlite_utils.Database, text: str, lang: str) -> list[str]:
    if lang == "ko":
        return sorted(set(korean.index_keys(text).split()))
    with db.atomic():
        db.execute("DELETE FROM temp.en_tokens")
        db.execute("INSERT INTO temp.en_tokens (x) VALUES (?)", [text])
        keys = [r[0] for r in db.execute("SELECT term FROM temp.en_tokens_vocab")]
        db.execute("DELETE FROM temp.en_tokens")
    return keys


def candidates(db: sqlite_utils.Database, text: str, lang: str, limit: int = CANDIDATES) -> list[int]:
    """Ids of the segments that share the most of the text's rarest index keys, best first."""
    _ensure_vocab(db)
    keys = _keys(db, text, lang)
    if not keys:
        return []
    vocab, fts = f"segments_{lang}_vocab", f"segments_{lang}_fts"
    marks = ",".join("?" * len(keys))
    df = dict(db.execute(f"SELECT term, doc FROM temp.{vocab} WHERE term IN ({marks})", keys).fetchall())
    ranked = sorted((n, key) for key, n in df.items())
    chosen = [key for n, key in ranked if n <= MAX_POSTINGS][:MAX_KEYS] or [key for _, key in ranked[:3]]
    shared: Counter[int] = Counter()
    for key in chosen:
        for (rowid,) in db.execute(f"SELECT rowid FROM {fts} WHERE {fts} MATCH ?", ['"' + key + '"']):
            shared[rowid] += 1
    return [rowid for rowid, _ in sorted(shared.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]]


def match(
    db: sqlite_utils.Database,
    text: str,
    lang: str | None = None,
    min_score: float = DEFAULT_MIN_SCORE,
    limit: int | None = 5,
) -> list[Match]:
    """The stored segments most similar to ``text`` with a score ≥ ``min_score``, best first.

    Korean text is compared with the Korean side (ko→en work), English text with the English side (en→ko work).
    """
    text = korean.normalize(text)
    if not text:
        raise InputError("the text to match is empty")
    lang = lang or ("ko" if korean.has_hangul(text) else "en")
    ids = candidates(db, text, lang)
    segments = get_segments(db, ids)
    found = []
    for id_ in ids:
        seg = segments[id_]
        other = getattr(seg, lang)
        if min(len(text), len(other)) * 100 < min_score * max(len(text), len(other)):
            continue  # the length difference alone keeps it below the threshold
        s = score(text, other)
        if s >= min_score:
            found.append((s, id_, seg, other))
    found.sort(key=lambda t: (-t[0], t[1]))
    if limit is not None:
        found = found[:limit]
    return [Match(seg, s, lang, diff(text, other)) for s, _, seg, other in found]
