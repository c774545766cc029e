"""module for ``kotm dedupe``."""

from __future__ import annotations

import click

from kotm.cli.base import State, json_option, pass_state
from kotm.cli.output import echo_json, table


@click.command()
@click.option("--terms", is_flag=True, help="Merge duplicate glossary terms, not segments.")
@click.option("--dry-run", is_flag=True, help="Only report what would be merged.")
@click.option("--exact", is_flag=True, help="Only exact duplicates, not near ones.")
@json_option
@pass_state
def dedupe(state: State, terms: bool, dry_run: bool, exact: bool, as_json: bool) -> None:
    """Merge duplicate segments (or, with --terms, glossary terms) and report what was merged.

    Exact duplicates have the same Korean and English after Unicode NFC normalisation, spacing, and full-width
    punctuation read as half-width (（）：, ！). Near duplicates have the same Korean and English that differs only in
    case or punctuation (GitHub / Github). Each group keeps its newest entry, which takes the union of the group's
    source, domain and note; the others are deleted. It is one change: `kotm undo` reverts it.

    \b
    Examples:
        kotm dedupe --dry-run
        kotm dedupe --terms --exact
    """
    from kotm import api

    name = "terms" if terms else "segments"
    report = api.dedupe(state.db, name, dry_run=dry_run, near=not exact)
    if as_json:
        echo_json(report.to_dict())
        return
    if not report.groups:
        click.echo(f"No duplicate {name}.", err=True)
        return
    rows = []
    for g in report.groups:
        removed = [str(u.id) if u.en == g.keep.en else f"{u.id} {u.en}" for u in g.drop]
        rows.append([g.kind, g.keep.id, g.keep.ko, g.keep.en, "; ".join(removed)])
    click.echo(table(rows, ["kind", "kept", "ko", "en", "removed"], wrap=(2, 3, 4)))
    groups = f"{len(report.groups)} group{'s' if len(report.groups) != 1 else ''}"
    if dry_run:
        click.echo(f"Would merge {groups}, removing {report.removed} {name} (dry run: nothing changed).", err=True)
    else:
        click.echo(f"Merged {groups}, removing {report.removed} {name} (change {report.change}).", err=True)
