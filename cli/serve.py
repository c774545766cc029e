"""module for ``kotm serve``."""

from __future__ import annotations

import click

from kotm.cli.base import State, pass_state

SERVE_DEPENDENCIES = {"fastapi", "starlette", "uvicorn", "jinja2", "multipart", "python_multipart", "pydantic"}


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: every one).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--read-only", is_flag=True, help="Refuse every write, whatever the token.")
@click.option(
    "--tokens",
    "tokens_file",
    type=click.Path(exists=True, dir_okay=False),
    help="File of NAME:TOKEN lines: who may write (NAME goes into the history). Without it: read-only.",
)
@click.option("--read-token", metavar="TOKEN", help="Reads need this bearer token too (or a write token).")
@click.option("--cors", metavar="ORIGIN", multiple=True, help="Let pages of this origin call the API (repeatable).")
@pass_state
def serve(
    state: State,
    host: str,
    port: int,
    read_only: bool,
    tokens_file: str | None,
    read_token: str | None,
    cors: tuple[str, ...],
) -> None:
    """Serve the memory and the glossary over HTTP: a page for people, a JSON API under /api/v1/, and feeds that
    CAT tools pull (/export/memory.tmx, /export/glossary.tbx, .tsv) with ETags, until interrupted (Ctrl+C).

    Reads are open to whoever reaches the port (it binds to 127.0.0.1 unless --host says otherwise), or need
    --read-token. Writes need `Authorization: Bearer TOKEN` with a token from --tokens, whose name goes into the
    history. Needs the serve extra: pip install 'kotm[serve]'.

    \b
    Examples:
        kotm serve
        kotm serve --tokens team-tokens.txt --host 0.0.0.0 --port 8080
    """
    try:
        from kotm.web.app import serve as run
    except ImportError as e:
        if (e.name or "").partition(".")[0] not in SERVE_DEPENDENCIES:
            raise
        raise click.ClickException(f"kotm serve needs {e.name}: pip install 'kotm[serve]'") from None
    if tokens_file:
        from kotm.web.auth import read_tokens

        read_tokens(tokens_file)  # a bad tokens file is one line of error before anything is created or opened
    state.db.close()  # created with the built-in corpus on first use, as every command does
    run(
        state.path,
        host=host,
        port=port,
        tokens_file=tokens_file,
        read_token=read_token,
        read_only=read_only,
        cors=list(cors),
    )
