"""module for reading and writing gettext PO files through polib (kotm writes Korean msgid, English msgstr)."""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterable, Iterator
from typing import BinaryIO

import kotm
from kotm.errors import FormatError
from kotm.formats import ReadStats, accept, lang_side
from kotm.korean import has_hangul
from kotm.text import nfc
from kotm.units import Segment, Term

_CHARSET = re.compile(rb"charset=([A-Za-z0-9_.:-]+)")
_SYNTAX = re.compile(r"\(line (\d+)\)(?::\s*(.*))?")
# The line our writer adds to the extracted comment for the fields a PO entry has no place for.
_META = re.compile(r"^(?:domain|creator|created|changed): .*$")
_META_ITEM = re.compile(r"(domain|creator|created|changed): ([^;]*)(?:; |$)")
# A string line that polib would silently truncate: it must end with an unescaped quote.
_STRING_LINE = re.compile(r'^(?:#~\s*)?(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)?\s*"')
_CLOSED = re.compile(r'(?<!\\)(?:\\\\)*"\s*$')


def _decode(data: bytes, path: str | None) -> str:
    """The text of a PO file, in the charset its header declares (UTF-8 if none); a BOM wins."""
    if data.startswith(codecs.BOM_UTF8):
        data, charset = data[3:], "utf-8"
    else:
        m = _CHARSET.search(data[:8192])
        charset = m.group(1).decode("ascii") if m else "utf-8"
        if charset.upper() == "CHARSET":  # the template placeholder
            charset = "utf-8"
    try:
        codecs.lookup(charset)
    except LookupError:
        raise FormatError(path, f"unknown charset {charset!r} in the header") from None
    if b"\x00" in data and not charset.lower().startswith("utf-16"):
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise FormatError(path, "binary data (a NUL byte): not a PO file", line=line)
    try:
        return data.decode(charset)
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise FormatError(path, f"not valid {charset} (byte 0x{data[e.start]:02x})", line=line) from None


class _Lines(str):
    """PO text that polib splits at line feeds only: str.splitlines() would also split at U+0085, U+2028 …,
    which are ordinary characters inside a PO string."""

    def splitlines(self, keepends: bool = False) -> list[str]:  # type: ignore[override]
        lines = self.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        return [line.removesuffix("\r") for line in lines]


def _check_strings(text: str, path: str | None) -> None:
    """polib turns a missing closing quote into a truncated string without an error: refuse such lines."""
    for n, line in enumerate(_Lines(text).splitlines(), start=1):
        stripped = line.strip()
        if _STRING_LINE.match(stripped) and not _CLOSED.search(stripped[1:]):
            raise FormatError(path, "string without its closing quote", line=n)


def read(
    source: BinaryIO,
    stats: ReadStats | None = None,
    *,
    path: str | None = None,
    korean: str | None = None,
) -> Iterator[Segment]:
    """Stream the translated entries of a PO file as Segments.

    :param korean: which side is Korean, ``"msgid"`` or ``"msgstr"``. By default the header's ``Language`` decides
        (``ko`` → msgstr; ``en`` or ``X-Source-Language: ko`` → msgid), else whichever side holds more Hangul.

    Fuzzy, obsolete and untranslated entries are skipped and counted; a plural entry gives msgid → msgstr[0];
    ``msgctxt`` goes to ``props["prop:x-context"]`` (as translate-toolkit's TMX carries it), translator and
    extracted comments to the note.
    """
    import polib

    text = _decode(source.read(), path)
    _check_strings(text, path)
    try:
        po = polib.pofile(_Lines(text), wrapwidth=0)
    except (OSError, ValueError) as e:
        m = _SYNTAX.search(str(e))
        if m:
            raise FormatError(
                path,
                f"PO syntax error: {m.group(2) or 'invalid line'}",
                line=int(m.group(1)),
            ) from None
        raise FormatError(path, f"PO syntax error: {e}") from None
    if korean is None:
        korean = _korean_side(po)
    if korean not in ("msgid", "msgstr"):
        raise FormatError(path, f"the Korean side must be msgid or msgstr, not {korean!r}")
    for entry in po:
        line = getattr(entry, "linenum", None)
        if entry.obsolete:
            _skip(stats, "obsolete entry (#~)", line)
            continue
        if "fuzzy" in entry.flags:
            _skip(stats, "fuzzy entry", line)
            continue
        msgstr = entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr
        if not msgstr:
            _skip(stats, "untranslated entry", line)
            continue
        msgid = entry.msgid
        ko, en = (msgid, msgstr) if korean == "msgid" else (msgstr, msgid)
        ko, en = nfc(ko), nfc(en)
        if not accept(stats, ko, en, line):
            continue
        props: dict[str, str] = {}
        if entry.msgctxt is not None:
            props["prop:x-context"] = entry.msgctxt
        fields = {}
        comments = [c for c in (entry.tcomment, entry.comment) if c]
        if comments and _META.match(comments[-1].splitlines()[-1]):
            lines = comments[-1].splitlines()
            fields = dict(_META_ITEM.findall(lines[-1]))
            comments[-1] = "\n".join(lines[:-1])
        yield Segment(
            ko,
            en,
            note=nfc("\n".join(c for c in comments if c)),
            domain=fields.get("domain", ""),
            creator=fields.get("creator", ""),
            created=fields.get("created", ""),
            changed=fields.get("changed", ""),
            props=props,
        )


def _skip(stats: ReadStats | None, reason: str, line: int | None) -> None:
    if stats is not None:
        stats.skip(reason, line)


def _korean_side(po) -> str:
    meta = po.metadata
    if lang_side(meta.get("X-Source-Language")) == "ko":
        return "msgid"
    side = lang_side(meta.get("Language"))
    if side == "ko":
        return "msgstr"
    if side == "en":
        return "msgid"
    ids = sum(has_hangul(e.msgid) for e in po)
    strs = sum(has_hangul(e.msgstr or e.msgstr_plural.get(0, "")) for e in po)
    return "msgid" if ids > strs else "msgstr"


def po_date(iso: str) -> str:
    """ISO 8601 UTC to the PO header form.

    >>> po_date("2019-04-22T09:13:00Z")
    '2019-04-22 09:13+0000'
    """
    return iso[:10] + " " + iso[11:16] + "+0000" if iso else ""


def write(
    units: Iterable[Segment | Term],
    out: BinaryIO,
    *,
    project: str = "kotm",
    on_warning: Callable[[str], None] | None = None,  # PO holds any text: nothing to warn of
) -> int:
    """Write units as a PO file and return how many entries were written.

    The header carries no clock time: its dates are the newest change among the units, so the same data gives the
    same file. A Korean text that occurs twice (a term with two renderings) gets ``msgctxt`` with the unit id on its
    second and later entries, because a PO file may hold each msgid only once per context.
    """
    import polib

    po = polib.POFile(wrapwidth=0)
    seen: set[tuple[str | None, str]] = set()
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
        context = unit.props.get("prop:x-context")
        if (context, unit.ko) in seen:
            # A PO file may hold each (msgctxt, msgid) once (msgfmt: "duplicate message definition").
            extra = f"kotm-{unit.id if unit.id is not None else len(po)}"
            context = f"{context} {extra}" if context else extra
        if context is not None:
            entry.msgctxt = context
        seen.add((context, unit.ko))
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
