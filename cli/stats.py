"""module for ``kotm stats``."""

from __future__ import annotations

import click

from kotm.cli.base import State, json_option, pass_state
from kotm.cli.output import echo_json, table


@click.command()
@json_option
@pass_state
def stats(state: State, as_json: bool) -> None:
    """Counts of segments and terms, by source and by domain.

    \b
    Example:
        kotm stats
    """
    from kotm import api

    data = api.stats(state.db)
    if as_json:
        echo_json(data)
        return
    click.echo(f"Database: {state.path}")
    click.echo(f"Segments: {data['segments']}   Terms: {data['terms']}")
    for table_name in ("segments", "terms"):
        for key in ("source", "domain"):
            rows = [[value or "(none)", n] for value, n in data[f"{table_name}_by_{key}"].items()]
            if rows:
                click.echo("")
                click.echo(table(rows, [f"{table_name} by {key}", "count"]))
