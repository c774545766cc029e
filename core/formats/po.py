"""module for writing gettext PO files (through polib): Korean msgid, English msgstr."""

from __future__ import annotations

from collections.abc import Iterable
from typing import BinaryIO

import kotm
from kotm.units import Segment, Term


def po_date(iso: str) -> str:
    """ISO 8601 UTC to the PO header form.

    >>> po_date("2019-04-22T09:13:00Z")
    '2019-04-22 09:13+0000'
    """
    return iso[:10] + " " + iso[11:16] + "+0000" if iso else ""


def write(units: Iterable[Segment | Term], out: BinaryIO, *, project: str = "kotm") -> int:
    """Write units as a PO file and return how many entries were written.

    The header carries no clock time: its dates are the newest change among the units, so the same data gives the
    same file. A Korean text that occurs twice (a term with two renderings) gets ``msgctxt`` with the unit id on its
    second and later entries, because a PO file may hold each msgid only once per context.
    """
    import polib

    po = polib.POFile(wrapwidth=0)
    seen: set[str] = set()
    newest = ""
    for unit in units:
        comments = []
        if unit.note:
            comments.append(unit.note)
        meta = [
            f"{name}: {getattr(unit, name)}"
            for name in ("domain", "creator", "created", "changed", "changer")
            if getattr(unit, name)
        ]
        if meta:
            comments.append("; ".join(meta))
        entry = polib.POEntry(
            msgid=unit.ko,
            msgstr=unit.en,
            comment="\n".join(comments),
            occurrences=[(unit.source or "kotm", str(unit.id))] if unit.id is not None else [],
        )
        if unit.ko in seen:
            entry.msgctxt = f"kotm-{unit.id}"
        seen.add(unit.ko)
        newest = max(newest, unit.changed or unit.created)
        po.append(entry)
    stamp = po_date(newest) or "1970-01-01 00:00+0000"
    po.metadata = {
        "Project-Id-Version": project,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": stamp,
        "PO-Revision-Date": stamp,
        "Last-Translator": "",
        "Language-Team": "English",
        "Language": "en",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
        "X-Generator": f"kotm {kotm.__version__}",
        "X-Source-Language": "ko",
    }
    out.write(str(po).encode("utf-8"))
    if not str(po).endswith("\n"):
        out.write(b"\n")
    return len(po)
