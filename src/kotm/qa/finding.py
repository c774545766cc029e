"""module for what a check reports: the ``Finding`` record, and the direction of a unit."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kotm.units import Segment

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


def located(findings: Iterable[Finding], **where: Any) -> list[Finding]:
    """The findings with their place filled in (``id=``, or ``file=`` and ``line=``)."""
    return [replace(f, **where) for f in findings]
