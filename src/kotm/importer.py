"""module that imports interchange files into the store: the readers' units in, one transaction, a report out."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kotm.errors import KotmError
from kotm.formats import TERM_FORMATS, ReadStats, format_for, read
from kotm.units import Segment, Term

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    import sqlite_utils

    from kotm.store import Batch

# Segment files from this size on are read in a second process, which parses them and computes the index keys
# while this one writes: two cores instead of one (see benchmarks/RESULTS.md). Smaller ones are read here.
READ_APART_FROM = 2 << 20  # bytes


@dataclass
class FileReport:
    """What one file gave: units read, added, already stored, and skipped by reason."""

    path: str
    format: str
    kind: str  # "segments" or "terms"
    stats: ReadStats = field(default_factory=ReadStats)
    added: int = 0
    existing: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "format": self.format,
            "kind": self.kind,
            "read": self.stats.units,
            "added": self.added,
            "existing": self.existing,
            "skipped": sum(self.stats.skipped.values()),
            "reasons": [
                {"reason": r, "count": n, "first_line": self.stats.first_line.get(r)}
                for r, n in sorted(self.stats.skipped.items(), key=lambda t: (-t[1], t[0]))
            ],
        }


@dataclass
class ImportReport:
    files: list[FileReport] = field(default_factory=list)
    dry_run: bool = False

    def to_dict(self) -> dict[str, Any]:
        files = [f.to_dict() for f in self.files]
        totals = {k: sum(f[k] for f in files) for k in ("read", "added", "existing", "skipped")}
        return {"dry_run": self.dry_run, "files": files, "totals": totals}


class _RollBack(Exception):
    """Raised at the end of a dry run to undo everything it wrote."""


def as_term(unit: Segment | Term) -> Term:
    if isinstance(unit, Term):
        return unit
    props = dict(unit.props)
    status = props.pop("status", "")  # a TSV/CSV glossary's status column (formats.tsv.read)
    return Term(
        unit.ko,
        unit.en,
        domain=unit.domain,
        note=unit.note,
        source=unit.source,
        creator=unit.creator,
        created=unit.created,
        changed=unit.changed,
        props=props,
        status=status,
    )


def _with_source(units: Iterable, name: str, override: str | None) -> Iterator:
    from dataclasses import replace

    for unit in units:
        if override is not None or not unit.source:
            unit = replace(unit, source=override if override is not None else name)
        yield unit


def import_files(
    db: sqlite_utils.Database,
    paths: Iterable[str | Path],
    *,
    fmt: str | None = None,
    terms: bool = False,
    source: str | None = None,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
    indexing: Callable[[str], None] | None = None,
    **options,
) -> ImportReport:
    """Import files in one transaction: if any file fails, the database is left exactly as it was.

    Segments go to the translation memory; with ``terms`` (and always for TBX) units go to the glossary. A unit's
    source is ``source`` if given, else the one the file records, else the file's name. With ``dry_run`` the files
    are read and counted but nothing is written. Reader options (``korean`` for PO) pass through ``options``.

    :param progress: called with the number of bytes read from a file each time more is read.
    :param indexing: called with a segment file's path once all its units are read and written, when what is left
        is finishing its indexes (for a big file: merging them and counting the keys, 15–20 s at 1M segments).
    """
    from kotm.changelog import change
    from kotm.clock import now
    from kotm.store import add_prepared, add_terms, prepared, segment_rows

    report = ImportReport(dry_run=dry_run)
    paths = [Path(p) for p in paths]
    names = [format_for(p, fmt) for p in paths]  # fail on an unknown extension before reading anything
    # One change in the history (one `kotm undo` reverts the whole import), in one write transaction. A dry run is
    # the same import, rolled back at the end: its counts of what would be added and what is already stored are real.
    try:
        with change(db, "import", label=", ".join(p.name for p in paths)):
            for path, name in zip(paths, names, strict=True):
                kind = "terms" if terms or name in TERM_FORMATS else "segments"
                file = FileReport(str(path), name, kind)
                report.files.append(file)
                reader_options = {k: v for k, v in options.items() if v is not None and name == "po"}
                if kind == "terms":
                    units = _with_source(read(path, name, file.stats, progress, **reader_options), path.name, source)
                    result = add_terms(db, (as_term(u) for u in units))
                elif _size(path) >= READ_APART_FROM:
                    bulk = _is_bulk(db, path)
                    batches = _read_apart(path, name, file.stats, progress, source, reader_options, now(), not bulk)
                    result = add_prepared(db, "segments", _then(batches, indexing, path), recount=bulk, ids=False)
                else:
                    units = read(path, name, file.stats, progress, **reader_options)
                    rows = segment_rows(units, now(), source=source, fallback_source=path.name)
                    batches = _then(prepared("segments", rows), indexing, path)
                    result = add_prepared(db, "segments", batches, ids=False)
                file.added, file.existing = result.n_added, result.n_existing
            if dry_run:
                raise _RollBack
    except _RollBack:
        pass
    return report


def _then(batches: Iterable[Batch], call: Callable[[str], None] | None, path: Path) -> Iterator[Batch]:
    """The batches, then ``call(path)`` once the last has been taken (and written)."""
    yield from batches
    if call is not None:
        call(str(path))


def _is_bulk(db: sqlite_utils.Database, path: Path) -> bool:
    """True for a file bigger than the memory it goes into (at a generous 2 kB per unit): its index keys are then
    counted from the indexes at the end, rather than row by row."""
    from kotm.queries import id_bound

    return _size(path) // 2048 >= id_bound(db)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # read() reports it


def _read_apart(
    path: Path,
    name: str,
    stats: ReadStats,
    progress: Callable[[int], None] | None,
    source: str | None,
    options: dict,
    stamp: str,
    tally: bool,
) -> Iterator[Batch]:
    """The prepared batches of a segment file, read in a second process while this one writes the batches before.

    The reader's errors (FormatError with file and line) are raised here, where the import's transaction rolls
    back; its counts go to ``stats`` at the end. One batch is in the pipe at a time, so memory stays flat.
    """
    import multiprocessing

    # fork starts at once and shares the loaded modules; elsewhere a fresh interpreter imports kotm.
    ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    receiver, sender = ctx.Pipe(duplex=False)
    args = (receiver, sender, str(path), name, source, options, stamp, tally)
    reader = ctx.Process(target=_read_and_prepare, args=args, daemon=True)
    reader.start()
    sender.close()  # the reader's end: if the reader dies, recv() then raises EOFError instead of waiting
    try:
        while True:
            try:
                kind, payload, read_bytes = receiver.recv()
            except EOFError:
                reader.join()
                raise KotmError(
                    f"{path}: the process reading it stopped unexpectedly (exit code {reader.exitcode})"
                ) from None
            if read_bytes and progress is not None:
                progress(read_bytes)
            if kind == "batch":
                yield payload
            elif kind == "done":
                stats.merge(payload)
                return
            else:
                raise payload
    finally:
        receiver.close()
        if reader.is_alive():
            reader.kill()
        reader.join()


def _read_and_prepare(
    receiver: Connection,
    sender: Connection,
    path: str,
    name: str,
    source: str | None,
    options: dict,
    stamp: str,
    tally: bool,
) -> None:
    """In the reading process: parse the file, make the rows and their index keys, and send them in batches."""
    import signal

    from kotm.store import prepared, segment_rows

    # Only the writing process holds the pipe's reading end: if it dies (killed, or Ctrl-C), the next send fails
    # and this process ends instead of waiting for a reader that is gone. Ctrl-C is the writer's to handle.
    receiver.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    stats = ReadStats()
    read_bytes = 0

    def progress(n: int) -> None:
        nonlocal read_bytes
        read_bytes += n

    try:
        units = read(path, name, stats, progress, **options)
        rows = segment_rows(units, stamp, source=source, fallback_source=os.path.basename(path))
        for batch in prepared("segments", rows, tally=tally):
            sender.send(("batch", batch, read_bytes))
            read_bytes = 0
        sender.send(("done", stats, read_bytes))
    except Exception as e:  # every error goes to the writing process, which reports it
        import pickle

        try:
            pickle.dumps(e)
        except Exception:
            e = KotmError(f"{path}: {type(e).__name__}: {e}")
        try:
            sender.send(("error", e, 0))
        except OSError:  # the writing process is gone
            pass
    finally:
        sender.close()
