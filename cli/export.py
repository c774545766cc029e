"""module for ``kotm export``."""

from __future__ import annotations

import re

import click

from kotm.cli.base import State, pass_state
from kotm.formats import FORMATS

_DATE = re.compile(r"^\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d)?Z?)?$")


@click.command()
@click.argument("output", type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(FORMATS)),
    help="Default: from OUTPUT's extension.",
)
@click.option("--terms", is_flag=True, help="Export the glossary instead of the segments.")
@click.option("--query", help="Only units that contain this (Korean-aware, as kotm search).")
@click.option("--source", help="Only units from this source.")
@click.option("--domain", help="Only units in this domain.")
@click.option(
    "--since",
    metavar="DATE",
    help="Only units changed (or created) on or after this date, e.g. 2024-01-31.",
)
@pass_state
def export(
    state: State,
    output: str,
    fmt: str | None,
    terms: bool,
    query: str | None,
    source: str | None,
    domain: str | None,
    since: str | None,
) -> None:
    """Export segments (or, with --terms, the glossary) as TMX 1.4b, PO, TBX 2008 (TBX-Basic), TSV or CSV.

    OUTPUT - writes to standard output. Korean is the source language. A file is replaced only once the new one
    is complete.

    \b
    Examples:
        kotm export memory.tmx
        kotm export glossary.po --terms
        kotm export glossary.tbx --terms --domain diplomacy
        kotm export recent.tmx --query 협력 --since 2024-01-01
        kotm export - --format tmx | head
    """
    from kotm import formats
    from kotm.store import iter_rows, iter_segments, iter_terms

    if since is not None and not _DATE.match(since):
        raise click.BadParameter("expected a date like 2024-01-31", param_hint="--since")
    name = formats.format_for(output, fmt)
    filters = {"query": query, "source": source, "domain": domain, "since": since}
    options = {"on_warning": lambda msg: click.echo(f"Warning: {msg}", err=True)} if name in ("tmx", "tbx") else {}
    writer = formats.module(name)
    if not terms and hasattr(writer, "write_rows"):
        rows = iter_rows(state.db, "segments", writer.COLUMNS, utf8=True, **filters)
        count = formats.export_rows(rows, output, name, **options)
    else:
        units = iter_terms(state.db, **filters) if terms else iter_segments(state.db, **filters)
        count = formats.export(units, output, name, **options)
    if output != "-":
        click.echo(f"Wrote {count} {'terms' if terms else 'segments'} to {output}.", err=True)
