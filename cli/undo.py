"""module for ``kotm undo``."""

from __future__ import annotations

import click

from kotm.cli.base import State, pass_state


@click.command()
@click.argument("change_id", metavar="[CHANGE]", type=int, required=False)
@pass_state
def undo(state: State, change_id: int | None) -> None:
    """Revert the latest change, or change number CHANGE (see `kotm history`), be it an add, a whole import, an
    edit, a delete or a merge.

    The undo is a change itself: undoing it redoes what it reverted. A change whose entries have been changed again
    since is refused, naming the later change to undo first, and nothing is changed.

    \b
    Examples:
        kotm undo
        kotm undo 7
    """
    import sys

    from kotm import api

    bar = None

    def progress(reverted: int, total: int) -> None:
        # A bar for the undo of a big import (a million segments take minutes), on a terminal only.
        nonlocal bar
        if bar is None and total >= 10_000 and sys.stderr.isatty():
            bar = click.progressbar(length=total, label="Undoing", file=sys.stderr)
        if bar is not None:
            bar.update(reverted - bar.pos)

    try:
        done = api.undo(state.db, change_id, progress=progress)
    finally:
        if bar is not None:
            bar.render_finish()
    target = done.target
    click.echo(f"Undid change {target.id} ({target.action}: {target.summary}) as change {done.undo.id}.")
