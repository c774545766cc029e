"""kotm.qa: translation quality checks that understand Korean, run over any units (the memory or a file).

Each check has an id (``CHECKS``) and reads one unit in its direction (``source_lang``): ``term`` and ``forbidden``
(the glossary, ``kotm.qa.terms``), ``number`` (``kotm.qa.numbers``), ``particle`` (``kotm.qa.particles``),
``placeholder`` (``kotm.qa.placeholders``), ``untranslated``; ``inconsistent`` compares units with each other
(``kotm.qa.consistency``). ``check_unit`` runs the unit checks on one Segment and returns ``Finding`` records;
where a finding is (a segment id, or a file and line) is filled in by the caller, ``kotm.api.check``.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from kotm.qa.finding import Finding, located, sides

if TYPE_CHECKING:
    from kotm.qa.terms import Glossary
    from kotm.units import Segment

__all__ = ["CHECKS", "Finding", "check_unit", "located", "sides"]

CHECKS = ("term", "forbidden", "number", "particle", "placeholder", "inconsistent", "untranslated")


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
