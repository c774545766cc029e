"""module for the ``inconsistent`` check: the same source translated differently, or the same translation given to
different sources, within one file or the memory (as memoQ's and Okapi's inconsistency checks)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from kotm.qa.finding import LANG_NAMES, Finding

# Differences that are no inconsistency: case, spacing, an accelerator (&File, _Open), an ellipsis ("Open…" and
# "Open" are one command). A final period, colon or question mark is kept: "Delete Property?" asks, "Delete
# Property" is a command, "For example::" in reStructuredText starts a code block.
_NOISE = re.compile(r"[&_]|(?:\.\.\.|…)\s*$")
_HANGUL = re.compile("[\uac00-\ud7a3]")


def loose(text: str, plurals: bool = True) -> str:
    """The form two texts are compared in: lower case, spacing collapsed, accelerators and final punctuation off,
    English plurals as singulars (Skins and Skin, Lights and Light are one text; Requested is not Request).

    >>> loose("  &Open Files… "), loose("open  file")
    ('open file', 'open file')
    """
    from kotm.glossary.inflection import singular

    words = _NOISE.sub("", text).lower().split()
    if not plurals:
        return " ".join(words)
    return " ".join(singular(w) if w.isascii() and w.isalpha() else w for w in words)


def unspaced(text: str) -> str:
    """``loose`` without plurals, and a Korean text without its spaces: the spacing of a Korean compound is free
    (메시 라이브러리 and 메시라이브러리 are one text, 한글 맞춤법 제50항), so two targets that differ only there are one."""
    out = loose(text, plurals=False)
    return out.replace(" ", "") if _HANGUL.search(out) else out


# Words whose swap turns a text into its opposite: one translation for both sources is an error.
_OPPOSITES = [
    ("enable", "disable"),
    ("show", "hide"),
    ("on", "off"),
    ("add", "remove"),
    ("open", "close"),
    ("next", "previous"),
    ("min", "max"),
    ("minimum", "maximum"),
    ("up", "down"),
    ("left", "right"),
    ("before", "after"),
    ("start", "end"),
    ("increase", "decrease"),
    ("import", "export"),
    ("lock", "unlock"),
    ("top", "bottom"),
    ("first", "last"),
    ("in", "out"),
    ("input", "output"),
    ("true", "false"),
    ("yes", "no"),
    ("allow", "deny"),
    ("include", "exclude"),
    ("expand", "collapse"),
    ("horizontal", "vertical"),
    ("read", "write"),
    ("get", "set"),
    ("push", "pop"),
    ("inner", "outer"),
    ("upper", "lower"),
    ("x", "y"),
    ("width", "height"),
    ("forward", "backward"),
    ("in", "out"),
    ("valid", "invalid"),
    ("visible", "invisible"),
]
OPPOSITE = {a: b for a, b in _OPPOSITES} | {b: a for a, b in _OPPOSITES}


def similar(a: str, b: str) -> bool:
    """Sources that one translation cannot serve both: the same words but for a number or a word and its opposite
    (Enable X and Disable X both as "X 켜기", Page 1 and Page 2). Other sources that share a translation are
    wordings of one idea (Select and Selection, Play Mode and Playback Mode), which is no error."""
    wa, wb = a.split(), b.split()
    only_a = [w for w in wa if w not in wb]
    only_b = [w for w in wb if w not in wa]
    if not only_a or not only_b or len(only_a) > 2 or len(only_b) > 2:
        return False
    if any(OPPOSITE.get(w) in only_b for w in only_a):
        return True
    return any(w.isdigit() for w in only_a) and any(w.isdigit() for w in only_b)


@dataclass
class Member:
    """A unit of a group: where it is (a segment id, or a line), and its two sides."""

    where: dict
    ko: str
    en: str
    source_lang: str = "ko"


@dataclass
class Groups:
    """Units gathered by their loose source and loose target, to report the sources with several targets and the
    targets with several sources once all units are in."""

    by_source: dict[tuple[str, str], dict[str, list[Member]]] = field(default_factory=dict)
    by_target: dict[tuple[str, str], dict[str, list[Member]]] = field(default_factory=dict)

    def add(self, member: Member, context: str = "") -> None:
        if not member.ko.strip() or not member.en.strip():
            return
        src, tgt = (member.ko, member.en) if member.source_lang == "ko" else (member.en, member.ko)
        # One source (Move Node and Move Nodes are two: 노드를 and 노드들을 may differ), or one target for sources
        # that differ by more than a plural (Skin and Skins may share 스킨).
        a, b = unspaced(src), unspaced(tgt)
        if not a or not b or a == b:
            return
        self.by_source.setdefault((context, a), {}).setdefault(b, []).append(member)
        self.by_target.setdefault((context, b), {}).setdefault(loose(src), []).append(member)

    def findings(self) -> Iterator[Finding]:
        for (_, _), variants in self.by_source.items():
            if len(variants) > 1:
                yield _group_finding([m for ms in variants.values() for m in ms], "source")
        for (_, _), variants in self.by_target.items():
            if len(variants) > 1 and _any_similar(list(variants)):
                yield _group_finding([m for ms in variants.values() for m in ms], "target")


def _any_similar(texts: list[str]) -> bool:
    return any(similar(a, b) for n, a in enumerate(texts) for b in texts[n + 1 :])


def _group_finding(members: list[Member], same: str) -> Finding:
    first = members[0]
    src = first.source_lang
    tgt = "en" if src == "ko" else "ko"
    side = src if same == "source" else tgt
    text = first.ko if side == "ko" else first.en
    others = {m.ko if side != "ko" else m.en for m in members}
    other_side = LANG_NAMES["en" if side == "ko" else "ko"]
    where = ", ".join(_where(m) for m in members)
    message = f"{_short(text)} has {len(others)} different {other_side} texts ({where})"
    if same == "target":
        message = f"the {LANG_NAMES[side]} {_short(text)} translates {len(others)} different texts ({where})"
    return Finding(
        "inconsistent",
        message,
        first.ko,
        first.en,
        {},
        "use one translation" if same == "source" else "check that the sources mean the same",
        src,
        group=tuple({**m.where, "ko": m.ko, "en": m.en} for m in members),
        **first.where,
    )


def _where(m: Member) -> str:
    if "line" in m.where:
        return f"line {m.where['line']}"
    return f"#{m.where['id']}"


def _short(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def memory_findings(groups: Iterable[list[tuple[int, str, str]]], source_lang: str, same: str) -> Iterator[Finding]:
    """Findings for groups the store found (``kotm.queries.conflicting``): (id, ko, en) with one side the same,
    kept when they still differ once compared loosely (``loose``)."""
    for group in groups:
        members = [Member({"id": i}, ko, en, source_lang) for i, ko, en in group]
        other = (lambda m: m.en) if (same == "source") == (source_lang == "ko") else (lambda m: m.ko)
        variants = list({(unspaced if same == "source" else loose)(other(m)) for m in members})
        if len(variants) > 1 and (same == "source" or _any_similar(variants)):
            yield _group_finding(members, same)
