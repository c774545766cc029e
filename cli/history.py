"""module for ``kotm history``."""

from __future__ import annotations

import click

from kotm.cli.base import State, json_option, pass_state
from kotm.cli.output import echo_json, table


def _status(change) -> str:
    if change.undone_by is not None:
        return f"undone by {change.undone_by}"
    return ""


@click.command()
@click.argument("unit_id", metavar="[ID]", type=int, required=False)
@click.option("--terms", is_flag=True, help="ID is a glossary term, not a segment.")
@click.option("--change", "change_id", type=int, help="Show what this change did to each entry it touched.")
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=20,
    show_default=True,
    help="How many changes (or, with --change, entries) to show.",
)
@json_option
@pass_state
def history(
    state: State,
    unit_id: int | None,
    terms: bool,
    change_id: int | None,
    limit: int,
    as_json: bool,
) -> None:
    """The change log: every add, import, edit, delete, merge and undo, newest first, with its time (UTC) and user.

    With ID, every change to that segment (or, with --terms, term), oldest first, with the values before and
    after; with --change, what one change did to each entry. The change numbers are what `kotm undo` takes. The
    user is --user, else $KOTM_USER, else the login name.

    \b
    Examples:
        kotm history
        kotm history 10
        kotm history --change 3 --json
    """
    from kotm import api

    if unit_id is not None and change_id is not None:
        raise click.UsageError("give an ID or --change, not both")
    if unit_id is None and change_id is None:
        changes = api.changes(state.db, limit=limit)
        if as_json:
            echo_json([c.to_dict() for c in changes])
        elif changes:
            rows = [[c.id, c.time, c.user, c.action, c.units, c.summary, _status(c)] for c in changes]
            click.echo(table(rows, ["change", "time", "user", "action", "units", "summary", "status"], wrap=(5,)))
        else:
            click.echo("No changes recorded.", err=True)
        return
    if change_id is not None:
        entries = api.change_rows(state.db, change_id, limit=limit)
    else:
        entries = api.unit_history(state.db, "terms" if terms else "segments", unit_id)
    if as_json:
        echo_json([e.to_dict() for e in entries])
        return
    if not entries:
        click.echo(f"No recorded changes to {'term' if terms else 'segment'} {unit_id}.", err=True)
        return
    rows = []
    for e in entries:
        first = True
        for name in e.fields or [""]:
            before = (e.before or {}).get(name, "") if e.before is not None else "—"
            after = (e.after or {}).get(name, "") if e.after is not None else "—"
            head = [e.change.id, e.change.time, e.change.user, e.change.action] if first else ["", "", "", ""]
            what = f"{e.table[:-1]} {e.id}" if change_id is not None else ""
            rows.append([*head, *([what if first else ""] if change_id is not None else []), name, before, after])
            first = False
    headers = ["change", "time", "user", "action", *(["entry"] if change_id is not None else []), "field"]
    headers += ["before", "after"]
    click.echo(table(rows, headers, wrap=(len(headers) - 2, len(headers) - 1)))
