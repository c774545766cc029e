"""module for ``kotm scan``."""

from __future__ import annotations

import click

from kotm.cli.base import TEXT, State, json_option, lang_option, pass_state, scope, scope_options, texts
from kotm.cli.output import echo_json, table


@click.command()
@click.argument("text", type=TEXT)
@lang_option("Language of TEXT")
@scope_options("terms")
@json_option
@pass_state
def scan(
    state: State, text: str, lang: str | None, domains: tuple[str, ...], sources: tuple[str, ...], as_json: bool
) -> None:
    """Find the glossary terms that occur in TEXT (or, with -, in each line of standard input).

    Korean terms are found in any inflected form and spacing (카자흐스탄과의, 전략적 동반자 관계를, 국제 IT 협력센터),
    on morpheme boundaries, so 정상 is not found in 비정상 nor 한복 in 한복판. English terms are found as whole
    words in any case, with plural and possessive endings. Where terms overlap, the longest wins. start and end are
    character offsets into the text. Predicate terms in dictionary form (개최하다) are found in any conjugation
    (개최할, 개최된), English terms in any inflection (hosted, hosting), Latin-script entries (5G, API) as whole
    tokens with their particles (5G를, not 5GHz).

    --domain and --source restrict the scan to those terms; $KOTM_DOMAIN and $KOTM_SOURCE (comma-separated) set
    them for every command.

    \b
    Examples:
        kotm scan "양국은 카자흐스탄과의 전략적 동반자 관계를 강화하기로 했다."
        kotm scan - --json < sentences.txt
    """
    from kotm import api

    batch = text == "-"
    where = scope(domains, sources)
    rows, data = [], []
    for n, line in enumerate(texts(text), start=1):
        for found in api.scan(state.db, line, lang=lang, **where):
            item = found.to_dict()
            if batch:
                item = {"line": n, **item}
            data.append(item)
            rows.append(
                ([n] if batch else [])
                + [
                    found.start,
                    found.end,
                    found.text,
                    # Every entry: for English text the Korean renderings (지도자; 정상), for Korean the English.
                    item["ko"] if found.lang == "ko" else "; ".join(dict.fromkeys(item["renderings"])),
                    "; ".join(item["renderings"])
                    if found.lang == "ko"
                    else "; ".join(dict.fromkeys(t["en"] for t in item["terms"])),
                    item["domain"],
                    ", ".join(map(str, item["ids"])),
                    item["note"],
                ]
            )
    if as_json:
        echo_json(data)
    elif rows:
        headers = (["line"] if batch else []) + [
            "start",
            "end",
            "text",
            "term",
            "en",
            "domain",
            "ids",
            "note",
        ]
        wrap = tuple(headers.index(name) for name in ("term", "en", "domain", "note"))
        click.echo(table(rows, headers, wrap=wrap))
    else:
        click.echo("No glossary terms found.", err=True)
