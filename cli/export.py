"""module for ``kotm export``."""

from __future__ import annotations

import click

from kotm.cli.base import State, pass_state


@click.command()
@click.argument("output", type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["tmx", "po"]),
    help="Default: from OUTPUT's extension.",
)
@click.option("--terms", is_flag=True, help="Export the glossary instead of the segments.")
@pass_state
def export(state: State, output: str, fmt: str | None, terms: bool) -> None:
    """Export segments (or, with --terms, the glossary) as TMX 1.4b or PO.

    OUTPUT - writes to standard output. Korean is the source language. A file is replaced only once the new one
    is complete.

    \b
    Examples:
        kotm export memory.tmx
        kotm export glossary.po --terms
        kotm export - --format tmx | head
    """
    from kotm import formats
    from kotm.store import iter_segments, iter_terms

    name = formats.format_for(output, fmt)
    units = iter_terms(state.db) if terms else iter_segments(state.db)
    options = {"on_warning": lambda msg: click.echo(f"Warning: {msg}", err=True)} if name == "tmx" else {}
    count = formats.export(units, output, name, **options)
    if output != "-":
        click.echo(f"Wrote {count} {'terms' if terms else 'segments'} to {output}.", err=True)
