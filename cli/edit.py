"""module for ``kotm edit``."""

from __future__ import annotations

import click

from kotm.cli.base import TEXT, State, pass_state
from kotm.units import TERM_STATUSES


@click.command()
@click.argument("unit_id", metavar="ID", type=int)
@click.option("--term", "--terms", "terms", is_flag=True, help="ID is a glossary term, not a segment.")
@click.option("--ko", type=TEXT, help="New Korean text.")
@click.option("--en", type=TEXT, help="New English text.")
@click.option("--note", type=TEXT, help="New note ('' clears it).")
@click.option("--domain", type=TEXT, help="New domain ('' clears it).")
@click.option("--source", type=TEXT, help="New source ('' clears it).")
@click.option(
    "--status",
    type=click.Choice([*TERM_STATUSES, ""], case_sensitive=False),
    help="New status of a term ('' clears it).",
)
@pass_state
def edit(
    state: State,
    unit_id: int,
    terms: bool,
    ko: str | None,
    en: str | None,
    note: str | None,
    domain: str | None,
    source: str | None,
    status: str | None,
) -> None:
    """Change the segment (or, with --term, the glossary term) with id ID.

    Only the fields given change; the change time and your name are recorded, and `kotm undo` reverts it. Search
    finds the new text straight away, and no longer the old. An unknown ID, an empty side, Korean without Hangul or a
    pair that another entry already holds is an error, and nothing is changed.

    \b
    Examples:
        kotm edit 12 --en "Nur-Sultan (renamed Astana in 2022)"
        kotm edit --term 12 --note "Renamed Astana in September 2022."
        kotm edit --term 12 --status deprecated
    """
    values = {"ko": ko, "en": en, "note": note, "domain": domain, "source": source}
    if status is not None:
        if not terms:
            raise click.UsageError("--status is for glossary terms: add --term")
        values["status"] = status.lower()
    if all(v is None for v in values.values()):
        raise click.UsageError("nothing to change: give --ko, --en, --note, --domain, --source or --status")
    from kotm import api

    warn = lambda message: click.echo(f"Warning: {message}", err=True)  # noqa: E731
    change = api.edit(state.db, "terms" if terms else "segments", unit_id, on_warning=warn, **values)
    what = f"{'term' if terms else 'segment'} {unit_id}"
    if change is None:
        click.echo(f"{what[0].upper()}{what[1:]} already reads so; nothing changed.", err=True)
    else:
        click.echo(f"Edited {what} (change {change}).")
