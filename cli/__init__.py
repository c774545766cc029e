"""kotm.cli: the command-line interface. It parses arguments, calls the library and renders the results."""

from __future__ import annotations

import click

from kotm import __version__
from kotm.cli.add import add_segment, add_term
from kotm.cli.align import align
from kotm.cli.analyze import analyze
from kotm.cli.base import KotmGroup, State, measure_help_by_display_width, show_notices
from kotm.cli.check import check
from kotm.cli.dedupe import dedupe
from kotm.cli.delete import delete
from kotm.cli.edit import edit
from kotm.cli.export import export
from kotm.cli.history import history
from kotm.cli.import_ import import_
from kotm.cli.init import init
from kotm.cli.list_ import list_
from kotm.cli.match import match
from kotm.cli.output import color_wanted
from kotm.cli.pretranslate import pretranslate
from kotm.cli.scan import scan
from kotm.cli.search import search
from kotm.cli.serve import serve
from kotm.cli.stats import stats
from kotm.cli.term import term
from kotm.cli.undo import redo, undo


@click.group(cls=KotmGroup)
@click.version_option(__version__, prog_name="kotm")
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False),
    envvar="KOTM_DB",
    help="Database file. Default: $KOTM_DB, else kotm.db in the user's application directory.",
)
@click.option("--user", help="Who is making changes, for the history. Default: $KOTM_USER, else the login name.")
@click.option(
    "--color/--no-color",
    default=None,
    help="Colour the output (highlights, differences) or not. Default: on a terminal, unless $NO_COLOR is set.",
)
@click.pass_context
def cli(ctx: click.Context, db_path: str | None, user: str | None, color: bool | None) -> None:
    """kotm: a Korean–English glossary and translation memory.

    Search aligned segments and glossary terms in either language (Korean particles and endings are understood:
    협력 finds 협력을, 협력하기로, 국제협력), add your own, and export TMX or PO for CAT tools.
    The first command creates the database with the built-in corpus, the 2019 Korea–Kazakhstan summit statement.

    \b
    Example:
        kotm search 협력
    """
    ctx.obj = State(db_path)
    ctx.color = color_wanted(color)
    show_notices()
    if user:
        from kotm import api

        ctx.with_resource(api.acting_as(user))


COMMANDS = (init, search, term, match, scan, add_segment, add_term, align, import_, export, stats)
COMMANDS += (list_, edit, delete, dedupe, history, undo, redo, check)
COMMANDS += (serve, analyze, pretranslate)
for command in COMMANDS:
    cli.add_command(command)
measure_help_by_display_width()
