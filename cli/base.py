"""module for what every command shares: the error-converting group and the lazily opened database."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kotm.errors import KotmError

if TYPE_CHECKING:
    from collections.abc import Iterator

    from kotm.api import Database


# Exit status after SIGINT, as shells report it (128 + 2).
INTERRUPTED = 130


def measure_help_by_display_width() -> None:
    """Make Click wrap help text by display width, not code points: a Hangul syllable takes two columns, so a help
    paragraph of Korean examples wrapped at 60 code points reached 72 columns.

    Click measures every width it wraps or aligns by with one function, ``term_len`` (ANSI codes aside), which its
    formatting and text-wrapping modules import; kotm puts a display-width one in its place there. wcwidth is
    imported only when help is formatted.
    """
    import click.formatting

    try:
        import click._textwrap as textwrap_module
    except ImportError:  # a Click without it wraps with textwrap alone
        textwrap_module = None
    plain = click.formatting.term_len

    def display_width(text: str) -> int:
        from wcwidth import wcswidth

        visible = click.unstyle(text)
        width = wcswidth(visible)
        return width if width >= 0 else plain(text)

    for module in (click.formatting, textwrap_module):
        if module is not None and hasattr(module, "term_len"):
            module.term_len = display_width


class KotmGroup(click.Group):
    """What every command shares, in one place: the library's KotmError becomes ``Error: …`` on stderr and exit
    status 1; Ctrl-C exits with status 130 (not Click's "Aborted!" and 1); a closed pipe (``kotm export - | head``)
    ends the command quietly with status 0; ``-h`` is help; ``kotm`` alone prints the help and exits 0."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("context_settings", {}).setdefault("help_option_names", ["-h", "--help"])
        super().__init__(*args, **kwargs)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args and not ctx.resilient_parsing:
            click.echo(ctx.get_help(), color=ctx.color)
            ctx.exit(0)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KotmError as e:
            raise click.ClickException(str(e)) from None
        except KeyboardInterrupt:
            click.echo("\nkotm: interrupted", err=True)
            raise click.exceptions.Exit(INTERRUPTED) from None
        except BrokenPipeError:
            _quiet_stdout()
            raise click.exceptions.Exit(0) from None


def _quiet_stdout() -> None:
    """Point standard output at /dev/null once its reader has gone, so that the flush at exit does not fail again
    (the recipe of the Python docs, "Note on SIGPIPE")."""
    import sys

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no file descriptor (under CliRunner): nothing to flush there
        pass


def default_path() -> Path:
    """``$KOTM_DB`` if set, else ``kotm.db`` in the user's application directory."""
    env = os.environ.get("KOTM_DB")
    if env:
        return Path(env)
    return Path(click.get_app_dir("kotm")) / "kotm.db"


class State:
    """The context object: where the database lives, opened on first use."""

    def __init__(self, db_path: str | None):
        self._path = db_path
        self._db: Database | None = None

    @property
    def path(self) -> Path:
        return Path(self._path) if self._path else default_path()

    @property
    def db(self) -> Database:
        """The database handle that the use cases (``kotm.api``) take; created with the built-in corpus on first use."""
        if self._db is None:
            from kotm import api

            self._db = api.open_or_create(self.path, on_create=_say_created)
        return self._db


def _say_created(created) -> None:
    # A mistyped --db or $KOTM_DB would otherwise give a new database without a word.
    click.echo(
        f"kotm: created the database {created.path} "
        f"with the built-in corpus ({created.segments} segments, {created.terms} terms)",
        err=True,
    )


def show_notices() -> None:
    """Show the library's notices (the ``kotm`` logger: waiting for another writer, a long migration) on stderr as
    ``kotm: …``, once per process."""
    import logging

    class Notices(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            click.echo(f"kotm: {record.getMessage()}", err=True)

    log = logging.getLogger("kotm")
    if not any(type(h).__name__ == "Notices" for h in log.handlers):
        log.addHandler(Notices(logging.INFO))
        log.setLevel(logging.INFO)
        log.propagate = False


pass_state = click.make_pass_decorator(State)


class IsoDate(click.ParamType):
    """An ISO 8601 date (2024-05-01) or time (2024-05-01T09:30:00Z), as kotm stores times (UTC)."""

    name = "DATE"

    def convert(self, value, param, ctx) -> str:
        from kotm.api import parse_since

        try:
            return parse_since(value)
        except KotmError as e:
            self.fail(str(e), param, ctx)


json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")


def not_utf8(what: str, error: UnicodeDecodeError) -> click.ClickException:
    """The one-line error for input that is not UTF-8, as ``align`` gives for a file."""
    return click.ClickException(f"{what} is not UTF-8 text (byte {error.start})")


class Text(click.ParamType):
    """A text argument, refused in one line when it is not UTF-8.

    Python decodes arguments that are not UTF-8 with lone surrogates in place of the bad bytes (a query cut with
    ``head -c`` in the middle of a syllable); the analyser and SQLite would fail on them with a traceback.
    """

    name = "TEXT"

    def convert(self, value, param, ctx) -> str:
        if not isinstance(value, str):
            return value
        try:
            value.encode("utf-8")
            return value
        except UnicodeEncodeError:
            pass
        what = (
            "the text"
            if param is None
            else param.opts[0]
            if isinstance(param, click.Option)
            else param.human_readable_name
        )
        try:
            return value.encode("utf-8", "surrogateescape").decode("utf-8")
        except UnicodeEncodeError as e:
            raise click.ClickException(f"{what} is not valid text (character {e.start})") from None
        except UnicodeDecodeError as e:
            raise not_utf8(what, e) from None


TEXT = Text()


def stdin_lines() -> Iterator[str]:
    """The lines of standard input (UTF-8, a BOM skipped), read one at a time, so a batch of any length is never
    held whole; a line that is not UTF-8 gets the one-line error, its byte counted from the start of the input."""
    import sys

    stream = sys.stdin
    lines = stream.buffer if hasattr(stream, "buffer") else [stream.read().encode("utf-8", "surrogateescape")]
    offset = 0
    for raw in lines:
        try:
            line = raw.decode("utf-8-sig" if offset == 0 else "utf-8")
        except UnicodeDecodeError as e:
            e.start += offset
            raise not_utf8("standard input", e) from None
        offset += len(raw)
        yield from line.splitlines()  # as str.splitlines splits the whole input: \r, \u2028 and the rest too


def texts(text: str) -> Iterator[str]:
    """TEXT itself, or with ``-`` every non-empty line of standard input (batch mode), one at a time."""
    if text != "-":
        return iter([text])
    return (line for line in stdin_lines() if line.strip())


def lang_option(what: str):
    """``--lang ko|en``: which side to work on, when the language of the input cannot be told from it."""
    return click.option("--lang", type=click.Choice(["ko", "en"]), help=f"{what} (default: Korean if it has Hangul).")


# The scope that --domain and --source default to, comma-separated: a software project sets KOTM_DOMAIN=software
# once and no longer sees the built-in diplomatic glossary. An option given on the command line replaces it.
SCOPE_ENV = {"domain": "KOTM_DOMAIN", "source": "KOTM_SOURCE"}


def scope_options(what: str):
    """``--domain`` and ``--source`` (repeatable, or comma-separated): restrict ``what`` to those domains and
    sources; the defaults come from $KOTM_DOMAIN and $KOTM_SOURCE."""

    def decorate(f):
        for name in reversed(("domain", "source")):
            f = click.option(
                f"--{name}",
                f"{name}s",
                multiple=True,
                metavar=name.upper(),
                help=f"Only {what} of this {name} (repeat, or separate with commas; default: ${SCOPE_ENV[name]}).",
            )(f)
        return f

    return decorate


def scope(domains: tuple[str, ...], sources: tuple[str, ...]) -> dict[str, list[str] | None]:
    """The ``domains=`` and ``sources=`` of a use case: the options given, else the environment's default (None:
    any)."""
    out: dict[str, list[str] | None] = {}
    for name, given in (("domain", domains), ("source", sources)):
        values = list(given) if given else [os.environ.get(SCOPE_ENV[name], "")]
        split = [v.strip() for value in values for v in value.split(",") if v.strip()]
        out[f"{name}s"] = split or None
    return out
