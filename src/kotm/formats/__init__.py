"""module that picks a format by file extension, opens input for the streaming readers and writes files atomically.

Each format is a module with ``write(units, out, **options) -> int`` and a streaming
``read(source, stats=None, **options) -> Iterator[unit]``; modules are imported on demand so that lxml and polib load
only when used. Readers yield what they can import and record what they skip, with the reason, on a ``ReadStats``.
A format may also take stored segments as plain rows, sparing a Segment per unit: its module then has ``COLUMNS``
and ``write_rows(rows, out, **options) -> int``, which takes rows of those columns with text as UTF-8 bytes
(``queries.iter_rows(..., utf8=True)``; see ``export_rows``). Every writer takes ``on_warning``, called with a
line for what it could not write as it was (characters XML cannot hold …).
"""

from __future__ import annotations

import functools
import importlib
import io
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, BinaryIO

from kotm.errors import FormatError, InputError

if TYPE_CHECKING:
    from kotm.units import Segment, Term

FORMATS = {
    "tmx": "kotm.formats.tmx",
    "po": "kotm.formats.po",
    "tbx": "kotm.formats.tbx",
    "tsv": "kotm.formats.tsv",
    "csv": "kotm.formats.tsv",
    "xliff": "kotm.formats.xliff",
}
EXTENSIONS = {
    ".tmx": "tmx",
    ".po": "po",
    ".pot": "po",
    ".tbx": "tbx",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".txt": "tsv",  # OmegaT glossaries
    ".utf8": "tsv",
    ".csv": "csv",
    ".xlf": "xliff",
    ".xliff": "xliff",
    ".sdlxliff": "xliff",  # Trados Studio
    ".mqxliff": "xliff",  # memoQ
    ".xlf2": "xliff",  # what kotm pretranslate names XLIFF 2.1 (the version is read from the file)
    ".xliff2": "xliff",
}
# Formats whose units are glossary terms whatever --terms says.
TERM_FORMATS = {"tbx"}
# Compressed input, told by its magic bytes (the suffix is only set aside when naming the format).
COMPRESSED = {".gz", ".xz"}
GZIP_MAGIC = b"\x1f\x8b"
XZ_MAGIC = b"\xfd7zXZ\x00"


@dataclass
class ReadStats:
    """What a reader saw: units yielded, and units skipped by reason (with the line of the first of each).

    >>> stats = ReadStats()
    >>> stats.skip("no Korean side", line=12); stats.skip("no Korean side", line=40)
    >>> stats.skipped, stats.first_line
    (Counter({'no Korean side': 2}), {'no Korean side': 12})
    """

    units: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    first_line: dict[str, int | None] = field(default_factory=dict)
    # Set by the caller before reading: the units go to the glossary, whose Korean side may be Latin script alone
    # (API, 5G, Wi-Fi); a segment's Korean side must hold Hangul.
    glossary: bool = False

    def skip(self, reason: str, line: int | None = None) -> None:
        self.skipped[reason] += 1
        self.first_line.setdefault(reason, line)

    def merge(self, other: ReadStats) -> None:
        self.units += other.units
        self.skipped.update(other.skipped)
        for reason, line in other.first_line.items():
            self.first_line.setdefault(reason, line)


@functools.lru_cache(maxsize=256)  # a file repeats a handful of codes
def lang_side(code: str | None) -> str | None:
    """``"ko"`` or ``"en"`` for a language code in any common form, else None.

    >>> [lang_side(c) for c in ("ko", "KO-kr", "ko_KR", "kor", "en-US", "eng", "EN", "ja-JP", None)]
    ['ko', 'ko', 'ko', 'ko', 'en', 'en', 'en', None, None]
    """
    if not code:
        return None
    primary = code.strip().replace("_", "-").split("-")[0].lower()
    return {"ko": "ko", "kor": "ko", "en": "en", "eng": "en"}.get(primary)


def accept(stats: ReadStats | None, ko: str, en: str, line: int | None, keep_empty: bool = False) -> bool:
    """True if a pair can be stored; otherwise records why not on ``stats`` (readers share these reasons). A Korean
    side without Hangul is refused unless ``stats.glossary`` says the pair goes to the glossary.

    With ``keep_empty`` (a checker reading a file) a pair with one side empty, or Korean without Hangul, is kept
    too: what an import would skip is what a checker reports (``untranslated``). Only a pair empty on both sides
    is not.
    """
    from kotm.korean import has_hangul  # here, not at the top: `kotm --help` imports this module, not the readers

    if keep_empty and (ko.strip() or en.strip()):
        if stats is not None:
            stats.units += 1
        return True
    reason = None
    if not ko.strip():
        reason = "empty Korean text"
    elif not en.strip():
        reason = "empty English text"
    elif not has_hangul(ko) and not (stats is not None and stats.glossary):
        reason = "Korean text holds no Hangul"
    if reason is None:
        if stats is not None:
            stats.units += 1
        return True
    if stats is not None:
        stats.skip(reason, line)
    return False


def format_for(path: str | Path, explicit: str | None = None) -> str:
    """The format name for a path, from ``explicit`` or the extension (``.gz`` and ``.xz`` aside).

    >>> format_for("out/statement.ko-en.TMX"), format_for("old.tmx.gz"), format_for("docs.en-ko.tsv.xz")
    ('tmx', 'tmx', 'tsv')
    """
    if explicit:
        if explicit not in FORMATS:
            raise InputError(f"unknown format {explicit!r} (choose from {', '.join(FORMATS)})")
        return explicit
    p = Path(str(path))
    suffix = _suffix(p)
    if suffix not in EXTENSIONS:
        raise InputError(f"cannot tell the format of {path!s} from its extension; use --format ({', '.join(FORMATS)})")
    return EXTENSIONS[suffix]


def _suffix(path: Path) -> str:
    """The extension that names the format, lower case, a compression suffix aside."""
    suffix = path.suffix.lower()
    return Path(path.stem).suffix.lower() if suffix in COMPRESSED else suffix


def module(name: str) -> ModuleType:
    return importlib.import_module(FORMATS[name])


class _Counting(io.RawIOBase):
    """A raw stream that reports every byte read from the file underneath, for a progress bar by bytes."""

    def __init__(self, raw: BinaryIO, callback: Callable[[int], None]):
        self._raw = raw
        self._callback = callback

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = self._raw.readinto(buffer)
        if n:
            self._callback(n)
        return n

    def close(self) -> None:
        self._raw.close()
        super().close()


def open_input(path: str | Path, progress: Callable[[int], None] | None = None) -> BinaryIO:
    """Open a file for a reader: binary, decompressed when it starts with the gzip or xz magic, counting bytes read.

    ``progress`` is called with the number of (compressed) bytes read from the file each time more is read.
    """
    raw = open(path, "rb", buffering=0)  # closed with the stream returned
    stream = io.BufferedReader(_Counting(raw, progress) if progress else raw)
    head = stream.peek(6)[:6]
    if head.startswith(GZIP_MAGIC):
        import gzip

        return io.BufferedReader(gzip.GzipFile(fileobj=stream, mode="rb"))  # type: ignore[return-value]
    if head == XZ_MAGIC:
        import lzma

        return io.BufferedReader(lzma.LZMAFile(stream, mode="rb"))  # type: ignore[return-value]
    return stream


def read(
    path: str | Path,
    fmt: str | None = None,
    stats: ReadStats | None = None,
    progress: Callable[[int], None] | None = None,
    **options,
) -> Iterator[Segment | Term]:
    """Stream the units of the file at ``path``; what is skipped is recorded on ``stats``.

    Errors in the file raise ``FormatError`` naming the file and line; so do gzip and OS errors while reading.
    """
    import gzip
    import lzma
    import zlib

    name = format_for(path, fmt)
    reader = module(name).read
    try:
        if os.path.getsize(path) == 0:
            raise FormatError(path, "the file is empty (0 bytes)")
    except OSError as e:
        raise FormatError(path, e.strerror or str(e)) from None
    if name == "csv":
        options.setdefault("dialect", "csv")
    try:
        with open_input(path, progress) as stream:
            yield from reader(stream, stats, path=str(path), **options)
    except (gzip.BadGzipFile, zlib.error) as e:
        raise FormatError(path, f"not a readable gzip file ({e})") from None
    except EOFError as e:  # gzip and xz alike: a file cut short
        with open(path, "rb") as f:
            kind = "xz" if f.read(6) == XZ_MAGIC else "gzip"
        raise FormatError(path, f"not a readable {kind} file ({e})") from None
    except lzma.LZMAError as e:
        raise FormatError(path, f"not a readable xz file ({e})") from None
    except OSError as e:
        raise FormatError(path, e.strerror or str(e)) from None


def export(
    units: Iterable[Segment | Term],
    path: str | Path,
    fmt: str,
    on_warning: Callable[[str], None] | None = None,
    **options,
) -> int:
    """Write units to ``path`` (``-`` for stdout) in format ``fmt``; returns how many were written.

    A file is written to a temporary name beside it and renamed into place, so a failed export never leaves a
    half-written file, and an existing file is replaced only by a complete one.
    """
    writer = module(fmt).write
    if fmt == "csv":
        options.setdefault("dialect", "csv")
    return write_output(path, lambda out: writer(units, out, on_warning=on_warning, **options))


def export_rows(
    rows: Iterable[tuple], path: str | Path, fmt: str, on_warning: Callable[[str], None] | None = None, **options
) -> int:
    """Write rows of the format's ``COLUMNS``, text as UTF-8 bytes (``queries.iter_rows(..., utf8=True)``), to
    ``path`` as ``export`` writes units."""
    writer = module(fmt).write_rows
    if fmt == "csv":
        options.setdefault("dialect", "csv")
    return write_output(path, lambda out: writer(rows, out, on_warning=on_warning, **options))


def write_output(path: str | Path, write: Callable[[BinaryIO], int]) -> int:
    """Call ``write`` with a binary stream for ``path`` (``-``: standard output) and return what it returns.

    A file is written to a temporary name beside it and renamed into place, so a failure never leaves a
    half-written file, and an existing file is replaced only by a complete one.
    """
    if str(path) == "-":
        return write(sys.stdout.buffer)
    path = Path(path)
    if path.is_dir():
        raise InputError(f"{path} is a directory")
    if not path.parent.exists():
        raise InputError(f"{path.parent} does not exist")
    import tempfile

    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as e:
        raise InputError(f"cannot write {path}: {e.strerror or e}") from None
    try:
        with os.fdopen(fd, "wb") as out:
            count = write(out)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as e:
        os.unlink(tmp)
        if isinstance(e, OSError):  # the disk full, the folder gone (the readers say their own errors)
            raise InputError(f"cannot write {path}: {e.strerror or e}") from None
        raise
    return count
