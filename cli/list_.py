"""module for ``kotm list``."""

from __future__ import annotations

import click

from kotm.cli.base import IsoDate, State, json_option, pass_state
from kotm.cli.output import echo_json, plural, table


@click.command("list")
@click.option("--terms", is_flag=True, help="List glossary terms instead of segments.")
@click.option("--source", help="Only entries from this source.")
@click.option("--domain", help="Only entries in this domain.")
@click.option("--since", type=IsoDate(), help="Only entries changed on or after this date or time (UTC).")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True, help="How many to show.")
@json_option
@pass_state
def list_(
    state: State,
    terms: bool,
    source: str | None,
    domain: str | None,
    since: str | None,
    limit: int,
    as_json: bool,
) -> None:
    """Browse the stored segments (or, with --terms, the glossary), most recently changed first, with their ids.

    The ids are what edit, delete and history take. changed is when the entry was added or last changed (UTC).

    \b
    Examples:
        kotm list --limit 5
        kotm list --terms --domain place
        kotm list --since 2024-05-01 --json
    """
    from kotm import api

    name = "terms" if terms else "segments"
    units, total = api.list_units(state.db, name, source=source, domain=domain, since=since, limit=limit)
    if as_json:
        data = [u.to_dict() for u in units]
        for d in data:
            d.pop("props", None)
        echo_json(data)
        return
    if not units:
        click.echo(f"No {name} match.", err=True)
        return
    if terms:
        rows = [[u.id, u.ko, u.en, _direction(u), u.domain, u.source, u.changed[:10]] for u in units]
        click.echo(table(rows, ["id", "ko", "en", "from", "domain", "source", "changed"], wrap=(1, 2)))
    else:
        rows = [[u.id, u.ko, u.en, _direction(u), u.source, u.changed[:10]] for u in units]
        click.echo(table(rows, ["id", "ko", "en", "from", "source", "changed"], wrap=(1, 2)))
    click.echo(f"{len(units)} of {plural(total, name[:-1])}", err=True)


def _direction(unit) -> str:
    """ko→en or en→ko: the direction the entry was translated in."""
    return "ko→en" if unit.source_lang == "ko" else "en→ko"
