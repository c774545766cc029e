"""module for ``kotm term``."""

from __future__ import annotations

import click

from kotm.cli.base import TEXT, State, json_option, lang_option, pass_state, scope, scope_options
from kotm.cli.output import echo_json, table


@click.command()
@click.argument("query", type=TEXT)
@lang_option("Look up by this side")
@click.option("--limit", type=click.IntRange(min=1), help="How many entries to show.")
@scope_options("terms")
@json_option
@pass_state
def term(
    state: State,
    query: str,
    lang: str | None,
    limit: int | None,
    domains: tuple[str, ...],
    sources: tuple[str, ...],
    as_json: bool,
) -> None:
    """Glossary look-up in either language.

    A Korean QUERY may carry particles and endings (카자흐스탄과의 finds 카자흐스탄); terms that contain QUERY are
    listed after exact matches. The match column says how each entry was found: exact, stem (QUERY minus its
    particles), starts or contains; an inflected form of a predicate term is found by its lemmas (개최할 finds
    개최하다: lemma). A Latin-script QUERY (API, 5G) finds entries by either side.

    --domain and --source restrict the look-up to those terms; $KOTM_DOMAIN and $KOTM_SOURCE (comma-separated)
    set them for every command: a software project need not see the built-in diplomatic glossary.

    \b
    Examples:
        kotm term 누르술탄
        kotm term 카자흐스탄과의
        kotm term "strategic partnership"
    """
    from kotm import api

    hits = api.term(state.db, query, lang=lang, limit=limit, **scope(domains, sources))
    if as_json:
        echo_json([h.to_dict() for h in hits])
        return
    if not hits:
        click.echo(f"No glossary entry for {query!r}.", err=True)
        return
    rows = [
        [
            h.term.id,
            h.term.ko,
            h.term.en,
            h.term.domain,
            h.to_dict()["match"],
            h.term.note,
        ]
        for h in hits
    ]
    click.echo(table(rows, ["id", "ko", "en", "domain", "match", "note"], wrap=(5,)))
