"""module for reading and writing tab- and comma-separated glossaries and corpora (TSV, CSV), streaming.

The one TSV dialect of kotm (this module's reader and writer, and the review files of ``kotm align``) follows
OmegaT's glossary rules: one row a line, fields split at every TAB, **no quoting at all** (a ``"`` is an ordinary
character and does not protect a tab), ``#`` comment lines, trimmed fields. So that any text survives a round trip,
the writer escapes with a backslash what a field cannot hold: ``\\t`` (TAB), ``\\n`` (LF), ``\\r`` (CR), ``\\\\`` (a
backslash) and a leading ``\\#``; the reader undoes them, as in ``shared/corpora/derived``. CSV is RFC 4180
(``"…"`` quoting, ``""`` for a quote, newlines inside quotes).

Columns: a first row that names them (``ko``/``en``/``korean``/``en-US`` …, ``note``/``comment``, ``domain``,
``source``/``origin``; it may start with ``#``) says which is which, and the one named first is the source language.
Without one, OmegaT's order: source, target, comment (the Korean column is whichever holds Hangul). Nothing is dropped
silently: a row with fewer than 2 fields, or with more (non-empty) fields than the header names (3 without a header),
is a ``FormatError`` naming its line, unless ``skip_bad_rows=True`` skips it and counts it on the ``ReadStats``.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from pathlib import Path
from typing import BinaryIO

from kotm.errors import FormatError
from kotm.formats import ReadStats, _suffix, accept, lang_side, open_input
from kotm.korean import has_hangul
from kotm.text import nfc
from kotm.text import source_lang as check_lang
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
    "status": "status",  # a glossary term's status (preferred, admitted, deprecated, forbidden)
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
    skip_bad_rows: bool = False,
    lines: bool = False,
    keep_empty: bool = False,
) -> Iterator[Segment]:
    """Stream the pairs of a TSV or CSV file as Segments (the columns and the quoting rule: see the module).

    ``source_lang`` is the language of the first of the two columns: OmegaT puts the source first (en→ko glossaries
    and the ``en ko origin`` corpora give ``"en"``).

    :param skip_bad_rows: skip rows with too few or too many fields, counting them on ``stats`` with the reason and
        line, instead of raising ``FormatError`` at the first.
    :param lines: give each unit the line of its row in ``props["line"]`` (for a checker's findings).
    :param keep_empty: also yield the rows an import skips (an empty side, Korean without Hangul), for a checker.

    A ``status`` column (glossaries) goes to ``props["status"]``.
    """
    line = 0
    separator = "comma" if dialect == "csv" else "tab"
    try:
        rows = _rows(_lines(source, path), dialect, stats)
        columns = None
        width = 3  # OmegaT's source, target, comment
        # '#' starts a comment line (OmegaT), unless a header row without '#' says the file is a plain table.
        comments = dialect != "csv"
        pending: list[tuple[int, list[str], bool]] = []
        for row in rows:
            line = row[0]
            if columns is None and not pending:
                columns = _header(row[1])
                if columns is not None:
                    comments = comments and row[2]
                    width = len(row[1])
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
        source_lang = "ko" if columns["ko"] < columns["en"] else "en"
        needed = max(columns["ko"], columns["en"]) + 1
        paired, first_short = False, None
        for line, fields, comment in chain(pending, rows):
            if comment and (comments or len(fields) < needed):  # a '#' line that cannot be a row is a comment
                continue
            problem = _bad_row(fields, needed, width)
            if problem:
                reason, message = problem
                if reason.startswith("row with fewer"):
                    first_short = first_short or line
                    message = f"{message}, fewer than {needed} {separator}-separated columns (Korean, English)"
                    if not paired and dialect != "csv":
                        message += "; is it comma-separated? use --format csv"
                elif dialect != "csv":
                    message += ' (TSV has no quoting: a tab inside "…" still splits the field; write \\t, or use CSV)'
                if not skip_bad_rows:
                    raise FormatError(path, message, line=line)
                if stats is not None:
                    stats.skip(reason, line)
                continue
            paired = True
            fields = [nfc(f) for f in fields]
            fields += [""] * (width - len(fields))
            ko, en = fields[columns["ko"]], fields[columns["en"]]
            if not accept(stats, ko, en, line, keep_empty):
                continue
            meta = {k: fields[i] for k, i in columns.items() if k in _NAMES.values()}
            status = meta.pop("status", "")
            props = {"line": str(line)} if lines else {}
            if status:  # a glossary's column: the Term made from this row takes it (importer.as_term)
                props["status"] = status
            yield Segment(ko, en, **meta, source_lang=source_lang, props=props)
        if first_short and not paired:
            # Not one row with a Korean and an English column: the wrong separator, or not a table at all.
            hint = "; is it comma-separated? use --format csv" if dialect != "csv" else ""
            raise FormatError(
                path, f"no row has two {separator}-separated columns (Korean, English){hint}", line=first_short
            )
    except csv.Error as e:
        raise FormatError(path, f"CSV error: {e}", line=line or None) from None


def _bad_row(fields: list[str], needed: int, width: int) -> tuple[str, str] | None:
    """(reason for the stats, message) if a row has too few fields for the pair, or more than the columns."""
    if len(fields) < needed:
        return "row with fewer than 2 columns", f"the row has {_count(len(fields))}"
    if len(fields) > width and any(fields[width:]):  # trailing empty fields hide nothing
        return (
            f"row with more than {width} columns",
            f"the row has {_count(len(fields))} where the file has {width} columns",
        )
    return None


def _count(n: int) -> str:
    return f"{n} field" if n == 1 else f"{n} fields"


def row(fields: Iterable[str]) -> str:
    r"""One TSV line of kotm's dialect (each field escaped, TAB-separated, LF-terminated).

    >>> row(["공동\t선언문", 'joint "declaration"', "a\nb"])
    '공동\\t선언문\tjoint "declaration"\ta\\nb\n'
    """
    return "\t".join(escape(f) for f in fields) + "\n"


def columns_for(source_lang: str = "ko") -> tuple[str, ...]:
    """The columns ``write`` writes, the source language first.

    >>> columns_for("en")
    ('en', 'ko', 'note', 'domain', 'source')
    """
    check_lang(source_lang)
    return COLUMNS if source_lang == "ko" else ("en", "ko", *COLUMNS[2:])


def write(
    units: Iterable[Segment | Term],
    out: BinaryIO,
    *,
    dialect: str = "tsv",
    source_lang: str = "ko",
    on_warning: Callable[[str], None] | None = None,  # TSV and CSV hold any text: nothing to warn of
) -> int:
    """Write units as TSV (the default) or CSV with a header row ``ko, en, note, domain, source`` (glossary terms:
    and ``status``); returns the count.

    :param source_lang: ``"en"`` puts the English column first (``en, ko, note, …``): OmegaT takes the first column
        as the source, so an en→ko project reads the file as its glossary.

    The TSV header starts with ``#`` so that OmegaT does not read it as a term.
    """
    names = columns_for(source_lang)
    units = iter(units)
    first = next(units, None)
    if isinstance(first, Term):  # a glossary: each term's status too
        names = (*names, "status")
    units = chain([first] if first is not None else [], units)
    text = io.TextIOWrapper(out, encoding="utf-8", newline="")
    count = 0
    try:
        if dialect == "csv":
            writer = csv.writer(text)  # RFC 4180: CRLF; it also makes csv quote a lone CR
            writer.writerow(names)
            for unit in units:
                writer.writerow([getattr(unit, c) for c in names])
                count += 1
        else:
            text.write("#" + "\t".join(names) + "\n")
            for unit in units:
                text.write(row(getattr(unit, c) for c in names))
                count += 1
        text.flush()
    finally:
        text.detach()
    return count


# OmegaT's first line of a glossary it writes, and the extensions it reads glossaries from (it ignores .tsv).
OMEGAT_GLOSSARY = "# Glossary in tab-separated format"
GLOSSARY_EXTENSIONS = {".txt", ".utf8", ".tab"}
GLOSSARY_SAMPLE = 200  # lines looked at to tell an OmegaT glossary without its header line
GLOSSARY_TERM_LENGTH = 40  # the median length of a term, at most, in characters


def is_glossary(path: str | Path) -> bool:
    """Whether a file is an OmegaT glossary, to go into the glossary rather than the memory.

    True when its first line is OmegaT's ``# Glossary in tab-separated format`` (whatever the extension), or when it
    has an extension OmegaT reads glossaries from (``.txt``, ``.utf8``, ``.tab``; ``.gz``/``.xz`` aside) and is in
    OmegaT's glossary form: its first rows (``#`` comments and blank lines aside) all have 2 or 3 tab-separated fields
    (term, translation, comment), none is a header naming the columns, and terms are short (a median length of at
    most 40 characters), not sentences. A file that cannot be read is not a glossary (the reader will say why).

    >>> is_glossary("../shared/corpora/glossary/lean4game-ko.glossary.txt")  # doctest: +SKIP
    True
    """
    import statistics

    try:
        with open_input(path) as stream:
            head = stream.read(1 << 16)
    except (OSError, EOFError, ValueError):
        return False
    if b"\x00" in head:
        return False
    text = head.decode("utf-8", "replace").removeprefix("\ufeff")
    lines = text.split("\n")
    if len(head) == 1 << 16 and len(lines) > 1:
        lines.pop()  # cut off by the sample
    if lines and lines[0].strip().startswith(OMEGAT_GLOSSARY):
        return True
    if _suffix(Path(str(path))) not in GLOSSARY_EXTENSIONS:
        return False
    rows = [line.rstrip("\r").split("\t") for line in lines if line.strip() and not line.startswith("#")]
    rows = rows[:GLOSSARY_SAMPLE]
    if not rows or _header(rows[0]) is not None or any(not 2 <= len(r) <= 3 for r in rows):
        return False
    lengths = [max(len(unescape(r[0].strip())), len(unescape(r[1].strip()))) for r in rows]
    return statistics.median(lengths) <= GLOSSARY_TERM_LENGTH
