"""module for ``kotm analyze``."""

from __future__ import annotations

import click

from kotm.cli.base import State, json_option, pass_state, scope, scope_options
from kotm.cli.output import echo_json, plural, table

HEADERS = ["band", "segments", "words", "characters", "no spaces"]


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--bands",
    metavar="LIST",
    help="Lower bounds of the match bands, comma-separated (default: 100,95,85,75,50; 100 is always one).",
)
@scope_options("segments")
@json_option
@pass_state
def analyze(
    state: State,
    files: tuple[str, ...],
    bands: str | None,
    domains: tuple[str, ...],
    sources: tuple[str, ...],
    as_json: bool,
) -> None:
    """Analyse documents against the memory: how many segments, words and characters fall in each match band.

    FILES are plain text (split into sentences as align splits it; the language is detected), PO, TMX or XLIFF
    (the source side of each unit). Each segment is counted in one band: repetition (its text came earlier in the run),
    101 (identical, and the segment before it was identical too), 100 (identical), 95-99, 85-94, 75-84, 50-74
    (the best fuzzy score) or no-match. Words are English words, or eojeol for Korean; characters are counted with
    and without spaces. --domain and --source match against only that part of the memory ($KOTM_DOMAIN and
    $KOTM_SOURCE set them for every command).

    \b
    Examples:
        kotm analyze report.ko.txt
        kotm analyze ui.po help.tmx --bands 100,90,70 --json
    """
    from kotm import api
    from kotm.errors import InputError

    try:
        bounds = api.parse_bands(bands)
    except InputError as e:
        raise click.BadParameter(str(e), param_hint="--bands") from None
    report = api.analyze(state.db, files, bands=bounds, **scope(domains, sources))
    if as_json:
        echo_json(report.to_dict())
        return
    parts = list(report.files)
    if len(parts) > 1:
        parts.append(report.total)
    blocks = []
    for part in parts:
        name = part.name if part.name is not None else f"Total ({plural(len(report.files), 'file')})"
        lang = {"ko": "Korean", "en": "English"}.get(part.source_lang or "", "")
        rows = [[label, *_cells(counts)] for label, counts in part.bands.items()]
        rows.append(["total", *_cells(part.total)])
        blocks.append(f"{name}{f' ({lang} source)' if lang else ''}\n{table(rows, HEADERS)}")
    click.echo("\n\n".join(blocks))


def _cells(counts) -> list[str]:
    return [f"{n:,}" for n in (counts.segments, counts.words, counts.characters, counts.characters_no_spaces)]
