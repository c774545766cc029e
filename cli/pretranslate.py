"""module for ``kotm pretranslate``."""

from __future__ import annotations

import click

from kotm.cli.base import State, json_option, pass_state, scope, scope_options
from kotm.cli.output import echo_json, plural, table

# How a segment got its target, as the summary names it.
LABELS = {
    "exact": "identical match",
    "fixed": "fuzzy match, numbers/placeholders put right",
    "fuzzy": "fuzzy match",
    "kept": "translation kept from the file",
    "draft": "draft kept from the file",
    "none": "no match (empty target)",
}


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "-o",
    "--output",
    required=True,
    metavar="OUT",
    help="The file to write ('-': standard output, with --format; the summary then goes to stderr).",
)
@click.option(
    "--min-score",
    type=click.FloatRange(0, 100, min_open=True),
    default=75,
    show_default=True,
    help="Lowest fuzzy score whose target is put in.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["xliff", "xliff2", "po", "tmx"]),
    help="Output format; default: from OUT's extension (.xlf/.xliff XLIFF 1.2, .xlf2 XLIFF 2.1, .po, .tmx).",
)
@click.option(
    "--candidates",
    type=click.IntRange(1, 10),
    default=3,
    show_default=True,
    help="Matches offered beside each target (XLIFF alt-trans / translation candidates).",
)
@click.option(
    "--source-lang",
    type=click.Choice(["ko", "en"]),
    help="The document's language (default: that of most of its first segments).",
)
@click.option("--no-terms", is_flag=True, help="Leave the glossary terms out of the notes.")
@scope_options("segments and terms")
@json_option
@pass_state
def pretranslate(
    state: State,
    file: str,
    output: str,
    min_score: float,
    fmt: str | None,
    candidates: int,
    source_lang: str | None,
    no_terms: bool,
    domains: tuple[str, ...],
    sources: tuple[str, ...],
    as_json: bool,
) -> None:
    """Pre-translate a document from the memory, for a CAT tool.

    FILE is plain text (split into sentences as align splits it), PO, TMX (its source side) or XLIFF. Each segment
    whose best match scores at least --min-score gets that match's target, marked as an identical or fuzzy match
    with its score and origin (XLIFF 1.2: state and state-qualifier, the matches in alt-trans; XLIFF 2.1: the
    translation candidates module; PO: fuzzy below 100% and the score in a comment). Where the segment and the
    match differ only in numbers or placeholders, the segment's are put into the target and the segment is marked
    for review. Glossary terms found in each segment go into its notes. Segments without a match keep an empty
    target; a PO or XLIFF translation already confirmed in FILE is kept. An XLIFF FILE written as the same version
    of XLIFF keeps everything it held (header, skeleton, inline codes, other tools' data) and gets the targets.
    --domain and --source take matches and terms from only that part of the memory and glossary ($KOTM_DOMAIN
    and $KOTM_SOURCE set them for every command).

    \b
    Examples:
        kotm pretranslate report.ko.txt -o report.xlf
        kotm pretranslate ui.pot -o ui.ko.po --min-score 85
    """
    from kotm import api

    def warn(msg: str) -> None:
        click.echo(f"Warning: {msg}", err=True)

    result = api.pretranslate(
        state.db,
        file,
        output,
        min_score=min_score,
        fmt=fmt,
        candidates=candidates,
        source_lang=source_lang,
        terms=not no_terms,
        on_warning=warn,
        **scope(domains, sources),
    )
    if as_json:  # beside a document written to standard output, on stderr
        if result.output == "-":
            import json

            click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2), err=True)
        else:
            echo_json(result.to_dict())
        return
    rows = [[LABELS[how], f"{n:,}"] for how, n in result.counts.items() if n]
    rows.append(["total", f"{result.segments:,}"])
    name = {"xliff": "XLIFF 1.2", "xliff2": "XLIFF 2.1", "po": "PO", "tmx": "TMX"}[result.format]
    lang = {"ko": "Korean", "en": "English"}[result.source_lang]
    how = "XLIFF: the file as it was, with the targets filled in" if result.in_place else name
    summary = f"Wrote {plural(result.segments, 'segment')} ({lang} source) to {result.output} as {how}."
    click.echo(table(rows, ["target", "segments"]), err=result.output == "-")
    click.echo(summary, err=result.output == "-")
