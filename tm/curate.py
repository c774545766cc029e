"""module for curating the memory: finding duplicate segments or terms and merging them into one."""

from __future__ import annotations

import functools
import hashlib
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kotm import queries
from kotm.text import nfc
from kotm.units import Segment, Term

if TYPE_CHECKING:
    import sqlite_utils

# Full-width forms of ASCII (！ to ～) and the ideographic space, mapped to their half-width counterparts.
_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
MERGED = ("source", "domain", "note")  # metadata the merged unit holds the union of
SEP = "; "


def fold(text: str) -> str:
    """The text as duplicates are compared: NFC, full-width punctuation and letters as half-width, spacing collapsed.

    >>> fold("협력（안）：　MOU  체결")
    '협력(안): MOU 체결'
    """
    text = nfc(text).translate(_WIDTH)
    return " ".join(text.split())  # str.split() and re's \s know the same whitespace


@functools.cache
def _punctuation() -> dict[int, str]:
    """Every Unicode punctuation character (categories P*), mapped to a space: made once, then str.translate."""
    return {cp: " " for cp in range(sys.maxunicode + 1) if unicodedata.category(chr(cp)).startswith("P")}


def loose(text: str) -> str:
    """The text as near-duplicates are compared: folded, case-folded and without punctuation.

    >>> loose("View the Lean game server on Github.") == loose("view the Lean game server on GitHub")
    True
    """
    return " ".join(fold(text).casefold().translate(_punctuation()).split())


@dataclass(frozen=True, slots=True)
class Duplicates:
    """Units that are the same after normalisation: ``keep`` (the newest) absorbs ``drop``."""

    kind: str  # "exact": same text after fold(); "near": Korean differs in spacing only, English in case or punctuation
    keep: Segment | Term
    drop: tuple[Segment | Term, ...]
    merged: dict[str, str]  # the metadata ``keep`` gets: the union of the group's source, domain and note

    def to_dict(self) -> dict[str, Any]:
        def unit(u: Segment | Term) -> dict:
            d = u.to_dict()
            d.pop("props", None)
            return d

        return {"kind": self.kind, "keep": unit(self.keep), "drop": [unit(u) for u in self.drop], **self.merged}


@dataclass
class DedupeReport:
    """What ``dedupe`` found (and, unless it was a dry run, merged)."""

    table: str
    groups: list[Duplicates] = field(default_factory=list)
    change: int | None = None
    dry_run: bool = False
    review: list[Duplicates] = field(default_factory=list)  # near duplicates listed, not merged

    @property
    def removed(self) -> int:
        return sum(len(g.drop) for g in self.groups)

    def to_dict(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "change": self.change,
            "removed": self.removed,
            "groups": [g.to_dict() for g in self.groups],
            "review": [g.to_dict() for g in self.review],
        }


def _union(values: list[str]) -> str:
    parts: list[str] = []
    for value in values:
        for part in (value or "").split(SEP):
            part = part.strip()
            if part and part not in parts:
                parts.append(part)
    return SEP.join(parts)


def _key(ko: str, en: str, near: bool) -> tuple[str, str]:
    """What duplicates share: the folded Korean and English; with ``near``, the Korean without spacing (신북방 정책 /
    신북방정책) and the English loose (case and punctuation aside)."""
    ko, en = fold(ko), fold(en)
    if not near:
        return ko, en
    return "".join(ko.split()), loose(en) or en


def near_duplicates(unit: Segment | Term, candidates: Iterable[Segment | Term]) -> list[Segment | Term]:
    """The ``candidates`` (other than ``unit``) that are near duplicates of it, not exact ones (see
    ``find_duplicates``): what ``edit`` warns about.

    >>> near_duplicates(Segment("정상 회담", "summit", id=1), [Segment("정상회담", "Summit", id=2)])[0].id
    2
    """
    near, exact = _key(unit.ko, unit.en, True), _key(unit.ko, unit.en, False)
    return [
        c for c in candidates if c.id != unit.id and _key(c.ko, c.en, True) == near and _key(c.ko, c.en, False) != exact
    ]


def split_near(group: Duplicates) -> tuple[list[Duplicates], Duplicates | None]:
    """A group of ``find_duplicates(near=True)`` as its exact groups (to merge) and, if its members are not all exact
    duplicates, the near group of what is left once they are merged (each exact group's kept unit), for review."""
    if group.kind == "exact":
        return [group], None
    members = [group.keep, *group.drop]  # newest first
    subgroups: dict[tuple[str, str], list[Segment | Term]] = {}
    for unit in members:
        subgroups.setdefault(_key(unit.ko, unit.en, False), []).append(unit)
    exact = [
        Duplicates("exact", units[0], tuple(units[1:]), {n: _union([getattr(u, n) for u in units]) for n in MERGED})
        for units in subgroups.values()
        if len(units) > 1
    ]
    kept = [units[0] for units in subgroups.values()]
    return exact, Duplicates("near", kept[0], tuple(kept[1:]), group.merged)


def find_duplicates(db: sqlite_utils.Database, table: str = "segments", near: bool = True) -> list[Duplicates]:
    """Groups of duplicate segments (or terms, ``table="terms"``), oldest group first.

    Exact duplicates have the same Korean and English after ``fold`` (Unicode NFC, spacing, full-width vs
    half-width punctuation). With ``near``, units whose Korean differs only in spacing (정상 회담 / 정상회담) and whose
    English differs only in case or punctuation (``loose``: OK / Ok, …hospitality. / …hospitality!) are grouped too:
    such a group is "near" unless all its members are exact duplicates (``split_near`` parts them). The newest unit of a group (latest ``changed``, then highest id) is
    the one kept.
    """
    # Units are grouped by a 64-bit digest of their key, not the key itself (a million keys would take about a
    # gigabyte); the units of a digest held more than once are then grouped by their keys, which a shared digest
    # alone does not make duplicates.
    by_digest: dict[bytes, int | list[int]] = {}
    for id_, ko, en in queries.iter_pairs(db, table):
        digest = hashlib.blake2b("\t".join(_key(ko, en, near)).encode(), digest_size=8).digest()
        held = by_digest.setdefault(digest, id_)
        if isinstance(held, list):
            held.append(id_)
        elif held != id_:
            by_digest[digest] = [held, id_]
    shared = [i for ids in by_digest.values() if isinstance(ids, list) for i in ids]
    del by_digest
    units = queries.get_units(db, table, shared)
    groups: dict[tuple[str, str], list[tuple[str, int, str]]] = {}
    for id_, unit in units.items():
        groups.setdefault(_key(unit.ko, unit.en, near), []).append((unit.changed or "", id_, fold(unit.en)))
    found = [members for members in groups.values() if len(members) > 1]
    found.sort(key=lambda members: min(m[1] for m in members))
    out = []
    for members in found:
        members.sort(reverse=True)  # newest first
        group = [units[m[1]] for m in members]
        kind = "exact" if len({_key(u.ko, u.en, False) for u in group}) == 1 else "near"
        merged = {name: _union([getattr(u, name) for u in group]) for name in MERGED}
        out.append(Duplicates(kind, group[0], tuple(group[1:]), merged))
    return out
