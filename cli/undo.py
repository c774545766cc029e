"""module for ``kotm undo`` and ``kotm redo``."""

from __future__ import annotations

import sys

import click

from kotm.cli.base import State, pass_state

# An undo or redo of more entries than this asks first (a whole import, a bulk delete), as a bulk delete does.
ASK_ABOVE = 100

yes_option = click.option("--yes", "-y", is_flag=True, help=f"Do not ask before undoing more than {ASK_ABOVE} entries.")


def _progress_bar():
    """A progress callback with a bar for big undos (a million segments take minutes), on a terminal only."""
    bar = None

    def progress(reverted: int, total: int) -> None:
        nonlocal bar
        if bar is None and total >= 10_000 and sys.stderr.isatty():
            bar = click.progressbar(length=total, label="Undoing", file=sys.stderr)
        if bar is not None:
            bar.update(reverted - bar.pos)

    def finish() -> None:
        if bar is not None:
            bar.render_finish()

    return progress, finish


def _confirm(yes: bool, verb: str):
    """The ``confirm`` callback: above ASK_ABOVE entries, ask on a terminal; without one (and without --yes) refuse."""

    def confirm(change) -> bool:
        if yes or change.units <= ASK_ABOVE:
            return True
        what = f"change {change.id} ({change.action}: {change.summary})"
        if not sys.stdin.isatty():
            raise click.ClickException(
                f"{verb} {what} would change {change.units:,} entries; give --yes to do it without a terminal"
            )
        click.echo(f"{verb} {what} changes {change.units:,} entries.", err=True)
        return click.confirm(f"{verb}?", err=True)

    return confirm


@click.command()
@click.argument("steps", metavar="", required=False)
@click.option(
    "--change", "change_id", type=click.IntRange(min=1), metavar="N", help="Undo change N (see `kotm history`)."
)
@yes_option
@pass_state
def undo(state: State, steps: str | None, change_id: int | None, yes: bool) -> None:
    """Revert the latest change still in effect, or with --change N change N (see `kotm history`), be it an add, a
    whole import, an edit, a delete or a merge.

    Run again, it steps further back (an undo is never itself the latest change to undo); `kotm redo` makes the
    latest undone change again, and so does `kotm undo --change N` when N is an undo. A change whose entries have been
    changed again since is refused, naming the later change to undo first, and nothing is changed. An undo of more
    than 100 entries asks first, unless --yes; without a terminal it is refused without --yes.

    \b
    Examples:
        kotm undo
        kotm undo --change 7
        kotm redo
    """
    from kotm import api

    if steps is not None:
        # `kotm undo 1` reads as "one step" as much as "change 1" (the built-in corpus): refuse to guess.
        raise click.UsageError(
            f"to undo change {steps}, say `kotm undo --change {steps}`; `kotm undo` alone undoes the latest change"
        )
    progress, finish = _progress_bar()
    try:
        done = api.undo(state.db, change_id, progress=progress, confirm=_confirm(yes, "Undoing"))
    finally:
        finish()
    if done is None:
        click.echo("Nothing undone.", err=True)
        return
    target = done.target
    click.echo(f"Undid change {target.id} ({target.action}: {target.summary}) as change {done.undo.id}.")


@click.command()
@yes_option
@pass_state
def redo(state: State, yes: bool) -> None:
    """Make the latest undone change again (it undoes that undo); run again, it redoes the undos before it.

    As for undo, entries changed since are not overwritten, and more than 100 entries ask first unless --yes.

    \b
    Examples:
        kotm undo
        kotm redo
    """
    from kotm import api

    progress, finish = _progress_bar()
    try:
        done = api.redo(state.db, progress=progress, confirm=_confirm(yes, "Redoing"))
    finally:
        finish()
    if done is None:
        click.echo("Nothing redone.", err=True)
        return
    undo_change = done.target
    click.echo(f"Redid change {undo_change.undoes} (undone by change {undo_change.id}) as change {done.undo.id}.")
