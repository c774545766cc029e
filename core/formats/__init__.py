"""module that picks a format by file extension and writes files atomically.

Each format is a module with ``write(units, out, **options) -> int`` (and, where supported, a streaming
``read(source) -> Iterator[unit]``); modules are imported on demand so that lxml and polib load only when used.
"""

from __future__ import annotations

import importlib
import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType

from kotm.errors import InputError
from kotm.units import Segment, Term

FORMATS = {"tmx": "kotm.formats.tmx", "po": "kotm.formats.po"}
EXTENSIONS = {".tmx": "tmx", ".po": "po", ".pot": "po"}


def format_for(path: str | Path, explicit: str | None = None) -> str:
    """The format name for a path, from ``explicit`` or the extension.

    >>> format_for("out/statement.ko-en.TMX")
    'tmx'
    """
    if explicit:
        if explicit not in FORMATS:
            raise InputError(f"unknown format {explicit!r} (choose from {', '.join(FORMATS)})")
        return explicit
    suffix = Path(str(path)).suffix.lower()
    if suffix not in EXTENSIONS:
        raise InputError(f"cannot tell the format of {path!s} from its extension; use --format ({', '.join(FORMATS)})")
    return EXTENSIONS[suffix]


def module(name: str) -> ModuleType:
    return importlib.import_module(FORMATS[name])


def export(units: Iterable[Segment | Term], path: str | Path, fmt: str, **options) -> int:
    """Write units to ``path`` (``-`` for stdout) in format ``fmt``; returns how many were written.

    A file is written to a temporary name beside it and renamed into place, so a failed export never leaves a
    half-written file, and an existing file is replaced only by a complete one.
    """
    writer = module(fmt).write
    if str(path) == "-":
        return writer(units, sys.stdout.buffer, **options)
    path = Path(path)
    if path.is_dir():
        raise InputError(f"{path} is a directory")
    if not path.parent.exists():
        raise InputError(f"{path.parent} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            count = writer(units, out, **options)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
    return count
