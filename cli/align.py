"""module for ``kotm align``."""

from __future__ import annotations

import click

from kotm.cli.base import State, json_option, pass_state
from kotm.cli.output import echo_json, plural, table

# Same as kotm.tm.align.THRESHOLD, repeated so that --help needs no import of the aligner.
DEFAULT_THRESHOLD = 0.5


@click.command()
@click.argument("ko_file", type=click.Path(exists=True, dir_okay=False))
@click.argument("en_file", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Also write the links to FILE: .tsv (every link) or .tmx (the pairs).",
)
@click.option("--add", is_flag=True, help="Add the confident pairs to the memory as segments.")
@click.option(
    "--source",
    help="Source recorded on added segments. Default: KO_FILE+EN_FILE (file names).",
)
@click.option(
    "--min-confidence",
    type=click.FloatRange(0, 1),
    default=DEFAULT_THRESHOLD,
    show_default=True,
    help="Links below this confidence are flagged for review and not added.",
)
@click.option(
    "--no-glossary",
    is_flag=True,
    help="Do not use the database's glossary terms as anchors.",
)
@json_option
@pass_state
def align(
    state: State,
    ko_file: str,
    en_file: str,
    output: str | None,
    add: bool,
    source: str | None,
    min_confidence: float,
    no_glossary: bool,
    as_json: bool,
) -> None:
    """Align a Korean text KO_FILE with its English translation EN_FILE, sentence by sentence.

    Both are plain text (UTF-8, or UTF-16 with a BOM), paragraphs separated by blank lines. Links may join one
    sentence to one (1-1), to two (1-2, 2-1, 2-2), or to none (1-0, 0-1: left out of the translation). Each link
    gets a confidence; omissions and links below --min-confidence are flagged for review. Numbers, Latin-script
    words (5G, ICT) and the glossary's terms anchor the alignment.

    Nothing is stored unless --add is given; then the confident pairs are added in one transaction.

    \b
    Examples:
        kotm align statement.ko.txt statement.en.txt
        kotm align statement.ko.txt statement.en.txt --output review.tsv
        kotm align statement.ko.txt statement.en.txt --add --source summit-2019
    """
    from kotm import api

    source = source or api.default_align_source(ko_file, en_file)
    db = state.db if add or state.path.exists() else None
    result = api.align(db, ko_file, en_file, threshold=min_confidence, glossary=not no_glossary)
    if output:
        count = api.write_links(result, output, source)
        if output != "-":
            click.echo(f"Wrote {count} links to {output}.", err=True)
    if as_json:
        echo_json([link.to_dict() for link in result.links])
    elif output != "-":
        rows = [
            [
                n,
                link.type,
                f"{link.confidence:.2f}",
                "?" if link.flagged else "",
                link.ko_text,
                link.en_text,
            ]
            for n, link in enumerate(result.links, 1)
        ]
        click.echo(table(rows, ["#", "type", "conf", "", "ko", "en"], wrap=(4, 5)))
    flagged = [n for n, link in enumerate(result.links, 1) if link.flagged]
    types = ", ".join(f"{count} {kind}" for kind, count in sorted(result.counts.items()))
    click.echo(
        f"{len(result.ko_sentences)} Korean and {len(result.en_sentences)} English sentences, "
        f"{len(result.links)} links ({types}), aligned "
        f"{'paragraph by paragraph' if result.by_paragraph else 'across paragraphs'}; "
        f"{len(flagged)} flagged for review.",
        err=True,
    )
    if add:
        _add(state, api.add_links(state.db, result, source))


def _add(state: State, added) -> None:
    message = f"Added {plural(added.added, 'segment')} to {state.path}"
    if added.existing:
        message += f" ({added.existing} already there)"
    if added.flagged:
        message += f"; not added, for review: link{'s' if len(added.flagged) > 1 else ''} " + ", ".join(
            f"#{n}" for n in added.flagged
        )
    if added.skipped:
        message += f"; skipped {len(added.skipped)} that cannot be stored: " + ", ".join(
            f"#{n} ({why})" for n, why in added.skipped
        )
    click.echo(message + ".", err=True)
