"""module for kotm's use cases: every user action is one call here, with plain arguments in and plain results out.

The CLI (``kotm.cli``), and any other front end (a web service, a QA checker), calls these and nothing below them:
each parses its input, makes one call, and renders what comes back. Results are the library's own records and
reports, each with ``to_dict()`` for JSON. Every function takes the database handle that ``open_or_create`` (or
``open_existing``) returns; front ends pass it along and never look inside.

This module imports nothing heavy at the top, so that ``kotm --help`` stays fast: each use case imports what it
needs when it runs.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kotm.errors import InputError, KotmError

# Re-exported: front ends name the formats (choices of --format) and the formats that always hold terms.
from kotm.formats import FORMATS as FORMATS
from kotm.formats import TERM_FORMATS as TERM_FORMATS
from kotm.text import parse_since as parse_since  # re-exported: front ends read --since with it
from kotm.text import source_lang as check_lang

if TYPE_CHECKING:
    import sqlite_utils

    from kotm.changelog import Change, RowChange
    from kotm.glossary.lookup import TermHit
    from kotm.glossary.recognize import Found
    from kotm.importer import ImportReport
    from kotm.tm.align import AlignResult
    from kotm.tm.analysis import AnalysisReport
    from kotm.tm.concordance import SearchResult
    from kotm.tm.curate import DedupeReport
    from kotm.tm.fuzzy import Match
    from kotm.units import Segment, Term

    Database = sqlite_utils.Database

SEGMENTS, TERMS = "segments", "terms"


# ---- the database


def open_existing(path: str | Path) -> Database:
    """Open the kotm database at ``path`` (created empty if the file does not exist), every migration applied."""
    from kotm.store import open_db

    return open_db(path)


def open_or_create(path: str | Path, on_create: Callable[[Created], None] | None = None) -> Database:
    """Open the database at ``path``; one that does not exist yet is created with the built-in corpus.

    :param on_create: called with what was created when this call made the database, so that a front end can say
        so (a mistyped path otherwise gives a new database without a word).
    """
    path = Path(path)
    if not path.exists():
        try:
            created = create(path)
        except KotmError:
            if not path.exists():
                raise
            # another process created it at the same moment: use that one
        else:
            if on_create is not None:
                on_create(created)
    return open_existing(path)


@dataclass(frozen=True, slots=True)
class Created:
    """What ``create`` put in a new database."""

    path: str
    segments: int
    terms: int

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "segments": self.segments, "terms": self.terms}


def load_builtin(db: Database) -> tuple[int, int]:
    """Load the built-in segments and terms into ``db`` in one change; returns (segments, terms) added."""
    from kotm import builtin, changelog, store

    with changelog.change(db, "add", label=f"built-in corpus {builtin.SOURCE}"):
        segs = store.add_segments(db, builtin.segments())
        terms_ = store.add_terms(db, builtin.terms())
    return len(segs.added), len(terms_.added)


def create(path: str | Path, empty: bool = False, force: bool = False) -> Created:
    """Create the database at ``path`` (with the built-in corpus unless ``empty``).

    An existing database that holds data is an error unless ``force``: then a new database is built beside it and
    renamed over it once complete, so a failure leaves the old one as it was.
    """
    import tempfile

    from kotm import queries

    path = Path(path)
    if force and path.exists() and (not os.access(path, os.W_OK) or not path.stat().st_mode & 0o222):
        # Replacing is a rename in the folder, which a read-only file does not stop: refuse, as a write is refused.
        # The mode is read too: for root, os.access says every file is writable.
        raise KotmError(f"cannot replace {path}: the file is read-only")
    if path.exists() and not force:
        db = open_existing(path)
        try:
            segs, terms_ = queries.count(db, SEGMENTS), queries.count(db, TERMS)
            if segs or terms_:
                raise KotmError(f"{path} already holds {segs} segments and {terms_} terms; use --force to replace it")
            if not empty:
                segs, terms_ = load_builtin(db)
        finally:
            db.close()
        return Created(str(path), segs, terms_)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".new", dir=path.parent)
    except OSError as e:
        raise KotmError(f"cannot create {path}: {e.strerror or e}") from None
    os.close(fd)
    tmp = Path(name)
    try:
        db = open_existing(tmp)
        segs, terms_ = (0, 0) if empty else load_builtin(db)
        db.close()
    except BaseException:
        for partial in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            partial.unlink(missing_ok=True)
        raise
    # A write-ahead log left beside the old file would be replayed into the new one: remove it first.
    if force or not path.exists():
        for stale in (Path(f"{path}-wal"), Path(f"{path}-shm")):
            stale.unlink(missing_ok=True)
    if force:
        os.replace(tmp, path)
        return Created(str(path), segs, terms_)
    # Without force, only put the file in place if there is none: a rename would replace a database that another
    # process created meanwhile and is already writing to, and its writes would go to a deleted file.
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise KotmError(f"{path} was created by another process meanwhile; run the command again") from None
    except OSError:  # a file system without hard links
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return Created(str(path), segs, terms_)


# ---- who is acting


def current_user() -> str:
    """Who is making changes: the name set with ``acting_as``, else $KOTM_USER, else the login name."""
    from kotm.changelog import current_user as user

    return user()


@contextmanager
def acting_as(user: str | None) -> Iterator[None]:
    """Record the changes made inside the block under ``user`` (None: the default, see ``current_user``)."""
    from kotm.changelog import acting_as as acting

    with acting(user):
        yield


# ---- look-ups


def search(
    db: Database,
    query: str,
    lang: str | None = None,
    limit: int | None = 20,
    source: str | None = None,
    *,
    domains: Collection[str] | None = None,
    sources: Collection[str] | None = None,
) -> SearchResult:
    """Concordance: the segments that contain ``query``, best first (``kotm.tm.concordance.search``); only those of
    ``domains`` and ``sources`` (and ``source``) if given. When nothing is found, ``suggestions`` holds the nearest
    words the memory holds."""
    from kotm.tm.concordance import search as run

    return run(db, query, lang=lang, limit=limit, source=source, domains=domains, sources=sources)


def term(
    db: Database,
    query: str,
    lang: str | None = None,
    limit: int | None = None,
    *,
    domains: Collection[str] | None = None,
    sources: Collection[str] | None = None,
) -> list[TermHit]:
    """Glossary look-up in either language, best first (``kotm.glossary.lookup.lookup``); only terms of ``domains``
    and ``sources`` if given."""
    from kotm.glossary.lookup import lookup

    return lookup(db, query, lang=lang, limit=limit, domains=domains, sources=sources)


def scan(
    db: Database,
    text: str,
    lang: str | None = None,
    *,
    domains: Collection[str] | None = None,
    sources: Collection[str] | None = None,
) -> list[Found]:
    """The glossary terms that occur in ``text`` (``kotm.glossary.recognize.scan``); only terms of ``domains`` and
    ``sources`` if given."""
    from kotm.glossary.recognize import scan as run

    if not text.strip():
        raise InputError("the text to scan is empty")
    return run(db, text, lang=lang, domains=domains, sources=sources)


@dataclass(frozen=True, slots=True)
class MatchResult:
    """A fuzzy look-up: the stored segments most similar to ``text``, and the glossary terms found in it."""

    text: str
    matches: list[Match]
    terms: list[Found]
    min_score: float

    def to_dict(self) -> dict[str, Any]:
        return {"matches": [m.to_dict() for m in self.matches], "terms": [t.to_dict() for t in self.terms]}


def match(
    db: Database,
    text: str,
    lang: str | None = None,
    min_score: float = 70,
    limit: int | None = 5,
    *,
    domains: Collection[str] | None = None,
    sources: Collection[str] | None = None,
) -> MatchResult:
    """Fuzzy TM look-up of ``text`` with the glossary terms beside it: what a translator sees for one segment. A
    scope (``domains``, ``sources``) restricts both the segments matched and the terms listed."""
    from kotm.glossary.recognize import scan as recognize
    from kotm.tm.fuzzy import match as run

    scope = {"domains": domains, "sources": sources}
    matches = run(db, text, lang=lang, min_score=min_score, limit=limit, **scope)
    return MatchResult(text, matches, recognize(db, text, lang=lang, **scope), min_score)


# ---- writes


@dataclass(frozen=True, slots=True)
class Added:
    """What an add did: the id of the entry, and whether it was already stored (nothing added then)."""

    table: str
    id: int
    existed: bool
    change: int | None

    def to_dict(self) -> dict[str, Any]:
        return {"table": self.table, "id": self.id, "existed": self.existed, "change": self.change}


def _added(table: str, result) -> Added:
    if result.added:
        return Added(table, result.added[0], False, result.change)
    return Added(table, result.existing[0], True, None)


def add_segment(
    db: Database, ko: str, en: str, *, source: str = "", domain: str = "", note: str = "", source_lang: str = "ko"
) -> Added:
    """Add an aligned pair, translated from ``source_lang`` ("ko" or "en"); a pair already stored (spacing and
    Unicode form aside) is not added again."""
    from kotm.store import add_segments
    from kotm.units import Segment

    unit = Segment(ko, en, source=source, domain=domain, note=note, creator=current_user(), source_lang=source_lang)
    return _added(SEGMENTS, add_segments(db, [unit]))


def add_term(
    db: Database,
    ko: str,
    en: str,
    *,
    source: str = "",
    domain: str = "",
    note: str = "",
    source_lang: str = "ko",
    status: str = "",
) -> Added:
    """Add one English rendering of a Korean glossary term; a pair already stored is not added again.

    :param status: preferred, admitted, deprecated or forbidden (TBX administrativeStatus), or "" (not said)
    """
    from kotm.store import add_terms
    from kotm.units import Term

    unit = Term(
        ko, en, domain=domain, note=note, source=source, creator=current_user(), source_lang=source_lang, status=status
    )
    return _added(TERMS, add_terms(db, [unit]))


def edit(
    db: Database, table: str, unit_id: int, on_warning: Callable[[str], None] | None = None, **values: str | None
) -> int | None:
    """Change a segment's or term's ``ko``, ``en``, ``note``, ``domain`` or ``source``, or a term's ``status``
    (None leaves a field alone). Returns the change id, or None when the values are already so.

    :param on_warning: told when the edit makes the entry a near duplicate of another (Korean that differs only in
        spacing, English only in case or punctuation: see ``dedupe``).
    """
    from kotm.store import edit_segment, edit_term

    change = (edit_term if table == TERMS else edit_segment)(db, unit_id, **values)
    if change is not None and on_warning is not None and (values.get("ko") is not None or values.get("en") is not None):
        for other in _near_duplicates(db, table, unit_id):
            one = "term" if table == TERMS else "segment"
            on_warning(
                f"{one} {unit_id} is now a near duplicate of {one} {other.id} ({other.ko} / {other.en}); "
                "`kotm dedupe` lists such pairs"
            )
    return change


def _near_duplicates(db: Database, table: str, unit_id: int) -> list:
    """Stored units that are near duplicates of unit ``unit_id``: found among its fuzzy matches (segments) or look-up
    hits (terms), whose Hangul keys ignore spacing."""
    from kotm.queries import get_units
    from kotm.tm.curate import near_duplicates

    unit = get_units(db, table, [unit_id])[unit_id]
    if table == TERMS:
        candidates = [h.term for h in term(db, unit.ko)]
    else:
        from kotm.tm.fuzzy import match as fuzzy

        candidates = [m.segment for m in fuzzy(db, unit.ko, lang="ko", min_score=60, limit=50)]
    return near_duplicates(unit, candidates)


def select(db: Database, table: str, source: str | None = None, query: str | None = None) -> list[int]:
    """The ids a bulk delete takes, oldest first: every entry from ``source`` and/or that search (segments) or
    term look-up (terms) finds for ``query``."""
    if query is None:
        from kotm.queries import select_ids

        return select_ids(db, table, source=source)
    if table == TERMS:
        found = [h.term for h in term(db, query)]
    else:
        found = [h.segment for h in search(db, query, limit=None, source=source).hits]
    return sorted(u.id for u in found if source is None or u.source == source)


def delete(db: Database, table: str, ids: Iterable[int]) -> int | None:
    """Delete segments or terms by id in one change; NotFound (and nothing deleted) for an id that does not exist."""
    from kotm.store import delete as run

    return run(db, table, ids)


def dedupe(
    db: Database, table: str = SEGMENTS, dry_run: bool = False, near: bool = False, review: bool = True
) -> DedupeReport:
    """Merge duplicate segments or terms (``kotm.tm.curate.find_duplicates``) in one change, which ``undo`` reverts.

    Exact duplicates (same text after NFC, spacing and full-width forms) are merged. Near duplicates (Korean that
    differs in spacing only, English in case or punctuation only: "OK" / "Ok" are distinct strings in a UI memory)
    are listed in ``report.review`` and merged only with ``near``; ``review=False`` does not look for them.
    Each group's newest unit is kept, with the union of the group's source, domain and note; the others are
    deleted. With ``dry_run`` nothing is changed.
    """
    from kotm.store import merge
    from kotm.tm.curate import DedupeReport, find_duplicates, split_near

    groups = find_duplicates(db, table, near=near or review)
    report = DedupeReport(table, dry_run=dry_run)
    for group in groups:
        if near:
            report.groups.append(group)
            continue
        exact, listed = split_near(group)
        report.groups.extend(exact)
        if listed is not None:
            report.review.append(listed)
    if not dry_run and report.groups:
        report.change = merge(db, table, [(g.keep.id, [u.id for u in g.drop], g.merged) for g in report.groups])
    return report


# ---- history


def changes(db: Database, limit: int | None = None) -> list[Change]:
    """The change log, newest first."""
    from kotm.changelog import changes as run

    return run(db, limit=limit)


def get_change(db: Database, change_id: int) -> Change:
    from kotm.changelog import get_change as run

    return run(db, change_id)


def unit_history(db: Database, table: str, unit_id: int) -> list[RowChange]:
    """Every change to one segment or term, oldest first, with its values before and after."""
    from kotm.history import row_history

    return row_history(db, table, unit_id)


def change_rows(db: Database, change_id: int, limit: int | None = None) -> list[RowChange]:
    """What one change did to each entry it touched."""
    from kotm.history import row_history

    return row_history(db, change_id=change_id, limit=limit)


@dataclass(frozen=True, slots=True)
class Undone:
    """An undo: the change it made (``undo``) and the change it reverted (``target``)."""

    undo: Change
    target: Change

    def to_dict(self) -> dict[str, Any]:
        return {"undo": self.undo.to_dict(), "target": self.target.to_dict()}


def undo(
    db: Database,
    change_id: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    confirm: Callable[[Change], bool] | None = None,
) -> Undone | None:
    """Revert a change: ``change_id``, or by default the latest one still in effect that is not an undo, so that
    undo after undo steps further back. Undoing an undo (naming it) redoes the change it reverted; ``redo`` does
    that for the latest undo.

    :param progress: called with how many of the change's units are reverted so far, and how many it has.
    :param confirm: called with the change to revert before anything is done; False: nothing is done, None returned.
    """
    from kotm.changelog import get_change as change_of
    from kotm.history import undo as run

    done = run(db, change_id, progress=progress, confirm=confirm)
    return None if done is None else Undone(done, change_of(db, done.undoes))


def redo(
    db: Database,
    progress: Callable[[int, int], None] | None = None,
    confirm: Callable[[Change], bool] | None = None,
) -> Undone | None:
    """Make the latest undone change again (by undoing its undo); repeated, the undos before it, latest first.

    ``target`` of the result is the undo reverted; ``target.undoes`` is the change made again. ``confirm`` is
    called with that undo, as for ``undo``.
    """
    from kotm.changelog import get_change as change_of
    from kotm.history import redo as run

    done = run(db, progress=progress, confirm=confirm)
    return None if done is None else Undone(done, change_of(db, done.undoes))


# ---- browsing and counts


def list_units(
    db: Database,
    table: str = SEGMENTS,
    source: str | None = None,
    domain: str | None = None,
    since: str | None = None,
    limit: int | None = None,
) -> tuple[list[Segment] | list[Term], int]:
    """Stored segments or terms, most recently changed first, and how many match in all (``since``: see
    ``parse_since``)."""
    from kotm.queries import list_units as run

    return run(db, table, source=source, domain=domain, since=since, limit=limit)


def stats(db: Database) -> dict[str, Any]:
    """How many segments and terms there are, in all and by source and domain."""
    from kotm.queries import counts

    return counts(db)


# ---- interchange


def import_files(db: Database, paths: Iterable[str | Path], **options) -> ImportReport:
    """Import files in one transaction (``kotm.importer.import_files``, whose options these are)."""
    from kotm.importer import import_files as run

    return run(db, paths, **options)


def xliff_states(states: str | Iterable[str]) -> frozenset[str]:
    """The XLIFF states an import takes (``import_files(..., states=…)``), from a comma-separated list or names:
    XLIFF 1.2, 2.x, SDLXLIFF and memoQ names, case-insensitive (``kotm.formats.xliff.parse_states``). InputError
    names an unknown one."""
    from kotm.formats.xliff import parse_states

    return parse_states(states)


def format_for(path: str | Path, explicit: str | None = None) -> str:
    """The format name for a path, from ``explicit`` or the extension."""
    from kotm.formats import format_for as run

    return run(path, explicit)


@dataclass(frozen=True, slots=True)
class Exported:
    """What an export wrote: how many units of which kind, in which format, where."""

    output: str
    format: str
    table: str
    count: int
    source_lang: str = "ko"

    def to_dict(self) -> dict[str, Any]:
        return {
            "output": self.output,
            "format": self.format,
            "table": self.table,
            "count": self.count,
            "source_lang": self.source_lang,
        }


def export(
    db: Database,
    output: str | Path,
    fmt: str | None = None,
    *,
    terms: bool = False,
    query: str | None = None,
    source: str | None = None,
    domain: str | None = None,
    since: str | None = None,
    source_lang: str | None = None,
    force: bool = False,
    on_warning: Callable[[str], None] | None = None,
) -> Exported:
    """Export segments (or, with ``terms``, the glossary) to ``output`` (``-``: standard output) in a format
    from ``fmt`` or the extension, optionally filtered as ``kotm export`` filters. A file is replaced only once the
    new one is complete.

    The file is written in the direction ``source_lang`` ("ko": Korean is the source; "en": English is), by default
    the direction most of the selected units were translated in: TMX ``srclang`` and ``<tuv>`` order, PO
    msgid/msgstr and ``Language``, TSV/CSV column order follow it.

    Formats that can take stored rows as they are (``write_rows``) get them, sparing a record per unit; the others
    get Segment or Term records. Every writer may report what it could not carry on through ``on_warning``.

    An export that finds nothing does not replace an existing file (a mistyped ``query`` would empty it) unless
    ``force``: that is an InputError, and the file is left as it was.
    """
    from kotm import formats, queries

    name = formats.format_for(output, fmt)
    filters = {"query": query, "source": source, "domain": domain, "since": parse_since(since) if since else None}
    writer = formats.module(name)
    table = TERMS if terms else SEGMENTS
    if source_lang is None:
        langs = queries.source_langs(db, table, **filters)
        source_lang = next(iter(langs), "ko")
    else:
        check_lang(source_lang)
    options = {"on_warning": on_warning, "source_lang": source_lang}
    guard = not force and str(output) != "-" and Path(output).exists()
    if not terms and hasattr(writer, "write_rows"):
        rows = queries.iter_rows(db, SEGMENTS, writer.COLUMNS, utf8=True, **filters)
        count = formats.export_rows(_not_empty(rows, output, table) if guard else rows, output, name, **options)
    else:
        units = queries.iter_terms(db, **filters) if terms else queries.iter_segments(db, **filters)
        count = formats.export(_not_empty(units, output, table) if guard else units, output, name, **options)
    return Exported(str(output), name, table, count, source_lang)


def _not_empty(items: Iterable, output: str | Path, table: str) -> Iterator:
    """The items, or an InputError before anything is written when there are none."""
    import itertools

    it = iter(items)
    first = next(it, _NOTHING)
    if first is _NOTHING:
        raise InputError(f"no {table} to export; {output} is left as it was (--force replaces it with an empty file)")
    return itertools.chain([first], it)


_NOTHING = object()


# ---- alignment


def align(
    db: Database | None,
    ko_file: str | Path,
    en_file: str | Path,
    *,
    threshold: float = 0.5,
    glossary: bool = True,
) -> AlignResult:
    """Align a Korean text with its English translation sentence by sentence (``kotm.tm.align.align_files``),
    anchored on the glossary terms (with ``glossary``) of ``db``, or when there is no database yet (None), on the
    built-in glossary that a new database would hold: the same files give the same links before the first use and
    after it."""
    from kotm.tm.align import align_files

    anchors: list[tuple[str, str]] = []
    if glossary:
        if db is not None:
            from kotm.queries import iter_terms

            anchors = [(t.ko, t.en) for t in iter_terms(db)]
        else:
            from kotm import builtin

            anchors = [(t.ko, t.en) for t in builtin.terms()]
    return align_files(ko_file, en_file, anchors, threshold=threshold)


def default_align_source(ko_file: str | Path, en_file: str | Path) -> str:
    """The source recorded on aligned segments when none is given: the two file names."""
    return f"{Path(ko_file).name}+{Path(en_file).name}"


def write_links(result: AlignResult, output: str | Path, source: str) -> int:
    """Write an alignment's links to ``output``: ``.tsv`` (or ``-``) every link for review, ``.tmx`` the pairs."""
    suffix = Path(str(output)).suffix.lower()
    if str(output) == "-" or suffix == ".tsv":
        from kotm.tm.align import write_tsv

        return write_tsv(result.links, output)
    if suffix == ".tmx":
        from kotm import formats
        from kotm.units import Segment

        segments = (
            Segment(
                link.ko_text,
                link.en_text,
                source=source,
                note=f"align {link.type}, confidence {link.confidence:.2f}"
                + ("; flagged for review" if link.flagged else ""),
            )
            for link in result.links
            if link.is_pair
        )
        return formats.export(segments, output, "tmx")
    raise InputError(f"cannot tell the format of {output} from its extension; use .tsv or .tmx")


@dataclass(frozen=True, slots=True)
class AddedLinks:
    """What adding an alignment's confident links did."""

    added: int
    existing: int
    flagged: list[int] = field(default_factory=list)  # link numbers (from 1) left for review
    change: int | None = None
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (link number, why it cannot be stored)

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "existing": self.existing,
            "flagged": self.flagged,
            "change": self.change,
            "skipped": [{"link": n, "reason": why} for n, why in self.skipped],
        }


def add_links(db: Database, result: AlignResult, source: str) -> AddedLinks:
    """Add an alignment's confident pairs to the memory as segments, in one change.

    A pair that cannot be stored (a ``.`` aligned with a ``.``: the Korean text holds no Hangul) is skipped and
    reported, as an import skips such units, instead of failing the whole alignment.
    """
    from kotm.keys import clean
    from kotm.store import add_segments
    from kotm.units import Segment

    who = current_user()
    units, skipped = [], []
    confident = {id(link) for link in result.confident()}
    for n, link in enumerate(result.links, 1):
        if id(link) not in confident:
            continue
        try:
            clean(link.ko_text, "ko"), clean(link.en_text, "en")
        except InputError as e:
            skipped.append((n, str(e).split(": ")[0]))
            continue
        units.append(Segment(link.ko_text, link.en_text, source=source, creator=who))
    added = add_segments(db, units)
    flagged = [n for n, link in enumerate(result.links, 1) if link.flagged]
    return AddedLinks(len(added.added), len(added.existing), flagged, added.change, skipped)


# ---- quality checks


@dataclass
class CheckReport:
    """What ``check`` found: the findings in the order of the units, how many units were read, and the count of
    findings per check (every check that ran, zeros included)."""

    findings: list[Any]
    units: int
    checks: tuple[str, ...]
    files: list[str] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(self.checks, 0)
        for f in self.findings:
            out[f.check] += 1
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "units": self.units,
            "files": self.files,
            "counts": self.counts,
            "findings": [f.to_dict() for f in self.findings],
        }


def check_names(checks: Iterable[str] | str | None) -> tuple[str, ...]:
    """The checks to run, in their order (``kotm.qa.CHECKS``), from a list or a comma-separated string (None: all).
    InputError names an unknown one."""
    from kotm.qa import CHECKS

    if checks is None:
        return CHECKS
    if isinstance(checks, str):
        checks = [c for c in checks.replace(" ", ",").split(",") if c]
    wanted = set(checks)
    unknown = sorted(wanted - set(CHECKS))
    if unknown:
        raise InputError(f"unknown check {', '.join(unknown)} (choose from {', '.join(CHECKS)})")
    return tuple(c for c in CHECKS if c in wanted)


def check(
    db: Database,
    files: Iterable[str | Path] | None = None,
    checks: Iterable[str] | str | None = None,
    domains: Iterable[str] | None = None,
    sources: Iterable[str] | None = None,
    fmt: str | None = None,
) -> CheckReport:
    """Check translations: the memory (the segments of ``domains``/``sources``, or all), or bilingual ``files``
    (TMX, PO, TSV/CSV, XLIFF) read without importing them, against the glossary of ``db``. With ``domains`` the glossary
    too is that of the domains: their terms and the terms with no domain (space → 우주 of a diplomatic glossary does
    not apply to a software text checked with ``domains=["software"]``).

    Each unit is read in its own direction (``source_lang``). Findings name where they are (the segment id, or the
    file and line), the check, the text, the spans on each side and a suggestion (``kotm.qa.Finding``).

    :param checks: ids of ``kotm.qa.CHECKS`` to run (None: all)
    :param fmt: the format of the files, when their extension does not tell it
    """
    from itertools import product

    from kotm import formats, queries
    from kotm.qa import check_unit, located
    from kotm.qa.consistency import Groups, Member, memory_findings
    from kotm.qa.terms import Glossary

    names = check_names(checks)
    glossary = None
    if {"term", "forbidden"} & set(names):
        entries = queries.iter_term_keys(db)
        if domains:  # the glossary of the text's domain: its terms and those of no domain
            wanted = set(domains)
            entries = (e for e in entries if not e[0].domain or e[0].domain in wanted)
        glossary = Glossary(entries)
    found: list[Any] = []
    count = 0
    files = [str(f) for f in files or []]
    if files:
        for path in files:
            name = formats.format_for(path, fmt)
            if name in TERM_FORMATS:
                raise InputError(
                    f"{path} is a glossary ({name}); kotm check reads translations (TMX, PO, TSV, CSV, XLIFF)"
                )
            groups = Groups()
            for unit in formats.read(path, name, lines=True, keep_empty=True):
                count += 1
                line = int(unit.props["line"]) if unit.props.get("line") else None
                found.extend(located(check_unit(unit, names, glossary), file=path, line=line))
                if "inconsistent" in names:
                    groups.add(
                        Member({"file": path, "line": line}, unit.ko, unit.en, unit.source_lang),
                        unit.props.get("prop:x-context", ""),
                    )
            found.extend(groups.findings())
        return CheckReport(found, count, names, files)
    scopes = list(product(list(domains or []) or [None], list(sources or []) or [None]))
    for domain, source in scopes:
        for unit in queries.iter_segments(db, domain=domain, source=source):
            count += 1
            found.extend(located(check_unit(unit, names, glossary), id=unit.id))
        if "inconsistent" in names:
            for side, same in (("ko", "source"), ("en", "target")):
                conflicts = queries.conflicting(db, side, domain=domain, source=source)
                found.extend(memory_findings(conflicts, "ko", same))
    return CheckReport(found, count, names)


# ---- documents


def analyze(
    db: Database,
    files: Iterable[str | Path],
    bands: Iterable[int] | str | None = None,
    *,
    domains: Collection[str] | None = None,
    sources: Collection[str] | None = None,
) -> AnalysisReport:
    """Analyse documents against the memory (``kotm.tm.analysis``): every source segment of each file in the band
    of its best match (repetition, 101, 100, the fuzzy bands, no-match), counted per band in segments, words
    (eojeol for Korean) and characters, per file and in total. Files are plain text (split as ``align`` splits
    it), PO, TMX or XLIFF (the source side of each unit); repetitions count across all of them.

    :param bands: the lower bounds of the fuzzy bands (a list or ``"100,95,85,75,50"``; None: those)
    :param domains: match only segments of these domains (None: any)
    :param sources: match only segments of these sources (None: any)
    """
    from kotm.tm.analysis import AnalysisReport, Analyzer, document_format, memory_matcher, parse_bands, segments

    bounds = parse_bands(bands if bands is None or isinstance(bands, str) else list(bands))
    paths = [str(f) for f in files]
    if not paths:
        raise InputError("no file to analyze")
    for path in paths:
        document_format(path)  # an unknown format is an error before any work
    analyzer = Analyzer(memory_matcher(db, bounds, domains=domains or None, sources=sources or None), bounds)
    results = [analyzer.analyze(path, segments(path)) for path in paths]
    return AnalysisReport(results, analyzer.total, bounds)


def parse_bands(bands: Iterable[int] | str | None) -> tuple[int, ...]:
    """The lower bounds of ``analyze``'s bands, highest first, from a list or ``"100,95,85,75,50"`` (None: those);
    InputError for a bound that is not a whole number from 1 to 100."""
    from kotm.tm.analysis import parse_bands as parse

    return parse(bands if bands is None or isinstance(bands, str) else list(bands))


@dataclass
class Pretranslated:
    """What ``pretranslate`` wrote: the output, its format, the document's direction and the segments by how each
    got its target (``exact``, ``fixed``, ``fuzzy``, ``kept``, ``draft``, ``none``)."""

    path: str
    output: str
    format: str
    source_lang: str
    counts: dict[str, int]
    min_score: float
    in_place: bool = False  # an XLIFF document filled in, everything else as the file had it

    @property
    def segments(self) -> int:
        return sum(self.counts.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.path,
            "output": self.output,
            "format": self.format,
            "source_lang": self.source_lang,
            "min_score": self.min_score,
            "in_place": self.in_place,
            "segments": self.segments,
            "counts": self.counts,
        }


def pretranslate(
    db: Database,
    path: str | Path,
    output: str | Path,
    min_score: float = 75,
    fmt: str | None = None,
    *,
    source_lang: str | None = None,
    candidates: int = 3,
    terms: bool = True,
    on_warning: Callable[[str], None] | None = None,
    domains: Collection[str] | None = None,
    sources: Collection[str] | None = None,
) -> Pretranslated:
    """Pre-translate a document (``kotm.tm.pretranslate``): every source segment of ``path`` (plain text, PO, TMX or
    XLIFF, read as ``analyze`` reads it) with the target of its best match ≥ ``min_score`` in the memory, its score
    and origin, the best ``candidates`` matches, and the glossary terms it holds as notes; numbers and placeholders
    put right where that alone tells the match from the segment. Written streaming to ``output`` (``-``: standard
    output) as XLIFF 1.2, XLIFF 2.1, PO or TMX by its extension or ``fmt`` (``kotm.formats.bilingual``). An XLIFF
    document written as its own version of XLIFF is filled in (``bilingual.fill_xliff``): the file as it was, with
    the targets, states, candidates and notes put in.

    :param source_lang: the document's language (None: the first segment's)
    :param domains: only segments and terms of these domains (None: any), as ``match`` takes them
    :param sources: only segments and terms of these sources (None: any)
    """
    import itertools

    from kotm import formats
    from kotm.formats import bilingual
    from kotm.glossary.recognize import scan
    from kotm.glossary.terms import db_lookups
    from kotm.tm.analysis import document, document_format
    from kotm.tm.fuzzy import match
    from kotm.tm.pretranslate import Pretranslator, document_lang

    if not 0 < min_score <= 100:
        raise InputError(f"--min-score must be above 0 and at most 100, not {min_score:g}")
    if not 1 <= candidates <= 10:
        raise InputError(f"the number of candidates is from 1 to 10, not {candidates}")
    kind = document_format(path)
    out_fmt = bilingual.output_format(str(output), fmt)
    if source_lang is not None and source_lang not in ("ko", "en"):
        raise InputError(f"the source language is ko or en, not {source_lang!r}")
    segs = document(path)
    # The document's language: most of its first segments' (a date or a name first says nothing), or as given.
    head = list(itertools.islice(segs, 50))
    first = head[0]
    lang = source_lang or document_lang(head)
    scope = {"domains": domains or None, "sources": sources or None}
    lookups = db_lookups(db, **scope) if terms else None

    def matcher(text: str, lang: str):
        return match(db, text, lang=lang, min_score=min_score, limit=max(candidates, 5), **scope)

    def recognizer(text: str, lang: str):
        return scan(db, text, lang=lang, lookups=lookups)

    worker = Pretranslator(matcher, recognizer if terms else None, candidates, min_score=min_score)
    original = first.original or Path(str(path)).name
    po_header = None
    if kind == "po" and out_fmt == "po":  # the same kind of file again: its header as it was
        from kotm.formats.po import header

        with formats.open_input(path) as stream:
            po_header = header(stream, str(path))
    units = worker.translate(itertools.chain(head, segs), lang)
    # An XLIFF document written as XLIFF (.xlf says no version: the document's own) or as its own version of XLIFF
    # is filled in: the file as it was, with the targets.
    version = bilingual.xliff_version(str(path)) if kind == "xliff" else None
    if version and fmt is None and out_fmt == "xliff":
        out_fmt = version
    in_place = version == out_fmt
    if in_place:
        formats.write_output(output, lambda out: bilingual.fill_xliff(str(path), units, out, on_warning=on_warning))
    else:
        formats.write_output(
            output,
            lambda out: bilingual.write(
                units,
                out,
                out_fmt,
                source_lang=lang,
                original=original,
                datatype=kind,
                on_warning=on_warning,
                po_header=po_header,
            ),
        )
    counts = {how: worker.counts.get(how, 0) for how in bilingual.HOWS}
    return Pretranslated(str(path), str(output), out_fmt, lang, counts, min_score, in_place)
