"""module that imports interchange files into the store: the readers' units in, one transaction, a report out."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kotm.formats import TERM_FORMATS, ReadStats, format_for, read
from kotm.units import Segment, Term

if TYPE_CHECKING:
    import sqlite_utils


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
    return Term(
        unit.ko,
        unit.en,
        domain=unit.domain,
        note=unit.note,
        source=unit.source,
        creator=unit.creator,
        created=unit.created,
        changed=unit.changed,
        props=unit.props,
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
    **options,
) -> ImportReport:
    """Import files in one transaction: if any file fails, the database is left exactly as it was.

    Segments go to the translation memory; with ``terms`` (and always for TBX) units go to the glossary. A unit's
    source is ``source`` if given, else the one the file records, else the file's name. With ``dry_run`` the files
    are read and counted but nothing is written. Reader options (``korean`` for PO) pass through ``options``.

    :param progress: called with the number of bytes read from a file each time more is read.
    """
    from kotm.history import change
    from kotm.store import add_segments, add_terms

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
                units = _with_source(
                    read(path, name, file.stats, progress, **reader_options),
                    path.name,
                    source,
                )
                if kind == "terms":
                    result = add_terms(db, (as_term(u) for u in units))
                else:
                    result = add_segments(db, units)  # type: ignore[arg-type]
                file.added, file.existing = len(result.added), len(result.existing)
            if dry_run:
                raise _RollBack
    except _RollBack:
        pass
    return report
