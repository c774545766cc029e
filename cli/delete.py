"""module for ``kotm delete``."""

from __future__ import annotations

import click

from kotm.cli.base import State, pass_state


@click.command()
@click.argument("ids", metavar="[ID]...", nargs=-1, type=int)
@click.option("--terms", is_flag=True, help="Delete glossary terms, not segments.")
@click.option("--source", help="Delete every entry from this source.")
@click.option("--query", help="Delete every entry that search (or, with --terms, term) finds for QUERY.")
@click.option("--yes", "-y", is_flag=True, help="Do not ask before a bulk delete.")
@pass_state
def delete(
    state: State,
    ids: tuple[int, ...],
    terms: bool,
    source: str | None,
    query: str | None,
    yes: bool,
) -> None:
    """Delete segments (or, with --terms, glossary terms) by id, or in bulk by --source and/or --query.

    A bulk delete says how many entries it will remove and asks first, unless --yes. Every delete is recorded, and
    `kotm undo` brings the entries back with their ids. An id that does not exist is an error, and nothing is
    deleted.

    \b
    Examples:
        kotm delete 52 53
        kotm delete --source memo-2024 --yes
        kotm delete --terms --query 인공지능
    """
    from kotm import api

    name = "terms" if terms else "segments"
    if ids and (source is not None or query is not None):
        raise click.UsageError("give ids, or --source/--query, not both")
    if not ids and source is None and query is None:
        raise click.UsageError("give the ids to delete, or --source or --query")
    if not ids:
        selected = api.select(state.db, name, source=source, query=query)
        what = " and ".join(
            part
            for part in (
                f"from source {source!r}" if source is not None else "",
                f"matching {query!r}" if query else "",
            )
            if part
        )
        if not selected:
            click.echo(f"No {name} {what}; nothing deleted.", err=True)
            return
        noun = name if len(selected) != 1 else name[:-1]
        click.echo(f"{len(selected)} {noun} {what} will be deleted.", err=True)
        if not yes:
            click.confirm("Delete them?", abort=True, err=True)
        ids = tuple(selected)
    change = api.delete(state.db, name, ids)
    count = len(set(ids))
    click.echo(f"Deleted {count} {name if count != 1 else name[:-1]} (change {change}).")
