"""module that imports interchange files into the store: the readers' units in, one transaction, a report out."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kotm.errors import InputError, KotmError
from kotm.formats import TERM_FORMATS, ReadStats, format_for, read
from kotm.text import source_lang as check_lang
from kotm.units import Segment, Term

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    import sqlite_utils

    from kotm.store import Batch

# A test hook, for the tests of Ctrl-C (tests/test_interrupt.py): when set to a phase of the import ("read": a first
# batch is read, "write": it is written, "index": every unit is written and the indexes are being finished, "commit":
# the transaction has just been committed), the import sends this process SIGINT there, as a Ctrl-C would.
INTERRUPT_AT = "KOTM_TEST_INTERRUPT_AT"

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
    note: str = ""  # what the import decided for the file that the user should know (an OmegaT glossary …)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "format": self.format,
            "kind": self.kind,
            "read": self.stats.units,
            "added": self.added,
            "existing": self.existing,
            "skipped": sum(self.stats.skipped.values()),
            "note": self.note,
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
        source_lang=unit.source_lang,
        status=status,
    )


def _with_source(units: Iterable, name: str, override: str | None) -> Iterator:
    from dataclasses import replace

    for unit in units:
        if override is not None or not unit.source:
            unit = replace(unit, source=override if override is not None else name)
        yield unit


def _with_lang(units: Iterable, source_lang: str | None) -> Iterator:
    """The units, with ``source_lang`` as every unit's source language if given."""
    if source_lang is None:
        yield from units
        return
    from dataclasses import replace

    for unit in units:
        yield unit if unit.source_lang == source_lang else replace(unit, source_lang=source_lang)


# The reader options each format takes, by the name the import is given them.
READER_OPTIONS = {
    "po": ("korean", "include_fuzzy"),
    "tsv": ("skip_bad_rows",),
    "csv": ("skip_bad_rows",),
    "xliff": ("states",),
}
OMEGAT_GLOSSARY_NOTE = "an OmegaT glossary: imported into the glossary (--into segments imports it as segments)"


def import_files(
    db: sqlite_utils.Database,
    paths: Iterable[str | Path],
    *,
    fmt: str | None = None,
    terms: bool = False,
    into: str | None = None,
    source: str | None = None,
    source_lang: str | None = None,
    pairs: Iterable[tuple[str | Path, str | Path]] = (),
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
    indexing: Callable[[str], None] | None = None,
    **options,
) -> ImportReport:
    """Import files in one transaction: if any file fails, the database is left exactly as it was.

    Segments go to the translation memory, and glossaries to the glossary: TBX files, and files that say they are
    OmegaT glossaries (``formats.tsv.is_glossary``: the report's note says so). ``into`` (``"segments"`` or
    ``"terms"``; ``terms=True`` is ``into="terms"``) sends every file to one of them. ``pairs`` are line-aligned
    plain-text files, a Korean and an English one each (``formats.plain.read_pair``), imported as segments. A unit's
    source is ``source`` if given, else the one the file records, else the file's name; its source language is
    ``source_lang`` if given, else what the file says. With ``dry_run`` the files are read and counted but nothing
    is written. Reader options pass through ``options`` to the formats that take them (``READER_OPTIONS``: ``korean``
    and ``include_fuzzy`` for PO, ``skip_bad_rows`` for TSV and CSV, ``states`` for XLIFF: the states to take, see
    ``formats.xliff``).

    :param progress: called with the number of bytes read from a file each time more is read.
    :param indexing: called with a segment file's path once all its units are read and written, when what is left
        is finishing its indexes (for a big file: merging them and counting the keys, 15–20 s at 1M segments).
    """
    from kotm.changelog import change
    from kotm.clock import now
    from kotm.formats.plain import read_pair
    from kotm.formats.tsv import is_glossary
    from kotm.store import add_prepared, add_terms, prepared, segment_rows

    if terms:
        into = "terms"
    if into not in (None, "segments", "terms"):
        raise InputError(f"import into segments or terms, not {into!r}")
    if source_lang is not None:
        check_lang(source_lang)
    if options.get("states") is not None:  # an unknown state name fails before anything is read
        from kotm.formats.xliff import parse_states

        options["states"] = parse_states(options["states"])
    report = ImportReport(dry_run=dry_run)
    paths = [Path(p) for p in paths]
    pairs = [(Path(ko), Path(en)) for ko, en in pairs]
    names = [format_for(p, fmt) for p in paths]  # fail on an unknown extension before reading anything
    label = ", ".join([p.name for p in paths] + [f"{ko.name}+{en.name}" for ko, en in pairs])
    # One change in the history (one `kotm undo` reverts the whole import), in one write transaction. A dry run is
    # the same import, rolled back at the end: its counts of what would be added and what is already stored are real.
    try:
        with change(db, "import", label=label):
            for path, name in zip(paths, names, strict=True):
                kind = into or ("terms" if name in TERM_FORMATS else "segments")
                file = FileReport(str(path), name, kind)
                if into is None and name in ("tsv", "csv") and is_glossary(path):
                    file.kind, kind, file.note = "terms", "terms", OMEGAT_GLOSSARY_NOTE
                file.stats.glossary = kind == "terms"
                report.files.append(file)
                accepted = READER_OPTIONS.get(name, ())
                reader_options = {k: v for k, v in options.items() if v is not None and k in accepted}
                if kind == "terms":
                    units = read(path, name, file.stats, progress, **reader_options)
                    units = _with_lang(_with_source(units, path.name, source), source_lang)
                    result = add_terms(db, (as_term(u) for u in units))
                elif _size(path) >= READ_APART_FROM:
                    bulk = _is_bulk(db, path)
                    batches = _read_apart(
                        path, name, file.stats, progress, source, source_lang, reader_options, now(), not bulk
                    )
                    result = add_prepared(db, "segments", _then(batches, indexing, path), recount=bulk, ids=False)
                else:
                    units = _with_lang(read(path, name, file.stats, progress, **reader_options), source_lang)
                    rows = segment_rows(units, now(), source=source, fallback_source=path.name)
                    batches = _then(prepared("segments", rows), indexing, path)
                    result = add_prepared(db, "segments", batches, ids=False)
                file.added, file.existing = result.n_added, result.n_existing
            for ko, en in pairs:
                file = FileReport(f"{ko}+{en}", "pair", "segments")
                report.files.append(file)
                units = read_pair(ko, en, file.stats, progress, source_lang=source_lang or "ko")
                rows = segment_rows(units, now(), source=source, fallback_source=f"{ko.name}+{en.name}")
                result = add_prepared(db, "segments", _then(prepared("segments", rows), indexing, ko), ids=False)
                file.added, file.existing = result.n_added, result.n_existing
            if dry_run:
                raise _RollBack
        _phase("commit")
    except _RollBack:
        pass
    return report


def _phase(name: str) -> None:
    """The test hook (see INTERRUPT_AT): SIGINT to this process when the import reaches the phase named."""
    if os.environ.get(INTERRUPT_AT) == name:
        import signal

        os.kill(os.getpid(), signal.SIGINT)


def _then(batches: Iterable[Batch], call: Callable[[str], None] | None, path: Path) -> Iterator[Batch]:
    """The batches, then ``call(path)`` once the last has been taken (and written)."""
    for n, batch in enumerate(batches):
        if n == 0:
            _phase("read")
        elif n == 1:
            _phase("write")  # the first batch is written
        yield batch
    if call is not None:
        call(str(path))
    _phase("index")


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
    source_lang: str | None,
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
    args = (receiver, sender, str(path), name, source, source_lang, options, stamp, tally)
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
    source_lang: str | None,
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
        units = _with_lang(read(path, name, stats, progress, **options), source_lang)
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
