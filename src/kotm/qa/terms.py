"""module for the glossary checks: ``term`` (a glossary term in the source whose approved renderings are all absent
from the target) and ``forbidden`` (a deprecated or forbidden rendering in the target).

Both sides are matched as recognition matches them (``kotm.glossary.recognize``): Korean with any particle or
ending and predicates by lemma (협력센터를 has 협력센터, 개최된 has 개최하다), English with inflection (hosted has
host). The glossary is held in memory (``Glossary``), and recognition runs only where it can change the answer:
a Korean source is analysed only when a term's key occurs in it as a string and no rendering is in the target.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from kotm.glossary.recognize import Found, recognize_en, recognize_ko
from kotm.glossary.terms import words_key
from kotm.qa.finding import LANG_NAMES, Finding, finding, sides
from kotm.text import compiled

if TYPE_CHECKING:
    from kotm.units import Segment, Term

BAD = frozenset({"deprecated", "forbidden"})
# English words as recognition splits them (kotm.glossary.recognize).
_EN_WORD = re.compile(r"\w+(?:[-'’.]\w+)*", re.UNICODE)


def _squeeze(text: str) -> str:
    return "".join(text.split()).lower()


class _Index:
    """Terms by their recognition keys (``ko_key``, ``ko_lemma``, ``en_words``), answering as ``TermsByKey``."""

    def __init__(self, entries: Iterable[tuple[Term, str, str]]):
        self.by: dict[str, dict[str, list[Term]]] = {"ko_key": {}, "ko_lemma": {}, "en_words": {}}
        self.keys: dict[int, tuple[str, str]] = {}
        for term, ko_key, ko_lemma in entries:
            self.keys[id(term)] = (ko_key, ko_lemma)
            self.by["ko_key"].setdefault(ko_key, []).append(term)
            if ko_lemma:
                self.by["ko_lemma"].setdefault(ko_lemma, []).append(term)
            self.by["en_words"].setdefault(words_key(term.en), []).append(term)

    def __call__(self, column: str, keys: set[str]) -> dict[str, list[Term]]:
        # In a fixed order, so that one text gives the same findings in every run: where two keys match one span
        # (unlocked and unlock in "unlocked"), the longer, closer to the written word, first.
        table = self.by[column]
        return {k: table[k] for k in sorted(keys, key=lambda k: (-len(k), k)) if k in table}

    def __bool__(self) -> bool:
        return bool(self.keys)


class Glossary:
    """A database's glossary in memory, for checking many units against it.

    :param entries: (term, ko_key, ko_lemma) for every term (``kotm.queries.iter_term_keys``)
    """

    def __init__(self, entries: Iterable[tuple[Term, str, str]]):
        entries = list(entries)
        self.index = _Index(entries)
        self.keys = self.index.keys
        # Korean keys by their first two characters (one for a one-syllable term), to find the terms whose key
        # occurs in a text as a string in one pass over it; predicate terms by their first character (도와 for 돕다).
        self.prefix: dict[str, list[str]] = defaultdict(list)
        self.predicate_first: dict[str, list[str]] = defaultdict(list)
        for _, ko_key, ko_lemma in entries:
            if ko_lemma:
                self.predicate_first[ko_key[:1]].append(ko_lemma)
            elif ko_key:
                self.prefix[ko_key[:2]].append(ko_key)
        for table in (self.prefix, self.predicate_first):
            for k in table:
                table[k] = sorted(set(table[k]))
        # For a glossary of ordinary size one regex answers ko_possible at C speed (a big one compiles too slowly).
        alternatives = {k for ks in self.prefix.values() for k in ks} | set(self.predicate_first)
        self.pattern = None
        if 0 < len(alternatives) <= 5000:
            self.pattern = re.compile("|".join(map(re.escape, sorted(alternatives, key=len, reverse=True))))
        # What may be used: the renderings not deprecated or forbidden. A form is bad only when no entry approves it
        # (an English word that is forbidden for one Korean term and preferred for another is no error).
        approved_en = {words_key(t.en) for t, _, _ in entries if t.status not in BAD}
        approved_ko = {k for t, k, _ in entries if t.status not in BAD}
        bad_en = [(t, k, lem) for t, k, lem in entries if t.status in BAD and words_key(t.en) not in approved_en]
        bad_ko = [(t, k, lem) for t, k, lem in entries if t.status in BAD and k not in approved_ko]
        self.bad = {"en": _Index(bad_en), "ko": _Index(bad_ko)}
        self.bad_ko_keys = sorted({k for _, k, _ in bad_ko})
        self.by_ko_key = self.index.by["ko_key"]
        self.by_en_words = self.index.by["en_words"]

    # ---- look-ups

    def ko_keys_in(self, squeezed: str) -> set[str]:
        """The noun terms' keys that occur in a squeezed text (``_squeeze``) as strings."""
        out = set()
        for n in range(len(squeezed)):
            for key in self.prefix.get(squeezed[n : n + 2], ()):
                if squeezed.startswith(key, n):
                    out.add(key)
            for key in self.prefix.get(squeezed[n], ()):
                out.add(key)
        return out

    def ko_possible(self, text: str) -> bool:
        """True when some term's key occurs in the Korean text as a string (spacing and case aside): the only texts
        that recognition can find a term in."""
        squeezed = _squeeze(text)
        if self.pattern is not None:
            return self.pattern.search(squeezed) is not None
        for n in range(len(squeezed)):
            two = squeezed[n : n + 2]
            for key in self.prefix.get(two, ()):
                if squeezed.startswith(key, n):
                    return True
            if self.prefix.get(squeezed[n]) or self.predicate_first.get(squeezed[n]):
                return True
        return False

    def _has_rendering(self, text: str, lang: str, terms: Iterable[Term]) -> bool:
        """True when the text (in ``lang``) holds one of the terms' renderings on that side, as recognition finds
        it; a Korean rendering that occurs as a string is taken as found (the fast path: no analysis)."""
        terms = list(terms)
        if not terms:
            return False
        if lang == "en":
            return _en_holds(text, [words_key(t.en) for t in terms])
        squeezed = _squeeze(text)
        if any(self.keys.get(id(t), ("", ""))[0] in squeezed for t in terms):
            return True
        # A predicate rendering present as its noun (잠금 해제를 하다 in 잠금 해제가 안 됨, 형식화하다 in 형식화).
        if any(len(core) >= 2 and core in squeezed for core in map(noun_core, (t.ko for t in terms))):
            return True
        lemmas = [t for t in terms if self.keys.get(id(t), ("", ""))[1]]
        return bool(lemmas) and bool(recognize_ko(text, _Index((t, *self.keys[id(t)]) for t in lemmas)))

    def found_in_source(self, text: str, lang: str) -> list[Found]:
        """The terms recognised in a source text, code, markup and addresses aside (``prose``)."""
        text = prose(text)
        if lang == "ko":
            return recognize_ko(text, self.index) if self.ko_possible(text) else []
        return recognize_en(text, self.index)

    # ---- the checks

    def check(self, unit: Segment, term: bool = True, forbidden: bool = True) -> Iterator[Finding]:
        src, tgt = sides(unit)
        source = unit.ko if src == "ko" else unit.en
        target = unit.ko if tgt == "ko" else unit.en
        bad_found = self._bad_in(target, tgt) if forbidden or term else []
        if forbidden:
            for f in bad_found:
                yield self._forbidden(unit, f, tgt)
        if term:
            yield from self._terms(unit, source, target, src, tgt, bad_found)

    def _terms(self, unit, source, target, src, tgt, bad_found) -> Iterator[Finding]:
        if src == "ko" and not self.ko_possible(source):
            return
        if src == "ko":
            # Before analysing the source, the cheap answer: every term whose key occurs in it has a rendering in
            # the target. Only when one does not is the source analysed, to see whether the term is really there.
            squeezed = _squeeze(source)
            groups = [self.by_ko_key[k] for k in self.ko_keys_in(squeezed)]
            if groups and not self.predicate_first.keys() & set(squeezed):
                if all(self._has_rendering(target, tgt, [t for t in g if t.status not in BAD]) for g in groups):
                    return
        found = self.found_in_source(source, src)
        bad_ids = {id(t) for f in bad_found for t in f.terms}
        for f in found:
            approved = [t for t in f.terms if t.status not in BAD]
            if src == "en" and approved and " " not in f.text.strip():
                # One English word is a noun or a verb by its place in the sentence (to file an issue, the file);
                # the renderings of the other part of speech do not apply (file → 파일 is the noun).
                use = en_use(source, f.start, f.end)
                if use is not None:
                    approved = [t for t in approved if _is_predicate(t.ko) == (use == "verb")]
            if not approved:
                continue
            group = self._same_source(f.terms, src)
            if any(id(t) in bad_ids for t in group):
                continue  # the target uses a forbidden rendering of it: the forbidden finding says so
            if self._has_rendering(target, tgt, [t for t in group if t.status not in BAD]):
                continue
            renderings = _renderings(approved, tgt)
            yield finding(
                unit,
                "term",
                f"{f.text}: the glossary's {' / '.join(renderings)} is not in the {LANG_NAMES[tgt]}",
                {src: [(f.start, f.end)]},
                " / ".join(renderings),
            )

    def _same_source(self, terms: tuple[Term, ...], src: str) -> list[Term]:
        """Every entry for the same source-side term (all renderings of the Korean, or all Korean for the English)."""
        out: dict[int, Term] = {}
        for t in terms:
            peers = (
                self.by_ko_key.get(self.keys.get(id(t), ("", ""))[0], [t])
                if src == "ko"
                else self.by_en_words.get(words_key(t.en), [t])
            )
            for p in peers:
                out[id(p)] = p
        return list(out.values())

    def _bad_in(self, target: str, lang: str) -> list[Found]:
        index = self.bad[lang]
        if not index:
            return []
        if lang == "en":
            found = recognize_en(target, index)
        else:
            squeezed = _squeeze(target)
            if not any(k in squeezed for k in self.bad_ko_keys):
                return []
            found = recognize_ko(target, index)
        if not found:
            return []
        # Recognised against the whole glossary, a longer approved term wins: Nursultan is forbidden alone, not in
        # "Nursultan Nazarbayev".
        recognize = recognize_en if lang == "en" else recognize_ko
        spans = {(f.start, f.end) for f in found}
        return [
            f
            for f in recognize(target, self.index)
            if (f.start, f.end) in spans and all(t.status in BAD for t in f.terms)
        ]

    def _forbidden(self, unit: Segment, f: Found, tgt: str) -> Finding:
        bad = f.terms[0]
        if tgt == "en":
            peers = self.by_ko_key.get(self.keys.get(id(bad), ("", ""))[0], [])
        else:
            peers = self.by_en_words.get(words_key(bad.en), [])
        use = _renderings([t for t in peers if t.status not in BAD], tgt)
        of = bad.ko if tgt == "en" else bad.en
        message = f"{f.text}: a {bad.status} rendering of {of}"
        return finding(
            unit,
            "forbidden",
            message + (f"; use {' / '.join(use)}" if use else ""),
            {tgt: [(f.start, f.end)]},
            " / ".join(use),
        )


# What a text holds that is no prose to recognise terms in: reStructuredText literals and code roles (``x``,
# :func:`open`), the targets of links and roles (<https://…>, <f-strings>), URLs, placeholders and tags.
_CODE_ROLES = (
    r":(?:[a-z]+:)?(?:func|meth|class|mod|attr|const|data|exc|obj|envvar|option|program|file|samp|keyword|macro"
    r"|type|member|var|expr|token|opcode|c|py):`[^`]*`"
)
_NOT_PROSE = (
    rf"``[^`]+``|{_CODE_ROLES}|<[^<>\s]*>`_{{0,2}}|\bhttps?://\S+|\bwww\.\S+|%\(\w+\)\w|%\d?\$?[sdif]"
    r"|\{[\w.]*\}|\$\{\w+\}|</?[A-Za-z0-9][\w:.-]*(?:\s[^<>]*)?/?>|\[[^\]]*\]\([^)]*\)|\b\w+(?:_\w+)+\b"
)


def prose(text: str) -> str:
    """The text with code, markup, placeholders and addresses blanked out (the same length, offsets kept), so that
    a term inside them (``space``, :class:`Declaration`, https://…/visit) is not taken for a word of the sentence.

    >>> prose("Use ``space`` or see https://x.org/space for <b>space</b>")
    'Use           or see                     for    space    '
    """
    return compiled(_NOT_PROSE).sub(lambda m: " " * len(m.group()), text)


_DETERMINERS = frozenset(
    "a an the this that these those each every your my our their his her its no any some another one's".split()
)
_VERB_BEFORE = frozenset(
    "can cannot can't could will would shall should must may might please don't doesn't didn't won't "
    "let's you we they i he she it".split()
)


def en_use(text: str, start: int, end: int) -> str | None:
    """How one English word at ``start:end`` is used: "verb" (to file a bug, you can file it, File a report),
    "noun" (the file, a file's name, open file), or None when its place does not tell."""
    before = [w.lower() for w in _EN_WORD.findall(text[:start])[-1:]]
    after = [w.lower() for w in _EN_WORD.findall(text[end:])[:1]]
    prev = before[0] if before else ""
    nxt = after[0] if after else ""
    if prev in _DETERMINERS or text[:start].rstrip().endswith(("'s", "’s")):
        return "noun"
    if prev in _VERB_BEFORE:
        return "verb"
    if prev == "to" or not prev or text[:start].rstrip()[-1:] in ".!?:;":
        # after "to", or opening a sentence, a word followed by an object is a verb (to file a bug, File a report);
        # otherwise it may be a noun (Save to file, File menu)
        return "verb" if nxt in _DETERMINERS or nxt in ("it", "them", "yours") else None
    return None


def _is_predicate(ko: str) -> bool:
    """True for a Korean rendering that is a predicate (존재하다, 잠금 해제를 하다) or a modifier (참인, 잠금 해제가 된)."""
    return compiled(r"(?:다|[인된한])$").search(ko.strip()) is not None


def noun_core(ko: str) -> str:
    """The noun of a predicate rendering, squeezed (잠금 해제를 하다 → 잠금해제, 형식화하다 → 형식화), or "" for a noun."""
    m = compiled(r"^(.+?)\s*(?:[을를이가]\s*)?(?:하다|되다|시키다|이다|된|한|인|하는|되는)$").match(ko.strip())
    return _squeeze(m.group(1)) if m else ""


def _en_holds(text: str, keys: list[str]) -> bool:
    """True when an English text holds one of the words keys (``words_key``) as ``recognize_en`` finds a term: the
    run of words with its first and last word in any of their base forms (hosted for host), the middle as it is."""
    from kotm.glossary.inflection import base_forms

    # A hyphen reads as a space, as in the keys (words_key): Nur-Sultan holds "nur sultan".
    words = [part for word in _EN_WORD.findall(text) for part in word.split("-") if part]
    if not words:
        return False
    lower = [w.lower() for w in words]
    forms: list[tuple[str, ...] | None] = [None] * len(words)

    def forms_of(i: int) -> tuple[str, ...]:
        if forms[i] is None:
            forms[i] = base_forms(words[i])
        return forms[i]

    for key in keys:
        parts = key.split(" ")
        n = len(parts)
        for i in range(len(words) - n + 1):
            if n > 1 and lower[i + 1 : i + n - 1] != parts[1:-1]:
                continue
            if parts[0] not in forms_of(i) and parts[0] != lower[i]:
                continue
            if n == 1 or parts[-1] in forms_of(i + n - 1):
                return True
    return False


def _renderings(terms: list[Term], lang: str) -> list[str]:
    """The terms' text on side ``lang``, preferred ones first, without repeats."""
    ordered = sorted(terms, key=lambda t: {"preferred": 0, "admitted": 2}.get(t.status, 1))
    return list(dict.fromkeys(t.en if lang == "en" else t.ko for t in ordered))
