"""module for reading and writing tab- and comma-separated glossaries and corpora (TSV, CSV), streaming.

TSV follows OmegaT's glossary rules (no quoting, ``#`` comment lines, trimmed fields, source/target/comment
columns) plus backslash escapes (``\\t``, ``\\n``, ``\\r``, ``\\\\``) so that any text survives a round trip, as in
``shared/corpora/derived``. CSV is RFC 4180 (``"…"`` quoting, ``""`` for a quote, newlines inside quotes).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from typing import BinaryIO

from kotm.errors import FormatError
from kotm.formats import ReadStats, accept, lang_side
from kotm.korean import has_hangul
from kotm.text import nfc
from kotm.units import Segment, Term

COLUMNS = ("ko", "en", "note", "domain", "source")
# Header names (lower case, '#' and spaces stripped) and the field each fills.
_NAMES = {
    "note": "note",
    "notes": "note",
    "comment": "note",
    "comments": "note",
    "domain": "domain",
    "subject": "domain",
    "source": "source",
    "origin": "source",
}
_ESCAPE = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_ESCAPED = re.compile(r"\\(.)", re.DOTALL)
_UNESCAPE = {"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}
SNIFF_ROWS = 200  # rows looked at to tell the Korean column when there is no header


def escape(text: str) -> str:
    r"""A field for TSV: backslash, tab, CR and LF escaped, and a leading ``#`` (which would start a comment).

    >>> escape("a\tb\nc\\d"), escape("#해시")
    ('a\\tb\\nc\\\\d', '\\#해시')
    """
    out = "".join(_ESCAPE.get(ch, ch) for ch in text)
    return "\\" + out if out.startswith("#") else out


def unescape(text: str) -> str:
    r"""Undo ``escape``; an unknown escape keeps the character after the backslash.

    >>> unescape("a\\tb\\nc\\\\d\\#")
    'a\tb\nc\\d#'
    """
    return _ESCAPED.sub(lambda m: _UNESCAPE.get(m.group(1), m.group(1)), text)


def _lines(source: BinaryIO, path: str | None) -> Iterator[str]:
    """The file's lines as text, newlines kept: UTF-8 (a BOM is skipped), or UTF-16 when a BOM says so.

    UTF-8 is decoded line by line so that an error names the right line.
    """
    head = source.peek(4)[:4] if hasattr(source, "peek") else b""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = io.TextIOWrapper(source, encoding="utf-16", newline="")
        try:
            yield from text
        except UnicodeDecodeError as e:
            raise FormatError(path, f"not valid UTF-16 ({e.reason})") from None
        finally:
            text.detach()
        return
    if b"\x00" in (source.peek(8192)[:8192] if hasattr(source, "peek") else b""):
        raise FormatError(path, "binary data (a NUL byte): not a text file")
    for n, raw in enumerate(source, start=1):
        if n == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[3:]
        if b"\x00" in raw:
            raise FormatError(path, "binary data (a NUL byte): not a text file", line=n)
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as e:
            raise FormatError(
                path,
                f"not valid UTF-8 (byte 0x{raw[e.start]:02x} at column {e.start + 1})",
                line=n,
            ) from None


def _rows(lines: Iterable[str], dialect: str, stats: ReadStats | None) -> Iterator[tuple[int, list[str], bool]]:
    """(line number, fields, is a comment) for each non-blank row; TSV fields are trimmed and unescaped."""
    if dialect == "csv":
        reader = csv.reader(lines, strict=True)
        line = 1
        for fields in reader:
            start, line = line, reader.line_num + 1
            if any(f.strip() for f in fields):
                yield start, [f.strip() for f in fields], False
        return
    for n, raw in enumerate(lines, start=1):
        text = raw.rstrip("\r\n")
        if not text.strip():
            continue
        yield n, [unescape(f.strip()) for f in text.split("\t")], text.startswith("#")


def _header(fields: list[str]) -> dict[str, int] | None:
    """Column indexes by field name if the row is a header naming a Korean and an English column."""
    columns: dict[str, int] = {}
    for i, name in enumerate(fields):
        key = name.strip().lstrip("#").strip().lower()
        field = lang_side(key) if key in ("ko", "kor", "en", "eng") or "-" in key else None
        field = field or {
            "korean": "ko",
            "english": "en",
            "한국어": "ko",
            "영어": "en",
        }.get(key)
        field = field or _NAMES.get(key)
        if field and field not in columns:
            columns[field] = i
    return columns if {"ko", "en"} <= columns.keys() else None


def read(
    source: BinaryIO,
    stats: ReadStats | None = None,
    *,
    path: str | None = None,
    dialect: str = "tsv",
) -> Iterator[Segment]:
    """Stream the pairs of a TSV or CSV file as Segments.

    A first row that names its columns (``ko``/``en``/``korean``/``en-US`` …, then ``note``/``comment``,
    ``domain``, ``source``/``origin``; it may start with ``#``) says which column is which. Without one, the first
    two columns are the pair, the Korean one being whichever holds more Hangul in the first rows (OmegaT glossaries
    put the source language first), and a third column is the note.
    """
    line = 0
    try:
        rows = _rows(_lines(source, path), dialect, stats)
        columns = None
        # '#' starts a comment line (OmegaT), unless a header row without '#' says the file is a plain table.
        comments = dialect != "csv"
        pending: list[tuple[int, list[str], bool]] = []
        for row in rows:
            line = row[0]
            if columns is None and not pending:
                columns = _header(row[1])
                if columns is not None:
                    comments = comments and row[2]
                    break  # the rows after a header need no sniffing
            if not row[2]:
                pending.append(row)
                if len(pending) >= SNIFF_ROWS:
                    break
        if columns is None:
            first = sum(has_hangul(f[0]) for _, f, _ in pending if len(f) > 1)
            second = sum(has_hangul(f[1]) for _, f, _ in pending if len(f) > 1)
            columns = {"ko": 1, "en": 0} if second > first else {"ko": 0, "en": 1}
            columns["note"] = 2
        width = max(columns.values()) + 1
        paired, first_short = False, None
        for line, fields, comment in chain(pending, rows):
            if comment and comments:
                continue
            if len(fields) < 2:
                first_short = first_short or line
                if stats is not None:
                    stats.skip("row with fewer than 2 columns", line)
                continue
            paired = True
            fields = [nfc(f) for f in fields]
            fields += [""] * (width - len(fields))
            ko, en = fields[columns["ko"]], fields[columns["en"]]
            if not accept(stats, ko, en, line):
                continue
            meta = {k: fields[i] for k, i in columns.items() if k in _NAMES.values()}
            yield Segment(ko, en, **meta)
        if first_short and not paired:
            # Not one row with a Korean and an English column: the wrong separator, or not a table at all.
            separator = "comma" if dialect == "csv" else "tab"
            hint = "; is it comma-separated? use --format csv" if dialect != "csv" else ""
            raise FormatError(
                path, f"no row has two {separator}-separated columns (Korean, English){hint}", line=first_short
            )
    except csv.Error as e:
        raise FormatError(path, f"CSV error: {e}", line=line or None) from None


def write(
    units: Iterable[Segment | Term],
    out: BinaryIO,
    *,
    dialect: str = "tsv",
    on_warning: Callable[[str], None] | None = None,  # TSV and CSV hold any text: nothing to warn of
) -> int:
    """Write units as TSV (the default) or CSV with a header row ``ko, en, note, domain, source``; returns the count.

    The TSV header starts with ``#`` so that OmegaT does not read it as a term.
    """
    text = io.TextIOWrapper(out, encoding="utf-8", newline="")
    count = 0
    try:
        if dialect == "csv":
            writer = csv.writer(text)  # RFC 4180: CRLF; it also makes csv quote a lone CR
            writer.writerow(COLUMNS)
            for unit in units:
                writer.writerow([getattr(unit, c) for c in COLUMNS])
                count += 1
        else:
            text.write("#" + "\t".join(COLUMNS) + "\n")
            for unit in units:
                text.write("\t".join(escape(getattr(unit, c)) for c in COLUMNS) + "\n")
                count += 1
        text.flush()
    finally:
        text.detach()
    return count
