"""module for ``kotm dedupe``."""

from __future__ import annotations

import click

from kotm.cli.base import State, json_option, pass_state
from kotm.cli.output import echo_json, plural, table


@click.command()
@click.option("--terms", is_flag=True, help="Merge duplicate glossary terms, not segments.")
@click.option("--dry-run", is_flag=True, help="Only report what would be merged.")
@click.option("--near", is_flag=True, help="Merge near duplicates too (by default they are only listed).")
@click.option("--exact", is_flag=True, help="Only exact duplicates: do not list near ones.")
@json_option
@pass_state
def dedupe(state: State, terms: bool, dry_run: bool, near: bool, exact: bool, as_json: bool) -> None:
    """Merge exact duplicate segments (or, with --terms, glossary terms), and list near duplicates for review.

    Exact duplicates have the same Korean and English after Unicode NFC normalisation, spacing, and full-width
    punctuation read as half-width (（）：, ！): they are merged. Near duplicates have Korean that differs only in
    spacing (정상 회담 / 정상회담) and English that differs only in case or punctuation (OK / Ok, canceled /
    Canceled): in a UI memory those may be distinct strings, so they are listed and merged only with --near. Each
    merged group keeps its newest entry, which takes the union of the group's source, domain and note; the others are
    deleted. It is one change: `kotm undo` reverts it.

    \b
    Examples:
        kotm dedupe --dry-run
        kotm dedupe --near
        kotm dedupe --terms --exact
    """
    from kotm import api

    if near and exact:
        raise click.UsageError("--near and --exact exclude each other")
    name = "terms" if terms else "segments"
    report = api.dedupe(state.db, name, dry_run=dry_run, near=near, review=not exact)
    if as_json:
        echo_json(report.to_dict())
        return
    if report.review:
        rows = [
            [g.keep.id, g.keep.ko, g.keep.en, "; ".join(f"{u.id} {u.ko} / {u.en}" for u in g.drop)]
            for g in report.review
        ]
        click.echo(table(rows, ["id", "ko", "en", "near duplicates (not merged)"], wrap=(1, 2, 3)))
        click.echo(
            f"{plural(len(report.review), 'group')} of near duplicates listed for review; "
            "`kotm dedupe --near` merges them.",
            err=True,
        )
    if not report.groups:
        click.echo(f"No {'duplicate' if not report.review else 'exact duplicate'} {name}.", err=True)
        return
    if report.review:
        click.echo()
    rows = []
    for g in report.groups:
        removed = [str(u.id) if (u.ko, u.en) == (g.keep.ko, g.keep.en) else f"{u.id} {u.ko} / {u.en}" for u in g.drop]
        rows.append([g.kind, g.keep.id, g.keep.ko, g.keep.en, "; ".join(removed)])
    click.echo(table(rows, ["kind", "kept", "ko", "en", "removed"], wrap=(2, 3, 4)))
    groups = f"{len(report.groups)} group{'s' if len(report.groups) != 1 else ''}"
    if dry_run:
        click.echo(
            f"Would merge {groups}, removing {plural(report.removed, name[:-1])} (dry run: nothing changed).", err=True
        )
    else:
        click.echo(f"Merged {groups}, removing {plural(report.removed, name[:-1])} (change {report.change}).", err=True)
