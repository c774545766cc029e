"""module for Segment and Term, the one record type of each kind that every layer passes."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# A glossary term's standing (TBX administrativeStatus, without its "-admn-sts" suffix); a term may have none ("").
TERM_STATUSES = ("preferred", "admitted", "deprecated", "forbidden")


@dataclass(frozen=True, slots=True)
class Segment:
    """An aligned Korean–English translation unit.

    >>> Segment("협력을 강화하기로 했습니다.", "They agreed to strengthen cooperation.").source
    ''
    """

    ko: str
    en: str
    source: str = ""
    domain: str = ""
    note: str = ""
    creator: str = ""
    created: str = ""  # ISO 8601 UTC, e.g. 2019-04-22T09:13:00Z
    changed: str = ""
    id: int | None = None
    props: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    changer: str = ""  # who made the latest change (TMX changeid); empty when nobody changed it since it was added
    # The inner XML of the TMX <seg> when it held inline codes (<bpt>, <ph> …); ko/en stay the plain text.
    ko_markup: str = ""
    en_markup: str = ""
    # The language the pair was translated from, "ko" or "en", as the file it came from says.
    source_lang: str = "ko"

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for side in ("ko_markup", "en_markup"):  # only segments imported with inline codes have them
            if not d[side]:
                del d[side]
        props = d.pop("props")  # last, after changer
        return {
            "id": d.pop("id"),
            "ko": d.pop("ko"),
            "en": d.pop("en"),
            "source_lang": d.pop("source_lang"),
            **d,
            "props": props,
        }


@dataclass(frozen=True, slots=True)
class Term:
    """A glossary entry: one English rendering of one Korean term.

    >>> Term("누르술탄", "Nur-Sultan", domain="place").domain
    'place'
    """

    ko: str
    en: str
    domain: str = ""
    note: str = ""
    source: str = ""
    creator: str = ""
    created: str = ""
    changed: str = ""
    id: int | None = None
    changer: str = ""  # who made the latest change (TMX changeid)
    source_lang: str = "ko"  # "ko" or "en": which side the file it came from gives as the source
    # preferred, admitted, deprecated or forbidden (TBX administrativeStatus); "" when not said
    status: str = ""
    props: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        if not d["props"]:  # only imported terms have them
            del d["props"]
        if not d["status"]:  # only terms given a status have one, so the JSON of other terms stays as it was
            del d["status"]
        return {"id": d.pop("id"), "ko": d.pop("ko"), "en": d.pop("en"), "source_lang": d.pop("source_lang"), **d}
