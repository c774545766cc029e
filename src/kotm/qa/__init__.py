"""kotm.qa: translation quality checks that understand Korean, run over any units (the memory or a file).

Each check has an id (``CHECKS``) and reads one unit in its direction (``source_lang``): ``term`` and ``forbidden``
(the glossary, ``kotm.qa.terms``), ``number`` (``kotm.qa.numbers``), ``particle`` (``kotm.qa.particles``),
``placeholder`` (``kotm.qa.placeholders``), ``untranslated``; ``inconsistent`` compares units with each other
(``kotm.qa.consistency``). ``check_unit`` runs the unit checks on one Segment and returns ``Finding`` records;
where a finding is (a segment id, or a file and line) is filled in by the caller, ``kotm.api.check``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kotm.qa.terms import Glossary
    from kotm.units import Segment

CHECKS = ("term", "forbidden", "number", "particle", "placeholder", "inconsistent", "untranslated")
SIDES = ("ko", "en")
LANG_NAMES = {"ko": "Korean", "en": "English"}


@dataclass(frozen=True, slots=True)
class Finding:
    """What a check found in a unit: the check's id, a one-line message naming the text, the offending spans in
    each side (character offsets), and a suggested fix ("" when there is none).

    ``id`` is the segment's (the memory), ``file`` and ``line`` the unit's place in a file; ``group`` lists the
    other units of an ``inconsistent`` finding (their ids, or lines), with their texts."""

    check: str
    message: str
    ko: str
    en: str
    spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    suggestion: str = ""
    source_lang: str = "ko"
    id: int | None = None
    file: str | None = None
    line: int | None = None
    group: tuple[dict[str, Any], ...] = ()

    @property
    def where(self) -> str:
        if self.file is not None:
            return f"{self.file}:{self.line}" if self.line else self.file
        return f"#{self.id}" if self.id is not None else ""

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id} if self.file is None else {"file": self.file, "line": self.line}
        d.update(
            {
                "check": self.check,
                "message": self.message,
                "ko": self.ko,
                "en": self.en,
                "source_lang": self.source_lang,
                "spans": {side: [list(s) for s in self.spans.get(side, [])] for side in SIDES},
                "suggestion": self.suggestion,
            }
        )
        if self.group:
            d["group"] = list(self.group)
        return d


def sides(unit: Segment) -> tuple[str, str]:
    """(source language, target language) of a unit."""
    src = "en" if unit.source_lang == "en" or unit.props.get("srclang") == "en" else "ko"
    return src, "ko" if src == "en" else "en"


def finding(unit: Segment, check: str, message: str, spans=None, suggestion: str = "") -> Finding:
    return Finding(check, message, unit.ko, unit.en, spans or {}, suggestion, sides(unit)[0])


def check_unit(unit: Segment, checks: Collection[str], glossary: Glossary | None = None) -> list[Finding]:
    """The findings of the unit checks in ``checks`` on one unit (``inconsistent`` aside: see
    ``kotm.qa.consistency``). ``term`` and ``forbidden`` need the ``glossary``."""
    from kotm.qa import rules

    out: list[Finding] = []
    empty = not unit.ko.strip() or not unit.en.strip()
    if "untranslated" in checks:
        out.extend(rules.untranslated(unit))
    if empty:  # nothing more to say about a side that is not there
        return out
    if glossary is not None:
        if "forbidden" in checks or "term" in checks:
            out.extend(glossary.check(unit, term="term" in checks, forbidden="forbidden" in checks))
    if "number" in checks:
        out.extend(rules.numbers(unit))
    if "particle" in checks:
        out.extend(rules.particles(unit))
    if "placeholder" in checks:
        out.extend(rules.placeholders(unit))
    return out


def located(findings: Iterable[Finding], **where: Any) -> list[Finding]:
    """The findings with their place filled in (``id=``, or ``file=`` and ``line=``)."""
    return [replace(f, **where) for f in findings]
