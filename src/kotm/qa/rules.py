"""module for the checks that read one unit on its own: ``untranslated``, ``number``, ``particle``, ``placeholder``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING

from kotm import korean
from kotm.qa.finding import LANG_NAMES, Finding, finding, sides
from kotm.text import compiled, normalize

if TYPE_CHECKING:
    from kotm.units import Segment


def _text(unit: Segment, side: str) -> str:
    return unit.ko if side == "ko" else unit.en


def _compared(unit: Segment, side: str) -> str:
    """The text a side is compared by: a PO entry with plurals gives Korean one form, which translates the plural
    (msgid "1 icon", msgid_plural "{num} icons", msgstr[0] "아이콘 {num}개"), so the English plural is compared."""
    if side == "en" and unit.props.get("po:msgid_plural"):
        return unit.props["po:msgid_plural"]
    return _text(unit, side)


# ---- untranslated

_LETTERS = r"[^\W\d_]"
_CODE_LIKE = r"^[\w.:/\\$%{}()\[\]<>=*+#@&|'\"`,;!?~^-]*$"  # one token with no space: an identifier, a path, a URL


_FUNCTION_WORDS = frozenset(
    "the a an is are was were be been to of in on for with and or that this these those by from as at it its "
    "not can will should must may if when which who you your we our".split()
)


_NAME_PARTICLES = frozenset("van von de der den da di du la le del della dos das bin ibn al".split())


def _is_name_or_code(text: str, english: bool = True) -> bool:
    """A text that a translation may keep as it is: no letters (numbers, symbols), one token (an identifier, a path,
    a URL, a product name such as Godot), only capitalised words and acronyms (Visual Studio Code, HTTP/2), or code
    (a Python prompt, an import, reStructuredText literals and roles): what is left once literals, roles and
    placeholders are taken out holds fewer than three words of prose."""
    t = text.strip()
    if not compiled(_LETTERS).search(t) or compiled(_CODE_LIKE).match(t):
        return True
    if compiled(r"^(?:>>>|\$ |import |from [\w.]+ import|def |class |#include|[\w.]+\(.*\)\s*$)").search(t):
        return True
    # A standard cited by its title (:rfc:`2368` - The mailto URL scheme), a copyright notice, a list of names
    # (utf-8, utf-16, utf-32), a string literal of code with its placeholders ("[Non-text (%(type)s) part …]").
    if compiled(r"^:(?:rfc|pep):`[^`]+`\s*[-–—:]\s").match(t) or compiled(r"^Copyright\b|©").search(t):
        return True
    if "," in t and all(compiled(r"^\S+$").match(part.strip()) for part in t.split(",")):
        return True
    if compiled(r"^([\"'])[^\"']*\1$").match(t) and compiled(r"%\(\w+\)[sd]|\{\w*\}|%[sd]").search(t):
        return True
    # A bibliographic reference (authors, "a title", a journal, a volume), a heading in capitals (a licence's, a
    # Unicode character's name: LATIN SMALL LETTER I WITH DIAERESIS), a name with its address (Name <x at y dot com>).
    if compiled(
        r"\b(?:Volume \d|Vol\. ?\d|pp\. ?\d|Issue \d|Transactions on|Proceedings of|Journal of|Quarterly)|\(eds?\.\)"
    ).search(t):
        return True
    if not compiled(r"[a-z]").search(t) or compiled(r"^[^<>]*<[^<>\s]+(?: at [^<>]+ dot [^<>]+)?>$").match(t):
        return True
    lines = [line for line in t.splitlines() if line.strip()]
    if len(lines) > 1 and (
        sum(map(_prose_line, lines)) * 2 < len(lines) or any(line[:1].isspace() for line in lines[1:])
    ):
        return True  # program output, a shell session, a literal block: lines that are not sentences, or indented
    if any(sign in t for sign in (" = ", "==", "();", "{\n", "\n    ")):
        return True
    prose = compiled(r"``.*?``|:[\w:]+:`[^`]*`|`[^`]*`_*|\*\*?[^*]+\*\*?|\S*[_.()\[\]/\\]\S*").sub(" ", t)
    words = compiled(r"[A-Za-z]{2,}").findall(prose)
    # Prose has function words: a list of names, types or dates (unsigned long long; January, February …) has none.
    if len(words) < 3 or (english and not {w.lower() for w in words} & _FUNCTION_WORDS):
        return True
    # Names joined by function words are an attribution (Contributed by Victor Stinner in :issue:`18395`.), which a
    # translation may keep as it is: no word but the first is in lower case and not a function word.
    names = compiled(r"[^\W\d_]{2,}").findall(prose)[1:]
    return english and not [w for w in names if w.islower() and w not in _FUNCTION_WORDS | _NAME_PARTICLES]


def _prose_line(line: str) -> bool:
    """A line that reads as a sentence: four words or more, a function word, and a full stop (or ! ? :) at its end."""
    words = compiled(r"[A-Za-z]{2,}").findall(line)
    return len(words) >= 4 and bool({w.lower() for w in words} & _FUNCTION_WORDS) and line.rstrip()[-1:] in ".!?:"


def untranslated(unit: Segment) -> Iterator[Finding]:
    """An empty target, a target equal to its source (a name, a number or code aside), or a target in the wrong
    script: no Hangul on the Korean side, mostly Hangul on the English side."""
    src, tgt = sides(unit)
    source, target = _text(unit, src), _text(unit, tgt)
    name = LANG_NAMES[tgt]
    if not target.strip():
        yield finding(unit, "untranslated", f"the {name} is empty", suggestion="translate it")
        return
    if not source.strip():
        return
    if normalize(source) == normalize(target):
        # Korean copied to the English side is never a name to keep (the name test reads Latin letters only).
        if (tgt == "en" and korean.has_hangul(target)) or not _is_name_or_code(source):
            yield finding(
                unit,
                "untranslated",
                f"the {name} is the {LANG_NAMES[src]} as it is: {_short(target)}",
                {tgt: [(0, len(target))]},
                "translate it",
            )
        return
    if tgt == "ko" and not korean.has_hangul(target) and compiled(r"[A-Za-z]{2,}").search(target):
        if not _is_name_or_code(target, english=False):
            yield finding(
                unit,
                "untranslated",
                f"the Korean holds no Hangul: {_short(target)}",
                {"ko": [(0, len(target))]},
                "translate it into Korean",
            )
    elif tgt == "en":
        hangul = len(compiled("[\uac00-\ud7a3]").findall(target))
        letters = len(compiled(_LETTERS).findall(target))
        if letters and hangul / letters > 0.5:
            yield finding(
                unit,
                "untranslated",
                f"the English is mostly Hangul: {_short(target)}",
                {"en": [(0, len(target))]},
                "translate it into English",
            )


def _short(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


# ---- number


def numbers(unit: Segment) -> Iterator[Finding]:
    """A number written with digits on one side whose value the other side does not name (2019년 = 2019, 3만 =
    30,000, 30주년 = 30th, 세 번째 = third: see ``kotm.qa.numbers``)."""
    from kotm.qa.numbers import has_digit
    from kotm.qa.numbers import numbers as read
    from kotm.qa.placeholders import PLACEHOLDER

    if not has_digit(unit.ko) and not has_digit(unit.en):
        return
    src, tgt = sides(unit)
    read_sides = {}
    for side in (src, tgt):
        text = _compared(unit, side)
        # Placeholders (%1$s, {0}) hold digits that are no numbers: blank them out, offsets kept.
        text = PLACEHOLDER.sub(lambda m: " " * len(m.group()), text)
        read_sides[side] = read(text, side)
    missing = {
        side: [n for n in read_sides[side][0] if not n.found_in(read_sides[other][1])]
        for side, other in ((src, tgt), (tgt, src))
    }
    text = {side: _compared(unit, side) for side in (src, tgt)}
    for side, other in ((src, tgt), (tgt, src)):
        missing[side] = [n for n in missing[side] if not _range_start(n, text[side], read_sides[other][1])]
    if not missing[src]:
        # A name the target adds (3D 공간에서 for "between two points" in a 3D tool: 3D, 4K, 5G) is an explanation,
        # not a number; one the source has and the target lacks is still reported.
        missing[tgt] = [n for n in missing[tgt] if not compiled(r"[A-Z]\b").match(text[tgt], n.end)]
    for n in _distinct(missing[src]):
        written = text[src][n.start : n.end]
        extra = _distinct(missing[tgt])
        instead = f" (it says {text[tgt][extra[0].start : extra[0].end]})" if len(extra) == 1 else ""
        spans = {src: [(n.start, n.end)]}
        if len(extra) == 1:
            spans[tgt] = [(extra[0].start, extra[0].end)]
        yield finding(
            unit,
            "number",
            f"{written} ({n.shown}) in the {LANG_NAMES[src]} is not in the {LANG_NAMES[tgt]}{instead}",
            spans,
            n.shown,
        )
    if not missing[src]:
        for n in _distinct(missing[tgt]):
            written = text[tgt][n.start : n.end]
            yield finding(
                unit,
                "number",
                f"{written} ({n.shown}) in the {LANG_NAMES[tgt]} is not in the {LANG_NAMES[src]}",
                {tgt: [(n.start, n.end)]},
                f"remove {written} or correct it",
            )


def _range_start(n, text: str, other_values: set[float]) -> bool:
    """True for 0 or 1 opening a range whose end the other side names ("1 to 9999 lines" as 최대 9999줄, "0-100"
    as 100까지): the lower bound of a count that the other language leaves unsaid."""
    if n.value not in (0.0, 1.0):
        return False
    m = compiled(r"\s*(?:to|-|–|~|through)\s*(\d[\d,]*)").match(text, n.end)
    return bool(m) and float(m.group(1).replace(",", "")) in other_values


def _distinct(found: list) -> list:
    seen, out = set(), []
    for n in found:
        if n.value not in seen:
            seen.add(n.value)
            out.append(n)
    return out


# ---- particle


def particles(unit: Segment) -> Iterator[Finding]:
    """Korean particles that do not agree with the sound before them (서버을 → 서버를: ``kotm.qa.particles``)."""
    from kotm.qa.particles import disagreements

    for d in disagreements(unit.ko):
        yield finding(
            unit,
            "particle",
            f"{d.host}{d.text}: after {d.host} the particle is {d.suggestion}",
            {"ko": [(d.start, d.end)]},
            d.word,
        )


# ---- placeholder


def placeholders(unit: Segment) -> Iterator[Finding]:
    """Placeholders, tags, escapes and TMX inline codes that are not the same on both sides."""
    from kotm.qa.placeholders import codes, key
    from kotm.qa.placeholders import placeholders as find

    src, tgt = sides(unit)
    found = {side: find(_compared(unit, side)) for side in (src, tgt)}
    counts = {side: Counter(key(p.text) for p in found[side]) for side in (src, tgt)}
    lost = counts[src] - counts[tgt]
    added = counts[tgt] - counts[src]
    if lost or added:
        spans = {
            src: [(p.start, p.end) for p in found[src] if key(p.text) in lost],
            tgt: [(p.start, p.end) for p in found[tgt] if key(p.text) in added],
        }
        parts = []
        if lost:
            parts.append(f"{', '.join(_each(lost))} missing from the {LANG_NAMES[tgt]}")
        if added:
            parts.append(f"{', '.join(_each(added))} not in the {LANG_NAMES[src]}")
        suggestion = (
            f"keep {', '.join(_each(lost))} as in the {LANG_NAMES[src]}"
            if lost
            else "remove " + ", ".join(_each(added))
        )
        yield finding(unit, "placeholder", "; ".join(parts), spans, suggestion)
    else:
        # The same printf placeholders in another order break a format without positions (%s then %d filled in
        # as %d then %s); Korean word order often moves them, which needs %1$s, %2$d.
        order = {side: [p.text for p in found[side] if _unnumbered_printf(p.text)] for side in (src, tgt)}
        if len(order[src]) > 1 and order[src] != order[tgt] and sorted(order[src]) == sorted(order[tgt]):
            spans = {side: [(p.start, p.end) for p in found[side] if _unnumbered_printf(p.text)] for side in (src, tgt)}
            yield finding(
                unit,
                "placeholder",
                f"{' '.join(order[tgt])} in the {LANG_NAMES[tgt]} are in another order than {' '.join(order[src])}",
                spans,
                "number them (%1$s, %2$d) or keep the order of the source",
            )
    src_markup = unit.ko_markup if src == "ko" else unit.en_markup
    tgt_markup = unit.ko_markup if tgt == "ko" else unit.en_markup
    if src_markup or tgt_markup:
        a, b = codes(src_markup), codes(tgt_markup)
        if a != b:
            parts = []
            if a - b:
                parts.append(f"inline codes {', '.join(_each(a - b))} missing from the {LANG_NAMES[tgt]}")
            if b - a:
                parts.append(f"inline codes {', '.join(_each(b - a))} not in the {LANG_NAMES[src]}")
            yield finding(unit, "placeholder", "; ".join(parts), {}, "keep the inline codes of the source")


def _unnumbered_printf(text: str) -> bool:
    return text.startswith("%") and "$" not in text and "(" not in text and text != "%%"


def _each(counter: Counter) -> list[str]:
    return [name if n == 1 else f"{name} ×{n}" for name, n in counter.items()]
