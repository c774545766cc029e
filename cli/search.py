"""module for ``kotm search``."""

from __future__ import annotations

import click

from kotm.cli.base import TEXT, State, json_option, lang_option, pass_state, scope, scope_options
from kotm.cli.output import echo_json, mark, plural, table


@click.command()
@click.argument("query", type=TEXT)
@lang_option("Search this side")
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=20,
    show_default=True,
    help="How many hits to show.",
)
@scope_options("segments")
@json_option
@pass_state
def search(
    state: State,
    query: str,
    lang: str | None,
    limit: int,
    domains: tuple[str, ...],
    sources: tuple[str, ...],
    as_json: bool,
) -> None:
    """Concordance: segments that contain QUERY, in either language.

    Korean is matched in any inflected form and inside compounds (협력 finds 협력을, 협력하기로, 협력사업,
    국제협력), spacing aside; hits where QUERY is a whole word come first. English is matched by word, in any
    case, with simple inflection (cooperate finds cooperation). A Korean QUERY that is not found is searched again
    without the particles and endings of its last word (카자흐스탄과의 → 카자흐스탄). A Korean QUERY of several
    words that fills less than a page also finds its words in order with particles and endings between them (협력
    강화 finds 협력도 강화하기로; match: lemma). When nothing is found, the nearest words the memory holds are
    suggested on stderr (Did you mean: 카자흐스탄?).

    --domain and --source restrict the search to those segments; $KOTM_DOMAIN and $KOTM_SOURCE (comma-separated)
    set them for every command.

    \b
    Examples:
        kotm search 카자흐스탄
        kotm search "전략적 동반자 관계" --json
        kotm search summit
    """
    from kotm import api

    result = api.search(state.db, query, lang=lang, limit=limit, **scope(domains, sources))
    if result.by_lemma:
        click.echo(
            f"Widened the search: also showing segments with the words of {query!r} in order, with particles or"
            " endings between them (match: lemma).",
            err=True,
        )
    elif result.hits and result.widened:
        click.echo(f"No segments contain {query!r}; showing those with {result.query!r}.", err=True)
    if not result.hits:
        if not as_json:
            click.echo(f"No segments contain {query!r}.", err=True)
        if result.suggestions:
            click.echo(f"Did you mean: {', '.join(result.suggestions)}?", err=True)
    if as_json:
        echo_json(result.to_dict())
        return
    if not result.hits:
        return
    rows = []
    for hit in result.hits:
        seg = hit.segment
        ko = mark(seg.ko, hit.spans) if hit.lang == "ko" else seg.ko
        en = mark(seg.en, hit.spans) if hit.lang == "en" else seg.en
        rows.append([seg.id, ko, en])
    click.echo(table(rows, ["id", "ko", "en"], wrap=(1, 2)))
    if result.total is None:
        click.echo(f"{plural(len(result.hits), 'segment')} shown; more match (raise --limit to see them)", err=True)
    else:
        click.echo(f"{len(result.hits)} of {plural(result.total, 'segment')}", err=True)
