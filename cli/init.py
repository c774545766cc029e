"""module for ``kotm init``."""

from __future__ import annotations

import click

from kotm.cli.base import State, pass_state


@click.command()
@click.option("--empty", is_flag=True, help="Create the database without the built-in corpus.")
@click.option("--force", is_flag=True, help="Replace a database that already holds data.")
@pass_state
def init(state: State, empty: bool, force: bool) -> None:
    """Create the database, loaded with the built-in summit corpus.

    A database that already holds segments or terms is left alone unless --force is given; then it is replaced
    as a whole, and only once the new one is complete.

    \b
    Example:
        kotm init --force
    """
    from kotm import api

    created = api.create(state.path, empty=empty, force=force)
    click.echo(f"Created {state.path} with {created.segments} segments and {created.terms} terms.", err=True)
