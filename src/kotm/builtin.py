"""module for the built-in corpus: the 2019 Korea–Kazakhstan summit statement, read from package data TSV files
into records (``kotm.api.create`` loads them into a new database)."""

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
