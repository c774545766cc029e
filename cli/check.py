"""module for ``kotm check``."""

from __future__ import annotations

import click

from kotm.cli.base import State, json_option, pass_state
from kotm.cli.output import echo_json, mark, table


@click.command()
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--checks",
    metavar="LIST",
    help="Comma-separated checks to run (default: all): term, forbidden, number, particle, placeholder, "
    "inconsistent, untranslated.",
)
@click.option(
    "--domain",
    "domains",
    multiple=True,
    help="Only the glossary terms of this domain, and those with no domain (repeatable); without FILES only the "
    "memory's segments of this domain too.",
)
@click.option("--source", "sources", multiple=True, help="Only the memory's segments from this source (repeatable).")
@click.option("--format", "fmt", help="Format of FILES when the extension does not tell it (tmx, po, tsv, csv).")
@json_option
@click.option("--color/--no-color", default=None, help="Highlight the offending text (default: on a terminal).")
@pass_state
def check(
    state: State,
    files: tuple[str, ...],
    checks: str | None,
    domains: tuple[str, ...],
    sources: tuple[str, ...],
    fmt: str | None,
    as_json: bool,
    color: bool | None,
) -> None:
    """Check translations: the memory, or bilingual FILES (TMX, PO, TSV, CSV, XLIFF: every unit, whatever its state)
    without importing them.

    Checks a glossary term left untranslated (term) or rendered in a deprecated or forbidden way (forbidden),
    numbers that differ (2019년 = 2019, 3만 = 30,000, 세 번째 = third), Korean particles that do not agree with the
    word before them (서버을 → 서버를, URL를 → URL을), placeholders and tags, inconsistent translations and
    untranslated text. Each unit is read in its own direction (Korean→English or English→Korean).
    Exit status: 0 when clean, 1 when something was found, 2 for a usage error. A count per check goes to stderr.

    \b
    Examples:
        kotm check
        kotm check deliverable.ko.po --checks term,number,particle
        kotm check godot.ko.po --domain software
        kotm check --domain diplomacy --json
    """
    import os

    from kotm import api
    from kotm.errors import InputError

    try:
        names = api.check_names(checks)
    except InputError as e:
        raise click.BadParameter(str(e), param_hint="--checks") from None
    if files and sources:
        raise click.UsageError("--source selects the memory's segments; FILES are checked whole")
    report = api.check(state.db, files=files, checks=names, domains=domains, sources=sources, fmt=fmt)
    if color is None and os.environ.get("NO_COLOR"):
        color = False
    if as_json:
        echo_json([f.to_dict() for f in report.findings])
    elif report.findings:
        rows = []
        for f in report.findings:
            ko = mark(f.ko, sorted(f.spans.get("ko", [])))
            en = mark(f.en, sorted(f.spans.get("en", [])))
            rows.append([f.where, f.check, f.message, ko, en, f.suggestion])
        click.echo(table(rows, ["where", "check", "message", "ko", "en", "suggestion"], wrap=(2, 3, 4)), color=color)
    counts = ", ".join(f"{name} {n}" for name, n in report.counts.items())
    what = f"{len(report.files)} file{'s' if len(report.files) != 1 else ''}" if report.files else "the memory"
    n = len(report.findings)
    click.echo(f"Checked {report.units} units in {what}: {n} finding{'' if n == 1 else 's'} ({counts}).", err=True)
    if report.findings:
        raise SystemExit(1)
