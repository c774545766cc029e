"""module for the exceptions kotm raises: each carries one line a translator can act on."""

from __future__ import annotations

from pathlib import Path


class KotmError(Exception):
    """Base class: the CLI prints ``Error: <message>`` and exits 1."""


class InputError(KotmError):
    """Text or arguments that kotm cannot accept (empty, no Hangul on the Korean side …)."""


class NotFound(KotmError):
    """An id, file or entry that does not exist."""


class Busy(KotmError):
    """The database stayed locked by another writer for longer than kotm waits (a web service answers 503)."""


class FormatError(KotmError):
    """A file that cannot be read or written in its format.

    >>> str(FormatError("bad.tmx", "<tu> has no <tuv xml:lang=\\"ko\\">", line=9001))
    'bad.tmx:9001: <tu> has no <tuv xml:lang="ko">'
    """

    def __init__(self, path: str | Path | None, message: str, line: int | None = None):
        self.path = str(path) if path is not None else None
        self.line = line
        self.message = message
        where = self.path or "<input>"
        if line is not None:
            where = f"{where}:{line}"
        super().__init__(f"{where}: {message}")

    def __reduce__(self):  # pickled whole, so an import's reading process can pass it on
        return (FormatError, (self.path, self.message, self.line))
