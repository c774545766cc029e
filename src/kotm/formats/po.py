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
# The line our writer adds to the extracted comment for the fields a PO entry has no place for, kotm's provenance
# among them: ``#. kotm: source: summit-2019-04-22; id: 54; domain: …``. It is a comment, not a ``#:`` reference,
# so that Poedit or Weblate never take kotm's id for a line. Files from kotm before issue 16 have the line without
# ``kotm:`` (and the provenance as ``#: source:id``).
_META_PREFIX = "kotm: "
_META_FIELDS = ("source", "id", "domain", "creator", "created", "changed", "changer")
_OLD_META = re.compile(r"^(?:domain|creator|created|changed): .*$")
_META_ITEM = re.compile(r"(source|id|domain|creator|created|changed|changer): ([^;]*)(?:; |$)")
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
    include_fuzzy: bool = False,
    lines: bool = False,
    keep_empty: bool = False,
) -> Iterator[Segment]:
    """Stream the translated entries of a PO file as Segments.

    :param korean: which side is Korean, ``"msgid"`` or ``"msgstr"``. By default the header's ``Language`` decides
        (``ko`` → msgstr; ``en`` or ``X-Source-Language: ko`` → msgid), else whichever side holds more Hangul.
        The msgid side is the source: ``source_lang`` is ``"ko"`` when Korean is the msgid, else ``"en"``.
    :param include_fuzzy: also yield fuzzy entries, with ``fuzzy`` in ``props["po:flags"]`` (never as confirmed
        translations: see ``is_fuzzy``). By default they are skipped and counted.
    :param lines: give each unit the line of its entry in ``props["line"]`` (for a checker's findings).
    :param keep_empty: also yield untranslated entries (an empty msgstr) and pairs an import skips, for a checker.

    Obsolete and untranslated entries are skipped and counted. What a PO entry holds beyond the pair is kept for the
    writer (see ``write``): ``msgctxt`` in ``props["prop:x-context"]`` (as translate-toolkit's TMX carries it);
    ``msgid_plural`` in ``po:msgid_plural`` and ``msgstr[n]`` in ``po:msgstr[n]`` (the pair holds msgid and
    ``msgstr[0]``; Korean has one form); flags in ``po:flags`` (``c-format, fuzzy``); the ``#:`` references in
    ``po:references``, one a line; ``#|`` previous strings in ``po:previous_msgid`` … Translator and extracted
    comments are the note (translator comment first, also kept alone in ``po:tcomment``); the ``#. kotm:`` line
    that kotm's writer adds gives back source, domain, creator, dates and changer.
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
    source_lang = "ko" if korean == "msgid" else "en"
    for entry in po:
        line = getattr(entry, "linenum", None)
        if entry.obsolete:
            _skip(stats, "obsolete entry (#~)", line)
            continue
        if "fuzzy" in entry.flags and not include_fuzzy:
            _skip(stats, "fuzzy entry", line)
            continue
        msgstr = entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr
        if not msgstr and not keep_empty:
            _skip(stats, "untranslated entry", line)
            continue
        msgid = entry.msgid
        ko, en = (msgid, msgstr) if korean == "msgid" else (msgstr, msgid)
        ko, en = nfc(ko), nfc(en)
        if not accept(stats, ko, en, line, keep_empty):
            continue
        props = _entry_props(entry)
        if lines and line:
            props["line"] = str(line)
        # The store keeps text in NFC without leading or trailing whitespace, which changes a few entries (U+212A
        # KELVIN SIGN → K in python-docs; "…version: " with its trailing space in Godot): keep the text as it was,
        # for the writer to give it back.
        for name, text in (("po:msgid", msgid), ("po:msgstr", msgstr)):
            if nfc(text).strip() != text:
                props[name] = text
        fields = {}
        comments = [c for c in (entry.tcomment, entry.comment) if c]
        if comments:
            lines = comments[-1].splitlines()
            fields = _meta(lines[-1])
            if fields is not None:
                comments[-1] = "\n".join(lines[:-1])
            else:
                fields = {}
        yield Segment(
            ko,
            en,
            source=fields.get("source", ""),
            note=nfc("\n".join(c for c in comments if c)),
            domain=fields.get("domain", ""),
            creator=fields.get("creator", ""),
            created=fields.get("created", ""),
            changed=fields.get("changed", ""),
            changer=fields.get("changer", ""),
            props=props,
            source_lang=source_lang,
        )


def _entry_props(entry) -> dict[str, str]:
    """What an entry holds besides its pair, note and kotm's own line, as props (see ``read``)."""
    props: dict[str, str] = {}  # as in the file, not normalised: they are given back, not searched
    if entry.msgctxt is not None:
        props["prop:x-context"] = entry.msgctxt
    if entry.msgid_plural:
        props["po:msgid_plural"] = entry.msgid_plural
        for n in sorted(entry.msgstr_plural):
            if n:
                props[f"po:msgstr[{n}]"] = entry.msgstr_plural[n]
    if entry.flags:
        props["po:flags"] = ", ".join(entry.flags)
    if entry.occurrences:
        props["po:references"] = "\n".join(f"{f}:{n}" if n else f for f, n in entry.occurrences)
    if entry.tcomment:
        props["po:tcomment"] = entry.tcomment
    for name in ("previous_msgctxt", "previous_msgid", "previous_msgid_plural"):
        if getattr(entry, name) is not None:
            props[f"po:{name}"] = getattr(entry, name)
    return props


def _meta(line: str) -> dict[str, str] | None:
    """The fields of kotm's own comment line (``kotm: source: …; domain: …``, or the older line without ``kotm:``
    that began with ``domain:`` …), or None if the line is not one."""
    if line.startswith(_META_PREFIX):
        return dict(_META_ITEM.findall(line[len(_META_PREFIX) :]))
    if _OLD_META.match(line):
        return dict(_META_ITEM.findall(line))
    return None


def is_fuzzy(unit: Segment | Term) -> bool:
    """Whether a unit came from a fuzzy PO entry (``read(..., include_fuzzy=True)``): a draft, not a confirmed
    translation.

    >>> is_fuzzy(Segment("초안", "Draft", props={"po:flags": "fuzzy, c-format"}))
    True
    """
    return "fuzzy" in _flags(unit.props.get("po:flags", ""))


def _flags(text: str) -> list[str]:
    return [f.strip() for f in text.split(",") if f.strip()]


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


# The header's language fields for the target language of the file (the language of the msgstrs).
_TARGET = {
    "en": {"Language-Team": "English", "Language": "en", "Plural-Forms": "nplurals=2; plural=(n != 1);"},
    "ko": {"Language-Team": "Korean", "Language": "ko", "Plural-Forms": "nplurals=1; plural=0;"},
}
_NPLURALS = {"en": 2, "ko": 1}
_SPOOL = 1 << 22  # entries held in memory before the spool goes to disk, when the header must wait for them


_HEADER_MSGID = re.compile(r'^msgid ""\s*$', re.MULTILINE)
_BLANK_LINE = re.compile(r"\r?\n[ \t]*\r?\n")
_CONTEXT_LINE = re.compile(r"^msgctxt\b", re.MULTILINE)


def header(source: BinaryIO, path: str | None = None) -> str | None:
    """The header of a PO file as the file spells it (its comments and the ``msgid ""`` entry, up to the blank
    line after it), for a writer that writes the same file again; None when the file has none."""
    text = _decode(source.read(), path).lstrip("\ufeff")
    first = _BLANK_LINE.split(text, 1)[0]
    m = _HEADER_MSGID.search(first)
    # The header is the first entry, with msgid "" and no context (a comment block before it is its comment).
    if not m or _CONTEXT_LINE.search(first, 0, m.start()):
        return None
    return first.rstrip("\r\n").replace("\r\n", "\n") + "\n"


def write(
    units: Iterable[Segment | Term],
    out: BinaryIO,
    *,
    project: str = "kotm",
    source_lang: str = "ko",
    revision_date: str | None = None,
    on_warning: Callable[[str], None] | None = None,  # PO holds any text: nothing to warn of
    header_text: str | None = None,
) -> int:
    """Write units as a PO file, entry by entry, and return how many entries were written.

    :param source_lang: the msgid language, ``"ko"`` (the default: Korean msgid, English msgstr) or ``"en"``
        (English msgid, Korean msgstr, ``Language: ko`` and ``Plural-Forms: nplurals=1; plural=0;``).
    :param revision_date: the header's dates (ISO 8601 UTC). By default they are the newest change among the units,
        which is known only once all are written: the entries then go to a spool (memory up to 4 MiB, then a
        temporary file) and are copied after the header. Pass it (``max(changed)`` in SQL) to write straight through.
    :param header_text: a header to write as it is instead (``header`` of the PO file being written again)

    The header carries no clock time, so the same data gives the same file. What a unit brought from a PO file goes
    back (see ``read``): msgctxt, flags, ``#:`` references, the translator comment apart from the extracted one,
    ``#|`` previous strings and, when it is written in the direction it was read, ``msgid_plural`` with its
    ``msgstr[n]`` (as many as the target language has forms). kotm's own provenance and fields go in a last
    extracted comment, ``#. kotm: source: …; id: …; domain: …``. A source text that occurs twice in one context (a
    term with two renderings) gets ``msgctxt`` with the unit id on its second and later entries, because a PO file
    may hold each msgid only once per context (msgfmt: "duplicate message definition").
    """
    import tempfile

    if source_lang not in _TARGET:
        raise ValueError(f"source_lang must be 'ko' or 'en', not {source_lang!r}")
    target = "ko" if source_lang == "en" else "en"
    given = header_text

    def header(stamp: str) -> bytes:
        return _header(project, source_lang, target, po_date(stamp) or "1970-01-01 00:00+0000")

    if given is not None:
        out.write(given.encode("utf-8"))
        return _entries(units, out, source_lang, target)[0]
    if revision_date is not None:
        out.write(header(revision_date))
        return _entries(units, out, source_lang, target)[0]
    with tempfile.SpooledTemporaryFile(_SPOOL) as spool:
        count, newest = _entries(units, spool, source_lang, target)  # type: ignore[arg-type]
        out.write(header(newest))
        spool.seek(0)
        while chunk := spool.read(1 << 16):
            out.write(chunk)
    return count


def _header(project: str, source_lang: str, target: str, stamp: str) -> bytes:
    import polib

    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": project,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": stamp,
        "PO-Revision-Date": stamp,
        "Last-Translator": "",
        **_TARGET[target],
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": f"kotm {kotm.__version__}",
        "X-Source-Language": source_lang,
    }
    return str(po).encode("utf-8")  # "#" and the header entry, ending with a line feed


def _entries(units: Iterable[Segment | Term], out: BinaryIO, source_lang: str, target: str) -> tuple[int, str]:
    """Write the entries of units (each after a blank line, as polib joins them); return the count and the newest
    change among them."""

    import polib

    # Keys written, as 8-byte digests rather than the texts, so that memory stays small at a million entries.
    seen: set[bytes] = set()
    newest = ""
    count = 0
    for unit in units:
        props = unit.props
        same_way = getattr(unit, "source_lang", "ko") == source_lang
        msgid, msgstr = (unit.ko, unit.en) if source_lang == "ko" else (unit.en, unit.ko)
        if same_way:  # the text as the file had it, before NFC, unless it was edited since
            msgid, msgstr = _as_read(props, "po:msgid", msgid), _as_read(props, "po:msgstr", msgstr)
        tcomment = props.get("po:tcomment", "")
        note = unit.note
        first = nfc(tcomment)
        if tcomment and (note == first or note.startswith(first + "\n")):
            note = note[len(first) + 1 :]
        else:
            tcomment = ""
        meta = [
            f"{name}: {value}"
            for name in _META_FIELDS
            if (value := str(getattr(unit, name)) if getattr(unit, name) is not None else "")
        ]
        comment = "\n".join([*([note] if note else []), *([_META_PREFIX + "; ".join(meta)] if meta else [])])
        flags = _flags(props.get("po:flags", ""))
        if not same_way:
            # A format flag speaks of the msgid's placeholders; written the other way round (and without its plural,
            # "an hour ago" / "%(count)s 시간 전"), msgfmt -c would hold the new msgstr to them.
            flags = [f for f in flags if not f.endswith("-format")]
        entry = polib.POEntry(
            msgid=msgid,
            msgstr=msgstr,
            comment=comment,
            tcomment=tcomment,
            flags=flags,
            occurrences=[_occurrence(r) for r in props["po:references"].split("\n")]
            if "po:references" in props
            else [],
        )
        if same_way and props.get("po:msgid_plural"):
            entry.msgid_plural = props["po:msgid_plural"]
            forms = [msgstr] + [props.get(f"po:msgstr[{n}]", msgstr) for n in range(1, _NPLURALS[target])]
            entry.msgstr_plural = dict(enumerate(forms))
        if same_way:
            for name in ("previous_msgctxt", "previous_msgid", "previous_msgid_plural"):
                if f"po:{name}" in props:
                    setattr(entry, name, props[f"po:{name}"])
        context = props.get("prop:x-context")
        if _key(context, msgid) in seen:
            extra = f"kotm-{unit.id if unit.id is not None else count}"
            context = f"{context} {extra}" if context else extra
        if context is not None:
            entry.msgctxt = context
        seen.add(_key(context, msgid))
        newest = max(newest, unit.changed or unit.created)
        out.write(b"\n" + entry.__unicode__(wrapwidth=0).encode("utf-8"))
        count += 1
    return count, newest


def _as_read(props: dict[str, str], key: str, text: str) -> str:
    raw = props.get(key)
    return raw if raw is not None and nfc(raw).strip() == text else text


def _key(context: str | None, msgid: str) -> bytes:
    import hashlib

    data = b"\x04".join(
        [
            b"" if context is None else b"c" + context.encode("utf-8", "surrogatepass"),
            msgid.encode("utf-8", "surrogatepass"),
        ]
    )
    return hashlib.blake2b(data, digest_size=8).digest()


def _occurrence(reference: str) -> tuple[str, str]:
    """A ``#:`` reference as polib holds it: ``("file", "line")``, or ``("file", "")`` without a line number."""
    name, _, line = reference.rpartition(":")
    return (name, line) if name and line.isdigit() else (reference, "")
