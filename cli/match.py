"""module for ``kotm match``."""

from __future__ import annotations

import click

from kotm.cli.base import TEXT, State, json_option, lang_option, pass_state, scope, scope_options, texts
from kotm.cli.output import echo_json, echo_json_items, table


def render_diff(ops) -> str:
    """The match's words with what differs from the query marked: [-query words-]{+match words+}."""
    parts = []
    for op, query, found in ops:
        if op == "equal":
            parts.append(found)
            continue
        marked = []
        if query:
            marked.append(click.style(f"[-{query}-]", fg="red"))
        if found:
            marked.append(click.style(f"{{+{found}+}}", fg="green"))
        parts.append("".join(marked))
    return " ".join(parts)


@click.command()
@click.argument("text", type=TEXT)
@lang_option("Match against this side")
@click.option(
    "--min-score",
    type=click.FloatRange(0, 100),
    default=70,
    show_default=True,
    help="Lowest score to show (Trados uses 70, memoQ 60, Weblate 75).",
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=5,
    show_default=True,
    help="How many matches to show.",
)
@scope_options("segments and terms")
@json_option
@pass_state
def match(
    state: State,
    text: str,
    lang: str | None,
    min_score: float,
    limit: int,
    domains: tuple[str, ...],
    sources: tuple[str, ...],
    as_json: bool,
) -> None:
    """Fuzzy TM look-up: the stored segments most similar to TEXT, with a score, and the glossary terms in TEXT.

    Korean TEXT is matched against the Korean side (ko→en work), English TEXT against the English side (en→ko).
    The score is 100 × (1 − d / max length), d being the character-level Levenshtein distance between the texts
    after Unicode NFC normalisation and whitespace collapsing (as memoQ and Trados measure it): 100 means identical
    normalised text; a changed particle in a 40-syllable sentence costs about 2.5 points. The diff column shows the
    match with what differs from TEXT marked as [-TEXT's words-]{+the match's words+}. With - each line of standard
    input is matched in turn.

    --domain and --source restrict both the segments matched and the terms listed; $KOTM_DOMAIN and $KOTM_SOURCE
    (comma-separated) set them for every command.

    \b
    Examples:
        kotm match "양국은 사법분야 협력을 강화하기로 했습니다."
        kotm match "We agreed to strengthen judicial cooperation." --min-score 60 --json
    """
    from kotm import api

    where = scope(domains, sources)
    # One line at a time, each result written as soon as it is found: a batch's memory does not grow with its length.
    results = (api.match(state.db, line, lang=lang, min_score=min_score, limit=limit, **where) for line in texts(text))
    if as_json:
        if text == "-":
            echo_json_items({"text": r.text, **r.to_dict()} for r in results)
        else:
            echo_json(next(results).to_dict())
        return
    for n, result in enumerate(results):
        line, matches, terms = result.text, result.matches, result.terms
        if text == "-":
            click.echo(("\n" if n else "") + f"» {line}")
        if matches:
            other = "en" if matches[0].lang == "ko" else "ko"
            rows = [
                [
                    m.segment.id,
                    f"{m.score:g}" + (" (draft)" if m.draft else ""),
                    render_diff(m.diff),
                    getattr(m.segment, other),
                ]
                for m in matches
            ]
            click.echo(
                table(
                    rows,
                    ["id", "score", "match (differences from TEXT marked)", other],
                    wrap=(2, 3),
                )
            )
        else:
            click.echo(f"No match scores {min_score:g} or more.", err=True)
        if terms:
            click.echo("")
            # As scan shows them: the text, the entry it is a form of (개최할 → 개최하다), the renderings.
            rows = []
            for t in terms:
                d = t.to_dict()
                entry = t.terms[0].ko if t.lang == "ko" else t.terms[0].en
                rows.append([t.text, entry, "; ".join(d["renderings"]), d["domain"], ", ".join(map(str, d["ids"]))])
            click.echo(table(rows, ["text", "term", "glossary", "domain", "ids"]))
