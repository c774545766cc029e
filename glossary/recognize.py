"""module for term recognition: find the glossary terms that occur in a text, in any inflected form."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kotm import korean
from kotm.glossary import predicates
from kotm.glossary.terms import TermLookups, TermsByKey, db_lookups, scoped
from kotm.text import detect_lang
from kotm.units import Term

if TYPE_CHECKING:
    import sqlite_utils

# Longest Korean term key (syllables, spacing removed) and English term (words) that recognition tries.
MAX_KO = 40
MAX_EN_WORDS = 8
_EN_WORD = re.compile(r"\w+(?:[-'’.]\w+)*", re.UNICODE)
# Noun suffixes (XSN) that inflect the noun rather than derive a new word: plural 들 and honorific 님. A term may end
# before them (국민들, 대통령님), unlike before a deriving suffix (정상화, 정상적).
_INFLECTING_SUFFIXES = frozenset({"들", "님"})
# Adverbs and interjections never start a noun term: 도로 in 도로 돌아갔다 is "back again", 안 in 안 된다 the negation.
_NEVER_START = ("MAG", "MAJ", "IC")
# One-syllable Sino-Korean determiners that take a bound noun: 국 in 양 국 is "country" (양국), not 국 "soup".
_SINO_DETERMINERS = frozenset("양각전본동귀당타총현모구신")


@dataclass(frozen=True, slots=True)
class Found:
    """A term found in a text: where (character offsets), what the text says there, and the term's renderings.
    ``lemma`` is True when it was found by its lemmas (a predicate term in a conjugated form)."""

    start: int
    end: int
    text: str
    lang: str
    terms: tuple[Term, ...] = field(default=())
    lemma: bool = False

    def to_dict(self) -> dict:
        """The first entry's ko and en, every entry's renderings and ids, and in ``terms`` each entry in full;
        ``domain`` and ``note`` are those of every entry (distinct ones joined by "; " and " | ")."""
        first = self.terms[0]
        return {
            "ko": first.ko,
            "en": first.en,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "renderings": [t.en if self.lang == "ko" else t.ko for t in self.terms],
            "ids": [t.id for t in self.terms],
            "domain": "; ".join(dict.fromkeys(t.domain for t in self.terms if t.domain)),
            "note": " | ".join(dict.fromkeys(t.note for t in self.terms if t.note)),
            "lemma": self.lemma,
            "terms": [{"id": t.id, "ko": t.ko, "en": t.en, "domain": t.domain, "note": t.note} for t in self.terms],
        }


@dataclass(frozen=True, slots=True)
class _Unit:
    """A surface morpheme (or a part of a compound noun) with the tags of the lemmas it holds."""

    start: int
    end: int
    tags: tuple[str, ...]
    semantic: str
    part: bool
    inner: bool = False  # a part of a compound after its first (반도 of 한반도, 사 of 변호사법)

    @property
    def tag(self) -> str:
        return self.tags[0]


def _units(toks: list[korean.Token]) -> list[_Unit]:
    units: list[_Unit] = []
    for n, tok in enumerate(toks):
        if units and (units[-1].start, units[-1].end) == (tok.start, tok.end) and not tok.part:
            last = units[-1]
            units[-1] = _Unit(last.start, last.end, (*last.tags, tok.tag), last.semantic, last.part)
        else:
            inner = tok.part and n > 0 and toks[n - 1].part and toks[n - 1].morph == tok.morph
            units.append(_Unit(tok.start, tok.end, (tok.tag,), tok.semantic, tok.part, inner))
    return units


def _latin(ch: str) -> bool:
    return ch.isalnum() and not korean.is_syllable(ch)


def _is_start(units: list[_Unit], n: int) -> bool:
    """A noun term may start at a content morpheme that no prefix such as 비- (XPN) adjoins, so 정상 is not found in
    비정상, and a particle (이란 in 협력이란) or an adverb (도로 "back again") never starts one."""
    unit = units[n]
    if korean.is_functional(unit.tag) or unit.tag.startswith(_NEVER_START) or unit.tag.startswith("NNB"):
        return False
    if unit.inner:  # 사법 is not in 변호사법 (변호 + 사 + 법); 한국 is in 한국인 (한국 + 인)
        return False
    prev = units[n - 1] if n else None
    if prev is None or prev.end != unit.start:
        return True
    # Nor right after a prefix (비정상), or after a one-syllable numeral in Hangul glued to it: written Korean spaces
    # a numeral before a noun or writes it in digits, so 일 + 정상 in 일정상 ("as scheduled") is the analyser cutting
    # a word it does not know, not the noun 정상.
    return not (prev.tag.startswith("XPN") or (prev.tag == "NR" and prev.end - prev.start == 1))


# How a noun term may end at a morpheme (``_end``): not, freely, or only as a noun that names an action.
_NO, _YES, _ACTION = 0, 1, 2


def _end(text: str, units: list[_Unit], n: int) -> int:
    """A noun term must end where a morpheme ends (한복 is not in 한복판 = 한 + 복판), not on an ending, and not
    before a word-deriving suffix (정상 in 정상화); the plural and honorific 들 and 님 only inflect the noun (국민들,
    대통령님). Before the deriving 하다/되다 only a noun that names an action counts as the noun: 협력 in 협력하기로,
    방문 in 방문했다, not 말 "horse" in 말했다 nor 사과 "apple" in 사과했다. The analyser marks some action nouns (행위);
    for the others the entry's English decides (``_ACTION``, checked in ``recognize_ko``)."""
    unit = units[n]
    if predicates.token_class(unit.tag) in ("E", "C"):
        return _NO
    nxt = units[n + 1] if n + 1 < len(units) else None
    if nxt is None or nxt.start != unit.end:
        return _YES
    if nxt.tag.startswith("XSN"):
        return _YES if unit.tag.startswith("XSN") or text[nxt.start : nxt.end] in _INFLECTING_SUFFIXES else _NO
    if nxt.tag in ("XSV", "XSA"):
        return _YES if unit.semantic == "행위" else _ACTION
    return _YES


def _acceptable(text: str, units: list[_Unit], i: int, j: int, key: str) -> bool:
    """Checks on a candidate that matched a term: a lone morpheme must be a noun (not 차 in 4차, a counter; not a
    verb); a one-syllable term must be a word of its own (not 한 in 한반도, 말 in 도움말, 국 in 양 국); a Latin-script
    term must not continue into more letters or digits (5G in 5GHz)."""
    first, last = units[i], units[j]
    if i == j:
        cls = predicates.token_class(first.tag)
        nominal = cls == "N" or (first.tag in ("VV", "VA") and "ETN" in first.tags)
        if not nominal:
            return False
    if len(key) == 1 and korean.is_syllable(key):
        if first.part:
            return False
        prev = units[i - 1] if i else None
        nxt = units[j + 1] if j + 1 < len(units) else None
        if prev is not None and prev.end == first.start and predicates.token_class(prev.tag) in ("N", "X", "S", "B"):
            return False
        if nxt is not None and nxt.start == last.end and not korean.is_functional(nxt.tag):
            return False
        if prev is not None and prev.tag == "MM" and text[prev.start : prev.end] in _SINO_DETERMINERS:
            return False
    start, end = first.start, last.end
    if _latin(text[start]) and start and _latin(text[start - 1]):
        return False
    return not (_latin(text[end - 1]) and end < len(text) and _latin(text[end]))


def _noun_candidates(text: str, units: list[_Unit]) -> dict[tuple[int, int], tuple[str, int]]:
    """Every stretch of morphemes (i, j) that starts and ends where a noun term may (``_is_start``, ``_is_end``),
    at most MAX_KO characters long without spacing: units (i, j) → the key (the squeezed, lower-cased text) and how
    it may end (``_end``). For
    each start only the ends within MAX_KO characters are tried, so the work is linear in the text."""
    squeezed_before = [0] * (len(text) + 1)  # non-space characters before each offset
    count = 0
    for n, ch in enumerate(text):
        squeezed_before[n] = count
        if not ch.isspace():
            count += 1
    squeezed_before[len(text)] = count
    ends = [_end(text, units, n) for n in range(len(units))]
    out: dict[tuple[int, int], tuple[str, int]] = {}
    for i in range(len(units)):
        if not _is_start(units, i):
            continue
        base = squeezed_before[units[i].start]
        for j in range(i, len(units)):
            if squeezed_before[units[j].end] - base > MAX_KO:
                break
            if ends[j]:
                out[(i, j)] = ("".join(text[units[i].start : units[j].end].split()).lower(), ends[j])
    return out


def _select(found: list[Found]) -> list[Found]:
    """Longest match wins where matches overlap; then by position."""
    if not found:
        return []
    taken = bytearray(max(f.end for f in found) + 1)
    chosen: list[Found] = []
    for f in sorted(found, key=lambda f: (-(f.end - f.start), f.start)):
        if not any(taken[f.start : f.end]):
            taken[f.start : f.end] = b"\x01" * (f.end - f.start)
            chosen.append(f)
    return sorted(chosen, key=lambda f: f.start)


def _specific_first(terms: list[Term], suffix: str) -> tuple[Term, ...]:
    """Terms whose dictionary form ends in the suffix the text uses first: 개최되다 before 개최하다 in 개최된."""
    return tuple(sorted(terms, key=lambda t: not "".join(t.ko.split()).endswith(suffix + "다")))


def recognize_ko(text: str, terms_by_key: TermsByKey) -> list[Found]:
    """Glossary terms in a Korean text (NFC), offsets into ``text``: noun terms matched on morpheme boundaries,
    spacing aside; predicate terms (개최하다) in any conjugation (개최할, 개최된), compared by lemmas.

    >>> # 카자흐스탄과의 협력하기로 → 카자흐스탄 (0, 5), 협력 (9, 11), or 협력하다 (9, 12) when the glossary has it
    """
    toks = korean.tokens(text)
    units = _units(toks)
    candidates = _noun_candidates(text, units)
    found = []
    if candidates:
        from kotm.glossary.inflection import names_action

        terms = terms_by_key("ko_key", {key for key, _ in candidates.values()})
        for (i, j), (key, how) in candidates.items():
            if key not in terms or not _acceptable(text, units, i, j, key):
                continue
            ts = terms[key]
            if how == _ACTION:
                ts = [t for t in ts if names_action(t.en)] if len(key) > 1 else []
            if ts:
                start, end = units[i].start, units[j].end
                found.append(Found(start, end, text[start:end], "ko", tuple(ts)))
    stretches = predicates.text_keys(toks)
    if stretches:
        terms = terms_by_key("ko_lemma", {s.key for s in stretches})
        for s in stretches:
            if s.key in terms:
                ts = _specific_first(terms[s.key], s.suffix)
                found.append(Found(s.start, s.end, text[s.start : s.end], "ko", ts, lemma=True))
    return _select(found)


def _word_keys(words: list[str]) -> list[str]:
    """Keys of a run of English words: the first and last words in any of their base forms (hosted → host)."""
    from kotm.glossary.inflection import base_forms

    if len(words) == 1:
        keys = list(base_forms(words[0]))
    else:
        middle = " ".join(w.lower() for w in words[1:-1])
        firsts, lasts = base_forms(words[0]), base_forms(words[-1])
        keys = [" ".join(p for p in (f, middle, last) if p) for f in firsts for last in lasts]
    # A hyphen reads as a space, as in the glossary's keys (glossary.terms.words_key): nur sultan is Nur-Sultan.
    return list(dict.fromkeys(k.replace("-", " ") for k in keys))


def recognize_en(text: str, terms_by_key: TermsByKey) -> list[Found]:
    """Glossary terms in an English text: whole words, any case, inflected (plurals, possessives, verb forms such as
    hosts, hosted, hosting, went for go), offsets into ``text``."""
    words = list(_EN_WORD.finditer(text))
    candidates: dict[str, list[tuple[int, int]]] = {}
    for i in range(len(words)):
        for j in range(i, min(i + MAX_EN_WORDS, len(words))):
            start, end = words[i].start(), words[j].end()
            for key in _word_keys([w.group() for w in words[i : j + 1]]):
                spans = candidates.setdefault(key, [])
                if (start, end) not in spans:
                    spans.append((start, end))
    found = []
    if candidates:
        for key, terms in terms_by_key("en_words", set(candidates)).items():
            for start, end in candidates[key]:
                found.append(Found(start, end, text[start:end], "en", tuple(terms)))
    return _select(found)


def _nfc(text: str) -> tuple[str, list[int] | None]:
    """The text in NFC and, when that changed it, for each offset of the NFC text the offset in ``text``."""
    if unicodedata.is_normalized("NFC", text):
        return text, None
    out: list[str] = []
    offsets: list[int] = []
    # Normalise cluster by cluster: a cluster starts at a character that combines with nothing before it.
    start = 0
    for n in range(1, len(text) + 1):
        if n == len(text) or (unicodedata.combining(text[n]) == 0 and not "\u1160" <= text[n] <= "\u11ff"):
            piece = unicodedata.normalize("NFC", text[start:n])
            out.append(piece)
            offsets.extend([start] * len(piece))
            start = n
    offsets.append(len(text))
    return "".join(out), offsets


def scan_ko(db: sqlite_utils.Database, text: str) -> list[Found]:
    """Glossary terms in a Korean text (see ``recognize_ko``), looked up in ``db``."""
    return recognize_ko(text, db_lookups(db).by_key)


def scan_en(db: sqlite_utils.Database, text: str) -> list[Found]:
    """Glossary terms in an English text (see ``recognize_en``), looked up in ``db``."""
    return recognize_en(text, db_lookups(db).by_key)


def scan(
    db: sqlite_utils.Database | None,
    text: str,
    lang: str | None = None,
    *,
    domains: Collection[str] | None = None,
    sources: Collection[str] | None = None,
    lookups: TermLookups | None = None,
) -> list[Found]:
    """Glossary terms in ``text`` (Korean if it holds Hangul, else English), longest match first where they overlap.

    Korean terms are found in any inflected form (카자흐스탄과의, 전략적 동반자 관계를, 협력하기로) and spacing
    variant (국제 IT 협력센터 / 국제 IT협력센터), never inside an unrelated word (정상 in 비정상, 한복 in 한복판);
    predicate terms in any conjugation (개최하다 in 개최할, 돕다 in 도와). Offsets are into ``text`` as given.

    :param domains: only terms of these domains (None: any)
    :param sources: only terms of these sources (None: any)
    :param lookups: the glossary look-ups to use instead of ``db``'s
    """
    lookups = db_lookups(db, domains, sources) if lookups is None else scoped(lookups, domains, sources)
    nfc, offsets = _nfc(text)
    lang = lang or detect_lang(nfc)
    found = recognize_ko(nfc, lookups.by_key) if lang == "ko" else recognize_en(nfc, lookups.by_key)
    if offsets is None:
        return found
    out = []
    for f in found:
        start, end = offsets[f.start], offsets[f.end]
        out.append(Found(start, end, text[start:end], f.lang, f.terms, f.lemma))
    return out
