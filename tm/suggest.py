"""module for suggestions when a search finds nothing ("did you mean"): the nearest words the memory holds.

Korean is compared on jamo, so a changed vowel (카자흐스턴 → 카자흐스탄) is one edit where a whole changed syllable
is two or three; English by letters (Kazakstan → Kazakhstan). Both read only the index's own vocabulary, and only
when nothing was found: for Korean the few segments sharing the most Hangul bigrams with the query (the fuzzy
matcher's read), whose words are then compared; for English the stored words with the query's first letter and
about its length (a range of the key counts' primary key).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Collection
from typing import TYPE_CHECKING

from kotm import korean, queries
from kotm.text import detect_lang

if TYPE_CHECKING:
    import sqlite_utils

# How many suggestions, and how many segments a Korean query's words are taken from.
SUGGESTIONS = 3
SEGMENTS_READ = 50
_HANGUL_RUN = re.compile(r"[\uac00-\ud7a3]+(?: [\uac00-\ud7a3]+)*")
_EN_WORD = re.compile(r"[a-z][a-z0-9'-]*")


def jamo(text: str) -> str:
    """Hangul syllables as their jamo (canonical decomposition), other characters as they are.

    >>> len(jamo("카자흐스탄")), jamo("탄") == "\\u1110\\u1161\\u11ab"
    (11, True)
    """
    return unicodedata.normalize("NFD", text)


def _most_edits(length: int) -> int:
    """How far a suggestion may be from a query of ``length`` letters (jamo for Korean): one edit in four."""
    return max(1, length // 4)


def suggest(
    db: sqlite_utils.Database,
    query: str,
    lang: str | None = None,
    *,
    domains: Collection[str] | None = None,
    sources: Collection[str] | None = None,
) -> list[str]:
    """The words (or, for a query of several words, the runs of words) the memory holds nearest to ``query``, best
    first; [] when none is near enough.

    >>> # suggest(db, "카자흐스턴") → ['카자흐스탄'];  suggest(db, "Kazakstan") → ['Kazakhstan']
    """
    query = korean.normalize(query)
    lang = lang or detect_lang(query)
    if lang == "ko":
        return _suggest_ko(db, query, domains, sources)
    return _suggest_en(db, query)


def _ranked(query: str, candidates: Counter[str], key) -> list[str]:
    from rapidfuzz.distance import OSA  # Levenshtein with transpositions: Scirpt is one edit from Script

    target = key(query)
    most = _most_edits(len(target))
    scored = []
    for word, n in candidates.items():
        if word == query:
            continue
        d = OSA.distance(target, key(word), score_cutoff=most)
        if d <= most:
            scored.append((d, -n, word))
    return [w for _, _, w in sorted(scored)[:SUGGESTIONS]]


def _suggest_ko(
    db: sqlite_utils.Database, query: str, domains: Collection[str] | None, sources: Collection[str] | None
) -> list[str]:
    keys = sorted(set(korean.index_keys(query).split()))
    if not keys:
        return []
    ids = queries.sharing_keys(db, "ko", keys, max(1, len(keys) // 3), SEGMENTS_READ, domains=domains, sources=sources)
    size = len(query)
    words = size - size // 2, size + 2  # the lengths of the runs compared, in characters
    candidates: Counter[str] = Counter()
    for text in queries.texts(db, ids, "ko").values():
        for run in _HANGUL_RUN.finditer(korean.normalize(text)):
            piece = run.group()
            # Every stretch starting a word, about the query's length: 카자흐스탄과의 gives 카자흐스탄 among them.
            # It must end where its last word does or where a particle or an ending starts (not 인터프리 of
            # 인터프리터).
            starts = [0] + [m.end() for m in re.finditer(" ", piece)]
            for start in starts:
                for length in range(words[0], words[1] + 1):
                    stretch = piece[start : start + length]
                    end = start + length
                    if len(stretch) < length or stretch.endswith(" ") or stretch in candidates:
                        if stretch in candidates:
                            candidates[stretch] += 1
                        continue
                    if end < len(piece) and piece[end] != " ":
                        word_start = piece.rfind(" ", 0, end) + 1
                        word_end = piece.find(" ", end)
                        word = piece[word_start : word_end if word_end != -1 else len(piece)]
                        if not korean.particle_follows(word, end - word_start):
                            continue
                    candidates[stretch] += 1
    return _ranked(query, candidates, jamo)


def _suggest_en(db: sqlite_utils.Database, query: str) -> list[str]:
    words = query.lower().split()
    if len(words) != 1 or not _EN_WORD.fullmatch(words[0]):
        return []
    word = words[0]
    most = _most_edits(len(word))
    found = queries.en_vocabulary(db, word[0], max(1, len(word) - most), len(word) + most)
    suggestions = _ranked(word, Counter(dict(found)), str)
    return [_as_typed(query, s) for s in suggestions]


def _as_typed(query: str, word: str) -> str:
    """The suggestion in the query's case: Kazakstan → Kazakhstan."""
    if query.isupper():
        return word.upper()
    if query[:1].isupper():
        return word[:1].upper() + word[1:]
    return word
