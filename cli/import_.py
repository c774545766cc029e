"""module for ``kotm import``."""

from __future__ import annotations

import os
import sys

import click

from kotm.api import FORMATS
from kotm.cli.base import State, json_option, pass_state
from kotm.cli.output import echo_json, table


@click.command("import")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--pair",
    "pairs",
    nargs=2,
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    metavar="KO EN",
    help="Two line-aligned plain-text files, Korean and English, one sentence a line (FLORES, NTREX …). Repeatable.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(FORMATS)),
    help="Default: from each FILE's extension (.tmx, .tmx.gz, .po, .tbx, .tsv, .txt, .csv, .xlf, .sdlxliff …).",
)
@click.option("--terms", is_flag=True, help="Import into the glossary (the same as --into terms).")
@click.option(
    "--into",
    type=click.Choice(["segments", "terms"]),
    help="Where every file goes. Default: TBX files and OmegaT glossaries into the glossary, the rest into the memory.",
)
@click.option(
    "--source",
    help="Record this as every unit's source. Default: the file's own, else its name.",
)
@click.option(
    "--source-lang",
    type=click.Choice(["ko", "en"]),
    help="Record this as every unit's source language. Default: as the file says (--pair: ko).",
)
@click.option(
    "--korean-side",
    type=click.Choice(["msgid", "msgstr"]),
    help="PO: which side is Korean. Default: from the Language header, else the side with Hangul.",
)
@click.option("--include-fuzzy", is_flag=True, help="PO: import fuzzy entries too, marked fuzzy (never as confirmed).")
@click.option(
    "--skip-bad-rows",
    is_flag=True,
    help="TSV/CSV: skip and count rows with too few or too many fields, instead of stopping at the first.",
)
@click.option(
    "--states",
    metavar="LIST",
    help="XLIFF: the states of the units to take, comma-separated, or all. Default: translated, final, signed-off "
    "(XLIFF 2: also reviewed; SDLXLIFF: Translated, ApprovedTranslation, ApprovedSignOff; memoQ: ManuallyConfirmed, "
    "Reviewer1Confirmed, Proofread).",
)
@click.option(
    "--dry-run", is_flag=True, help="Import, report what would be added and what is stored already, then roll back."
)
@click.option("--silent", is_flag=True, help="No progress bar.")
@json_option
@pass_state
def import_(
    state: State,
    files: tuple[str, ...],
    pairs: tuple[tuple[str, str], ...],
    fmt: str | None,
    terms: bool,
    into: str | None,
    source: str | None,
    source_lang: str | None,
    korean_side: str | None,
    include_fuzzy: bool,
    skip_bad_rows: bool,
    states: str | None,
    dry_run: bool,
    silent: bool,
    as_json: bool,
) -> None:
    """Import translation memories and glossaries: TMX, PO, TBX, TSV or CSV (also gzipped or xz-compressed), the
    finished work of XLIFF files (.xlf, .xliff, .sdlxliff, .mqxliff), and line-aligned plain text (--pair).

    All FILES go in one transaction: if one fails, nothing is imported, and the error names the file and line.
    Pairs already stored are not added twice. Units that cannot be imported (a missing Korean or English side,
    fuzzy or untranslated PO entries, XLIFF units whose state is not taken, Korean without Hangul …) are skipped and
    counted, with the reason. Each unit keeps the direction its file gives (TMX srclang, the PO msgid side, the TSV
    column order, XLIFF's source language); exports follow it.
    OmegaT glossaries (its header line, or .txt/.utf8/.tab files in its glossary form) go into the glossary.

    \b
    Examples:
        kotm import project_save.tmx old-memory.tmx.gz
        kotm import ko.po --source godot-editor
        kotm import glossary.tbx glossary.txt --terms --dry-run
        kotm import --pair newstest.ko newstest.en --source-lang en
        kotm import statement.ko-en.sdlxliff --states ApprovedSignOff
    """
    from kotm import api

    err = sys.stderr
    show = not silent and err.isatty()
    if not files and not pairs:
        raise click.UsageError("give the FILES to import, or --pair KO EN")
    wanted = _states(api, states, files, fmt) if states is not None else None
    total = sum(os.path.getsize(f) for f in files) + sum(os.path.getsize(f) for pair in pairs for f in pair)
    bar = click.progressbar(length=total, label="Importing", file=err) if show else None

    def progress(read: int) -> None:
        bar.label = "Importing"
        bar.update(read)

    def indexing(path: str) -> None:
        # A file is read and written, and its indexes are being finished (15–20 s for a million units): say so
        # rather than sit at 100%.
        bar.label = "Indexing "
        bar.render_progress()

    db = state.db
    latest = api.changes(db, limit=1)
    try:
        try:
            report = api.import_files(
                db,
                files,
                pairs=pairs,
                fmt=fmt,
                terms=terms,
                into=into,
                source=source,
                source_lang=source_lang,
                dry_run=dry_run,
                progress=progress if bar else None,
                indexing=indexing if bar else None,
                korean=korean_side,
                include_fuzzy=include_fuzzy or None,
                skip_bad_rows=skip_bad_rows or None,
                states=wanted,
            )
        finally:
            if bar:
                bar.render_finish()
        _render(report, dry_run, as_json)
    except KeyboardInterrupt:
        _interrupted(api, db, latest[0].id if latest else 0)


def _states(api, states: str, files: tuple[str, ...], fmt: str | None) -> frozenset[str]:
    """--states as names, a usage error for an unknown one, or when no FILE is XLIFF (other formats have none)."""
    from kotm.errors import InputError

    try:
        wanted = api.xliff_states(states)
    except InputError as e:
        raise click.BadParameter(str(e), param_hint="--states") from None
    try:
        xliff = any(api.format_for(f, fmt) == "xliff" for f in files)
    except InputError:
        xliff = True  # the import names the file whose format it cannot tell
    if not xliff:
        raise click.UsageError("--states chooses the units of XLIFF files, and none of FILES is one")
    return wanted


def _interrupted(api, db, latest: int):
    """Ctrl-C: say truthfully whether the import was committed (the interrupt may land just after COMMIT), by asking
    the database, then exit with status 130."""
    from kotm.cli.base import INTERRUPTED

    # An interrupt before COMMIT has rolled the transaction back (kotm.db.writing); the change is then not there.
    mine = [
        c for c in api.changes(db, limit=20) if c.id > latest and c.action == "import" and c.user == api.current_user()
    ]
    if mine:
        done = mine[-1]
        click.echo(
            f"\nInterrupted after the import was complete: change {done.id} ({done.summary}) is stored; "
            "`kotm undo` reverts it.",
            err=True,
        )
    else:
        click.echo("\nInterrupted: nothing was imported; the database is as it was.", err=True)
    raise click.exceptions.Exit(INTERRUPTED)


def _render(report, dry_run: bool, as_json: bool) -> None:
    data = report.to_dict()
    if as_json:
        echo_json(data)
        return
    rows = [
        [
            f["path"],
            f["format"],
            f["kind"],
            f["read"],
            f["added"],
            f["existing"],
            f["skipped"],
        ]
        for f in data["files"]
    ]
    headers = ["file", "format", "into", "read", "would add" if dry_run else "added", "existing", "skipped"]
    click.echo(table(rows, headers))
    for f in data["files"]:
        if f["note"]:
            click.echo(f"{f['path']}: {f['note']}.", err=True)
    for f in data["files"]:
        for r in f["reasons"]:
            where = f" (first at line {r['first_line']})" if r["first_line"] else ""
            click.echo(f"{f['path']}: skipped {r['count']}: {r['reason']}{where}", err=True)
    if dry_run:
        click.echo("Dry run: nothing was written (the import ran and was rolled back).", err=True)
