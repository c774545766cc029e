"""module for curating the memory: finding duplicate segments or terms and merging them into one."""

from __future__ import annotations

import functools
import hashlib
import sys
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kotm import history, store
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
    text = unicodedata.normalize("NFC", text).translate(_WIDTH)
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

    kind: str  # "exact": same text after fold(); "near": same Korean, English differs in case or punctuation only
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

    @property
    def removed(self) -> int:
        return sum(len(g.drop) for g in self.groups)


def matching_ids(db: sqlite_utils.Database, query: str, source: str | None = None) -> list[int]:
    """Ids of every segment that concordance search finds for ``query`` (from ``source``, if given), oldest first."""
    from kotm.tm.concordance import search

    return sorted(hit.segment.id for hit in search(db, query, limit=None, source=source).hits)


def _union(values: list[str]) -> str:
    parts: list[str] = []
    for value in values:
        for part in (value or "").split(SEP):
            part = part.strip()
            if part and part not in parts:
                parts.append(part)
    return SEP.join(parts)


def _key(ko: str, en: str, near: bool) -> tuple[str, str]:
    """What duplicates share: the folded Korean, and the English folded (or, with ``near``, loose)."""
    en = fold(en)
    return fold(ko), (loose(en) or en) if near else en


def find_duplicates(db: sqlite_utils.Database, table: str = "segments", near: bool = True) -> list[Duplicates]:
    """Groups of duplicate segments (or terms, ``table="terms"``), oldest group first.

    Exact duplicates have the same Korean and English after ``fold`` (Unicode NFC, spacing, full-width vs
    half-width punctuation). With ``near``, units with the same folded Korean whose English differs only in case or
    punctuation are duplicates too (``loose``). The newest unit of a group (latest ``changed``, then highest id) is
    the one kept.
    """
    # Units are grouped by a 64-bit digest of their key, not the key itself (a million keys would take about a
    # gigabyte); the units of a digest held more than once are then grouped by their keys, which a shared digest
    # alone does not make duplicates.
    by_digest: dict[bytes, int | list[int]] = {}
    for id_, ko, en in db.execute(f"SELECT id, ko, en FROM {table}"):
        digest = hashlib.blake2b("\t".join(_key(ko, en, near)).encode(), digest_size=8).digest()
        held = by_digest.setdefault(digest, id_)
        if isinstance(held, list):
            held.append(id_)
        elif held != id_:
            by_digest[digest] = [held, id_]
    shared = [i for ids in by_digest.values() if isinstance(ids, list) for i in ids]
    del by_digest
    rows = store.fetch_rows(db, table, shared)
    groups: dict[tuple[str, str], list[tuple[str, int, str]]] = {}
    for id_, row in rows.items():
        groups.setdefault(_key(row["ko"], row["en"], near), []).append((row["changed"] or "", id_, fold(row["en"])))
    found = [members for members in groups.values() if len(members) > 1]
    found.sort(key=lambda members: min(m[1] for m in members))
    convert = store.segment_from_row if table == "segments" else store.term_from_row
    out = []
    for members in found:
        members.sort(reverse=True)  # newest first
        units = [convert(rows[m[1]]) for m in members]
        kind = "exact" if len({m[2] for m in members}) == 1 else "near"
        merged = {name: _union([getattr(u, name) for u in units]) for name in MERGED}
        out.append(Duplicates(kind, units[0], tuple(units[1:]), merged))
    return out


def dedupe(
    db: sqlite_utils.Database,
    table: str = "segments",
    dry_run: bool = False,
    near: bool = True,
) -> DedupeReport:
    """Merge duplicate segments or terms (see ``find_duplicates``) in one change, which ``undo`` reverts.

    Each group's newest unit is kept, with the union of the group's source, domain and note (joined by "; "); the
    others are deleted. With ``dry_run`` nothing is changed.
    """
    report = DedupeReport(table, find_duplicates(db, table, near=near))
    if dry_run or not report.groups:
        return report
    with history.change(db, "merge") as rec:
        stamp, user = store.now(), history.current_user()
        for group in report.groups:
            ids = [group.keep.id] + [u.id for u in group.drop]
            rows = store.fetch_rows(db, table, ids)
            keep = rows[group.keep.id]
            new = {**keep, **group.merged, "changed": stamp, "changer": user}
            store.replace_row(db, table, keep, new)
            rec.rows(table, [(keep["id"], keep, new)])
            dropped = [rows[u.id] for u in group.drop]
            store.delete_rows(db, table, dropped)
            rec.rows(table, ((r["id"], r, None) for r in dropped))
        removed = [u.id for g in report.groups for u in g.drop]
        rec.text = f"{len(report.groups)} groups of duplicates; removed {history.describe(table, removed)}"
    report.change = rec.id
    return report
