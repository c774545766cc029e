"""module for term recognition: find the glossary terms that occur in a text, in any inflected form."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kotm import korean, queries
from kotm.text import detect_lang, en_token_key, en_tokens
from kotm.units import Term

if TYPE_CHECKING:
    import sqlite_utils

# Longest Korean term key (syllables, spacing removed) and English term (words) that recognition tries.
MAX_KO = 40
MAX_EN_WORDS = 8
_EN_ENDINGS = ("'s", "’s", "s'", "s’", "es", "s")
# Noun suffixes (XSN) that inflect the noun rather than derive a new word: plural 들 and honorific 님. A term may end
# before them (국민들, 대통령님), unlike before a deriving suffix (정상화, 정상적).
_INFLECTING_SUFFIXES = frozenset({"들", "님"})


@dataclass(frozen=True, slots=True)
class Found:
    """A term found in a text: where (character offsets), what the text says there, and the term's renderings."""

    start: int
    end: int
    text: str
    lang: str
    terms: tuple[Term, ...] = field(default=())

    def to_dict(self) -> dict:
        first = self.terms[0]
        return {
            "ko": first.ko,
            "en": first.en,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "renderings": [t.en if self.lang == "ko" else t.ko for t in self.terms],
            "ids": [t.id for t in self.terms],
            "domain": first.domain,
            "note": first.note,
        }


def _squeeze(text: str) -> tuple[str, list[int]]:
    """Text without whitespace, lower-cased, and for each of its characters the offset in ``text``."""
    chars, offsets = [], []
    for i, ch in enumerate(text):
        if not ch.isspace():
            chars.append(ch.lower())
            offsets.append(i)
    return "".join(chars), offsets


def _korean_candidates(text: str) -> dict[tuple[int, int], str]:
    """Every stretch of ``text`` that starts and ends on morpheme boundaries and could be a term: (start, end) in
    squeezed offsets → the squeezed key.

    A term may start only at a content morpheme that no prefix such as 비- (XPN) precedes, so 정상 is not found
    in 비정상, and a particle (이란 in 협력이란) never starts one. It must end where a morpheme ends, so 한복 is not
    found in 한복판 (한 + 복판), and not before a word-deriving suffix (정상 in 정상화);
    the plural and honorific suffixes 들 and 님 only inflect the noun, so a term may end before them (국민들, 대통령님).
    """
    squeezed, offsets = _squeeze(text)
    position = {orig: n for n, orig in enumerate(offsets)}
    morphs = korean.morphemes(text)
    starts: list[int] = []
    ends: list[int] = []
    for n, (_, tag, start, end) in enumerate(morphs):
        prev_tag = morphs[n - 1][1] if n else ""
        adjoining = n and morphs[n - 1][3] == start  # no space between the previous morpheme and this one
        if not korean.is_functional(tag) and not (adjoining and prev_tag.startswith("XPN")) and start in position:
            starts.append(position[start])
        next_surface, next_tag = morphs[n + 1][:2] if n + 1 < len(morphs) else ("", "")
        next_adjoining = n + 1 < len(morphs) and morphs[n + 1][2] == end
        deriving = next_tag.startswith("XSN") and next_surface not in _INFLECTING_SUFFIXES
        if end - 1 in position and not (next_adjoining and deriving and not tag.startswith("XSN")):
            ends.append(position[end - 1] + 1)
    out = {}
    for s in starts:
        for e in ends:
            if s < e <= s + MAX_KO:
                out[(s, e)] = squeezed[s:e]
    return out


def _select(found: list[Found]) -> list[Found]:
    """Longest match wins where matches overlap; then by position."""
    chosen: list[Found] = []
    for f in sorted(found, key=lambda f: (-(f.end - f.start), f.start)):
        if all(f.end <= c.start or f.start >= c.end for c in chosen):
            chosen.append(f)
    return sorted(chosen, key=lambda f: f.start)


def scan_ko(db: sqlite_utils.Database, text: str) -> list[Found]:
    """Glossary terms in a Korean text, matched on morpheme boundaries, spacing aside.

    >>> # 카자흐스탄과의 협력하기로 → 카자흐스탄 (0, 5), 협력 (9, 11)
    """
    candidates = _korean_candidates(text)
    if not candidates:
        return []
    terms = queries.terms_by_keys(db, set(candidates.values()))
    _, offsets = _squeeze(text)
    found = []
    for (s, e), key in candidates.items():
        if key in terms:
            start, end = offsets[s], offsets[e - 1] + 1
            found.append(Found(start, end, text[start:end], "ko", tuple(terms[key])))
    return _select(found)


def _singulars(word: str) -> list[str]:
    lower = word.lower()
    forms = [lower]
    for ending in _EN_ENDINGS:
        if lower.endswith(ending) and len(lower) > len(ending) + 1:
            forms.append(lower[: -len(ending)])
    return forms


def scan_en(db: sqlite_utils.Database, text: str) -> list[Found]:
    """Glossary terms in an English text: whole words, any case, with a plural or possessive ending allowed."""
    words = list(en_tokens(text))
    candidates: dict[str, list[tuple[int, int]]] = {}
    for i in range(len(words)):
        for j in range(i, min(i + MAX_EN_WORDS, len(words))):
            start, end = words[i].start(), words[j].end()
            prefix = " ".join(w.group().lower() for w in words[i:j]) if j > i else ""
            # The words between must be separated by spacing or a hyphen/dash only, as in the term.
            for last in _singulars(words[j].group()):
                key = f"{prefix} {last}" if prefix else last
                candidates.setdefault(key, []).append((start, end))
    spans_by_key = candidates
    # Terms are stored with their own spacing and punctuation; compare on a key of words only.
    terms_by_words: dict[str, list[Term]] = {}
    if spans_by_key:
        rows = _fetch_en(db, set(spans_by_key))
        terms_by_words = rows
    found = []
    for key, terms in terms_by_words.items():
        for start, end in spans_by_key[key]:
            found.append(Found(start, end, text[start:end], "en", tuple(terms)))
    return _select(found)


def _fetch_en(db: sqlite_utils.Database, keys: set[str]) -> dict[str, list[Term]]:
    """Terms whose English, reduced to its tokens, is one of ``keys``; found through the English index."""
    out: dict[str, list[Term]] = {}
    for term in queries.terms_with_en_words(db, {k.split(" ")[0] for k in keys}):
        key = en_token_key(term.en)
        if key in keys:
            out.setdefault(key, []).append(term)
    return out


def scan(db: sqlite_utils.Database, text: str, lang: str | None = None) -> list[Found]:
    """Glossary terms in ``text`` (Korean if it holds Hangul, else English), longest match first where they overlap.

    Korean terms are found in any inflected form (카자흐스탄과의, 전략적 동반자 관계를, 협력하기로) and spacing
    variant (국제 IT 협력센터 / 국제 IT협력센터), never inside an unrelated word (정상 in 비정상, 한복 in 한복판).
    """
    text = korean.normalize(text)
    lang = lang or detect_lang(text)
    return scan_ko(db, text) if lang == "ko" else scan_en(db, text)
