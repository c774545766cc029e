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
    from kotm.history import get_change
    from kotm.history import undo as run

    done = run(state.db, change_id)
    target = get_change(state.db, done.undoes)
    click.echo(f"Undid change {target.id} ({target.action}: {target.summary}) as change {done.id}.")
