"""module for the built-in corpus: the 2019 Korea–Kazakhstan summit statement, as package data TSV files."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from importlib import resources

from kotm.units import Segment, Term

SOURCE = "summit-2019-04-22"
# The report was filed at 2019-04-22 18:13 KST; fixed stamps keep the exports deterministic.
CREATED = "2019-04-22T09:13:00Z"
CREATOR = "kotm"


def _rows(name: str) -> Iterator[dict[str, str]]:
    with resources.files("kotm.data").joinpath(name).open(encoding="utf-8", newline="") as f:
        yield from csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)


def segments() -> Iterator[Segment]:
    """The summit statement, one sentence per segment, in document order."""
    for row in _rows("summit-2019.segments.tsv"):
        yield Segment(
            row["ko"],
            row["en"],
            source=SOURCE,
            domain="diplomacy",
            note=row["note"],
            creator=CREATOR,
            created=CREATED,
        )


def terms() -> Iterator[Term]:
    """The glossary of the statement's domain terms."""
    for row in _rows("summit-2019.terms.tsv"):
        yield Term(
            row["ko"],
            row["en"],
            domain=row["domain"],
            note=row["note"],
            source=SOURCE,
            creator=CREATOR,
            created=CREATED,
        )


def load(db) -> tuple[int, int]:
    """Load the built-in segments and terms into ``db`` in one transaction; returns (segments, terms) added."""
    from kotm.history import change
    from kotm.store import add_segments, add_terms

    with change(db, "add", label=f"built-in corpus {SOURCE}"):
        segs = add_segments(db, segments())
        terms_ = add_terms(db, terms())
    return len(segs.added), len(terms_.added)


def open_or_create(path):
    """Open the database at ``path``; a database that does not exist yet is created with the built-in corpus."""
    from pathlib import Path

    from kotm.db import open_db

    if not Path(path).exists():
        from kotm.errors import KotmError

        try:
            create(path)
        except KotmError:
            if not Path(path).exists():
                raise
            # another process created it at the same moment: use that one
    return open_db(path)


def create(path, empty: bool = False, force: bool = False) -> tuple[int, int]:
    """Create the database at ``path`` (with the built-in corpus unless ``empty``); returns (segments, terms) in it.

    An existing database that holds data is an error unless ``force``: then a new database is built beside it and
    renamed over it once complete, so a failure leaves the old one as it was.
    """
    import os
    import tempfile
    from pathlib import Path

    from kotm.db import open_db
    from kotm.errors import KotmError

    path = Path(path)
    if path.exists() and not force:
        db = open_db(path)
        segs, terms_ = db["segments"].count, db["terms"].count
        if segs or terms_:
            db.close()
            raise KotmError(f"{path} already holds {segs} segments and {terms_} terms; use --force to replace it")
        if not empty:
            segs, terms_ = load(db)
        db.close()
        return segs, terms_
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".new", dir=path.parent)
    except OSError as e:
        raise KotmError(f"cannot create {path}: {e.strerror or e}") from None
    os.close(fd)
    tmp = Path(name)
    try:
        db = open_db(tmp)
        segs, terms_ = (0, 0) if empty else load(db)
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
        return segs, terms_
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
    return segs, terms_
