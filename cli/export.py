"""module for ``kotm export``."""

from __future__ import annotations

import click

from kotm.api import FORMATS
from kotm.cli.base import IsoDate, State, pass_state


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
    type=IsoDate(),
    help="Only units changed (or created) on or after this date, e.g. 2024-01-31, or time (UTC).",
)
@click.option(
    "--source-lang",
    type=click.Choice(["ko", "en"]),
    help="Which language is the source in the file (TMX srclang, PO msgid, the first TSV/CSV column). "
    "Default: the direction most of the exported units were translated in.",
)
@click.option("--force", is_flag=True, help="Replace OUTPUT even when nothing matches (with an empty file).")
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
    source_lang: str | None,
    force: bool,
) -> None:
    """Export segments (or, with --terms, the glossary) as TMX 1.4b, PO, TBX 2008 (TBX-Basic), TSV or CSV.

    OUTPUT - writes to standard output. The file runs in the direction most of its units were translated in
    (imports record it), or as --source-lang says: en for English→Korean work. A file is replaced only once the
    new one is complete. An export that finds nothing leaves an existing OUTPUT as it was, unless --force.

    \b
    Examples:
        kotm export memory.tmx
        kotm export glossary.po --terms
        kotm export glossary.tbx --terms --domain diplomacy
        kotm export recent.tmx --query 협력 --since 2024-01-01
        kotm export - --format tmx | head
        kotm export godot.po --source godot-editor --source-lang en
    """
    from kotm import api

    api.format_for(output, fmt)  # an unknown extension is an error before the database is opened
    done = api.export(
        state.db,
        output,
        fmt,
        terms=terms,
        query=query,
        source=source,
        domain=domain,
        since=since,
        source_lang=source_lang,
        force=force,
        on_warning=lambda msg: click.echo(f"Warning: {msg}", err=True),
    )
    if output != "-":
        click.echo(f"Wrote {done.count} {done.table} to {output}.", err=True)
