"""module for pre-translation: each segment of a document gets the target of its best match in the memory.

For every source segment (``kotm.tm.analysis.document`` reads them):

- a translation the document already holds and calls final (a PO entry that is not fuzzy, an XLIFF unit in a
  translated state) is kept as it is (``kept``);
- otherwise the best match in the memory at or above the threshold gives the target: ``exact`` when the stored
  source is the segment's text (NFC, whitespace collapsed; a draft imported from a fuzzy PO entry is never exact),
  ``fuzzy`` below that, and ``fixed`` when the two differ only in numbers or placeholders and those could be put
  right in the target safely (see ``fix``), as memoQ and Trados do;
- a translation the document holds but does not call final (a fuzzy PO entry, an XLIFF draft or machine
  translation) is never overwritten: it stays (``draft``), with the memory's matches beside it as candidates;
- otherwise the target is empty (``none``).

The best few matches travel as candidates and the glossary terms found in the segment as notes, so the translator
sees them in any CAT tool. Memory stays flat in the length of the document: segments are streamed from the reader
to the writer, and only the last few thousand distinct texts' results are kept (repetitions cost one look-up).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from kotm.formats.bilingual import DRAFT, EXACT, FIXED, FUZZY, KEPT, Candidate, Translated
from kotm.qa.finding import LANG_NAMES
from kotm.text import normalize
from kotm.tm.analysis import DocSegment

if TYPE_CHECKING:
    from kotm.glossary.recognize import Found
    from kotm.tm.fuzzy import Match

DEFAULT_MIN_SCORE = 75.0
CANDIDATES = 3
_CACHE = 4096  # distinct texts whose results are kept for repetitions
# A number as a document writes it: digits with thousands separators or a decimal part (1,000 / 3.5 / 2019).
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")

Matcher = Callable[[str, str], list["Match"]]
Recognizer = Callable[[str, str], list["Found"]]


def tokens(text: str) -> list[tuple[int, int, str]]:
    """The placeholders (``kotm.qa.placeholders``) and numbers of a text, as (start, end, text), in order; a number
    inside a placeholder is part of it.

    >>> [t[2] for t in tokens("Saved %(count)d files in 2,019 ms ({0}).")]
    ['%(count)d', '2,019', '{0}']
    """
    from kotm.qa.placeholders import placeholders

    found = [(p.start, p.end, p.text) for p in placeholders(text)]
    taken = [(s, e) for s, e, _ in found]
    for m in _NUMBER.finditer(text):
        if not any(s <= m.start() < e for s, e in taken):
            found.append((m.start(), m.end(), m.group()))
    return sorted(found)


def _skeleton(text: str, toks: list[tuple[int, int, str]]) -> str:
    parts, at = [], 0
    for start, end, _ in toks:
        parts.append(text[at:start])
        parts.append("\x00")
        at = end
    parts.append(text[at:])
    return "".join(parts)


def differences(document: str, source: str) -> dict[str, str] | None:
    """The numbers and placeholders that change from the match's ``source`` to the ``document`` segment, when the
    two texts are the same once those are set aside and each that changes maps to one new value; else None.

    >>> differences("2020년과 2021년", "2019년과 2020년"), differences("협력을 강화", "협력도 강화")
    ({'2019': '2020', '2020': '2021'}, None)
    """
    doc_toks, src_toks = tokens(document), tokens(source)
    if len(doc_toks) != len(src_toks) or not doc_toks:
        return None
    if _skeleton(document, doc_toks) != _skeleton(source, src_toks):
        return None
    # Every number maps to one value, changed or not: 3명이 3일 → 4명이 3일 cannot say which 3 of "3 days" to change.
    mapping: dict[str, str] = {}
    for (_, _, old), (_, _, new) in zip(src_toks, doc_toks, strict=True):
        if mapping.setdefault(old, new) != new:
            return None
    return {old: new for old, new in mapping.items() if old != new} or None


def fix(document: str, source: str, target: str) -> tuple[str, tuple[tuple[str, str], ...]] | None:
    """The match's ``target`` with the document's numbers and placeholders, when the document segment and the
    match's ``source`` differ only in those; None when that is not so or cannot be done safely.

    Safe means: ``differences`` finds what changes, and the target holds each changing number or placeholder
    exactly as often as the source does (so there is no doubt which to replace: 3만 명 against 30,000, or 10주년
    against "tenth anniversary", is left alone).

    >>> fix("2020년 협력을 시작했다.", "2019년 협력을 시작했다.", "Cooperation began in 2019.")
    ('Cooperation began in 2020.', (('2019', '2020'),))
    >>> fix("Delete %d files?", "Delete %s files?", "%s개 파일을 삭제할까요?")
    ('%d개 파일을 삭제할까요?', (('%s', '%d'),))
    >>> fix("3명이 왔다.", "2명이 왔다.", "Two people came.") is None
    True
    """
    mapping = differences(document, source)
    if mapping is None:
        return None
    tgt_toks = tokens(target)
    in_source = Counter(t for _, _, t in tokens(source))
    in_target = Counter(t for _, _, t in tgt_toks)
    if any(in_target[old] != in_source[old] for old in mapping):
        return None
    parts, at = [], 0
    for start, end, text in tgt_toks:
        if text in mapping:
            parts.append(target[at:start])
            parts.append(mapping[text])
            at = end
    parts.append(target[at:])
    return "".join(parts), tuple(mapping.items())


_LETTER = re.compile(r"[^\W\d_]")


def document_lang(segments: Iterable[DocSegment]) -> str:
    """The language most of ``segments`` are in, counting only those with letters (a date, a number says nothing);
    Korean when there are none.

    >>> document_lang([DocSegment("2019-04-22", "en"), DocSegment("양국은 협력한다.", "ko")])
    'ko'
    """
    counts = Counter(s.lang for s in segments if _LETTER.search(s.text) and s.lang in ("ko", "en"))
    return counts.most_common(1)[0][0] if counts else "ko"


def origin(match: Match) -> str:
    """Where a candidate comes from: the stored segment's source (the document it was imported from), else kotm."""
    return match.segment.source or "kotm"


class Pretranslator:
    """Pre-translates the segments of documents against a memory (``matcher``) and a glossary (``recognizer``).

    :param matcher: the stored segments most similar to a text (language ``ko`` or ``en``) with a score ≥ the
        threshold, best first (``kotm.tm.fuzzy.match``)
    :param recognizer: the glossary terms in a text (``kotm.glossary.recognize.scan``), or None for no notes
    :param cache: how many distinct texts' matches are kept, so that a repetition costs no look-up
    :param min_score: the lowest score whose target is put in (a draft's identical text scores 99.9)
    """

    def __init__(
        self,
        matcher: Matcher,
        recognizer: Recognizer | None = None,
        candidates: int = CANDIDATES,
        cache: int = _CACHE,
        min_score: float = 0,
    ):
        self.matcher = matcher
        self.min_score = min_score
        self.cache_size = cache
        self.recognizer = recognizer
        self.candidates = candidates
        self.counts: Counter[str] = Counter()
        self._cache: OrderedDict[bytes, tuple] = OrderedDict()

    def translate(self, segments: Iterable[DocSegment], lang: str) -> Iterator[Translated]:
        """Each segment of a document in ``lang`` pre-translated; a segment in the other language is left
        untranslated, with a note saying so."""
        for seg in segments:
            out = self.one(seg, lang)
            self.counts[out.how] += 1
            yield out

    def one(self, seg: DocSegment, lang: str) -> Translated:
        text = normalize(seg.text)
        base = {"id": seg.id, "source": seg.text, "line": seg.line, "unit": seg.unit}
        if seg.lang != lang and _LETTER.search(seg.text):  # a date or a number is in any language
            note = f"kotm: this segment is in {LANG_NAMES.get(seg.lang, seg.lang)}, not {LANG_NAMES[lang]}; not pre-translated"
            return Translated(**base, notes=(note,))
        notes = self._terms(text, lang)
        if seg.confirmed:
            return Translated(**base, target=seg.target, how=KEPT, notes=notes)
        found = self._matches(text, lang)
        other = "en" if lang == "ko" else "ko"
        exact = [m for m in found if m.identical(text)]
        best = exact[0] if exact else (found[0] if found else None)
        score = 100.0 if exact else min(best.score, 99.9) if best else None
        if best is None or score < self.min_score:  # a draft scores 99.9 however identical its text
            if seg.target.strip():
                return Translated(**base, target=seg.target, how=DRAFT, notes=notes)
            return Translated(**base, notes=notes)
        # The best match leads the candidates, whatever its rank among equal scores.
        rest = [m for m in found if m is not best]
        cands = tuple(
            Candidate(getattr(m.segment, lang), getattr(m.segment, other), s, origin(m), m.segment.id)
            for m, s in [(best, score), *((m, m.score) for m in rest)][: self.candidates]
        )
        if exact:
            targets = {normalize(getattr(m.segment, other)) for m in exact}
            if len(targets) > 1:
                notes = (f"kotm: the memory holds {len(targets)} translations of this text", *notes)
        if best.draft:
            notes = ("kotm: the match is a draft (a fuzzy PO entry)", *notes)
        if seg.target.strip():  # the document's own draft stays; the memory's matches are offered beside it
            return Translated(**base, target=seg.target, how=DRAFT, score=score, candidates=cands, notes=notes)
        target = getattr(best.segment, other)
        if exact:
            return Translated(**base, target=target, how=EXACT, score=100.0, candidates=cands, notes=notes)
        stored = normalize(getattr(best.segment, lang))
        fixed = fix(text, stored, target)
        if fixed is not None:
            return Translated(
                **base, target=fixed[0], how=FIXED, score=score, candidates=cands, notes=notes, fixes=fixed[1]
            )
        changed = differences(text, stored)
        if changed:
            said = ", ".join(f"{a} → {b}" for a, b in changed.items())
            notes = (f"kotm: the match differs in numbers or placeholders ({said}); not changed in the target", *notes)
        return Translated(**base, target=target, how=FUZZY, score=score, candidates=cands, notes=notes)

    def _matches(self, text: str, lang: str) -> list[Match]:
        key = hashlib.blake2b(f"{lang}\0{text}".encode(), digest_size=16).digest()
        hit = self._cache.get(key)
        if hit is not None:
            self._cache.move_to_end(key)
            return list(hit)
        found = self.matcher(text, lang)
        self._cache[key] = tuple(found)
        if len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)
        return found

    def _terms(self, text: str, lang: str) -> tuple[str, ...]:
        if self.recognizer is None:
            return ()
        out = []
        for f in self.recognizer(text, lang):
            good = [t.en if lang == "ko" else t.ko for t in f.terms if t.status not in ("deprecated", "forbidden")]
            bad = [t.en if lang == "ko" else t.ko for t in f.terms if t.status in ("deprecated", "forbidden")]
            head = f.terms[0].ko if lang == "ko" else f.terms[0].en
            said = f.text if f.text == head else f"{f.text} ({head})"  # 개최할 (개최하다)
            line = f"glossary: {said} = {'; '.join(dict.fromkeys(good))}" if good else f"glossary: {said}"
            if bad:
                line += f" (not: {'; '.join(dict.fromkeys(bad))})"
            out.append(line)
        return tuple(dict.fromkeys(out))
