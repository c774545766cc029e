"""module for reading line-aligned parallel text: a Korean and an English file, one sentence a line (FLORES, NTREX)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from kotm.errors import FormatError
from kotm.formats import ReadStats, accept, open_input
from kotm.formats.tsv import _lines
from kotm.text import nfc
from kotm.text import source_lang as check_lang
from kotm.units import Segment


def count_lines(path: str | Path) -> int:
    """The number of lines of a (possibly compressed) text file; a last line without its line feed counts."""
    count, last = 0, b"\n"
    with open_input(path) as stream:
        while chunk := stream.read(1 << 20):
            count += chunk.count(b"\n")
            last = chunk[-1:]
    return count + (last != b"\n")


def read_pair(
    ko_path: str | Path,
    en_path: str | Path,
    stats: ReadStats | None = None,
    progress: Callable[[int], None] | None = None,
    *,
    source_lang: str = "ko",
) -> Iterator[Segment]:
    """Stream the Segments of two line-aligned files: line n of ``ko_path`` is the Korean of line n of ``en_path``.

    Files with different numbers of lines are refused before anything is read, with a ``FormatError`` naming both
    counts: an alignment shifted by one line would pair every sentence after it with the wrong one. Lines are taken as
    they are (only the line end is removed) and normalised to NFC; a pair with an empty side or Korean without Hangul
    is skipped and counted on ``stats``, as every reader does. ``.gz`` and ``.xz`` files are read (by their magic).

    :param source_lang: the language the corpus was translated from, ``"ko"`` (the default) or ``"en"`` (FLORES and
        NTREX were translated from English): a line-aligned file does not say.
    :param progress: called with the number of bytes read from either file.

    >>> units = read_pair("flores200-devtest.ko", "flores200-devtest.en", source_lang="en")  # doctest: +SKIP
    """
    check_lang(source_lang)
    try:
        ko_count, en_count = count_lines(ko_path), count_lines(en_path)
    except OSError as e:
        raise FormatError(getattr(e, "filename", None) or ko_path, e.strerror or str(e)) from None
    if ko_count != en_count:
        raise FormatError(
            ko_path,
            f"{ko_count} lines, but {en_path} has {en_count}: line-aligned files must have as many lines",
        )
    with open_input(ko_path, progress) as ko_stream, open_input(en_path, progress) as en_stream:
        ko_lines, en_lines = _lines(ko_stream, str(ko_path)), _lines(en_stream, str(en_path))
        for n, (ko, en) in enumerate(zip(ko_lines, en_lines, strict=True), start=1):
            ko = nfc(ko.rstrip("\r\n"))
            en = nfc(en.rstrip("\r\n"))
            if accept(stats, ko, en, n):
                yield Segment(ko, en, source_lang=source_lang)
