"""module for what every command shares: the error-converting group and the lazily opened database."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from kotm.errors import KotmError

if TYPE_CHECKING:
    import sqlite_utils


class KotmGroup(click.Group):
    """Turns the library's KotmError into ``Error: …`` on stderr and exit status 1, in one place."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KotmError as e:
            raise click.ClickException(str(e)) from None


class State:
    """The context object: where the database lives, opened on first use."""

    def __init__(self, db_path: str | None):
        self._path = db_path
        self._db: sqlite_utils.Database | None = None

    @property
    def path(self) -> Path:
        from kotm.db import default_path

        return Path(self._path) if self._path else default_path()

    @property
    def db(self) -> sqlite_utils.Database:
        if self._db is None:
            from kotm.builtin import open_or_create

            self._db = open_or_create(self.path)
        return self._db


pass_state = click.make_pass_decorator(State)

json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")


def lang_option(what: str):
    """``--lang ko|en``: which side to work on, when the language of the input cannot be told from it."""
    return click.option("--lang", type=click.Choice(["ko", "en"]), help=f"{what} (default: Korean if it has Hangul).")
