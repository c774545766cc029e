"""module for ``kotm add-segment`` and ``kotm add-term``."""

from __future__ import annotations

import click

from kotm.cli.base import TEXT, State, pass_state
from kotm.units import TERM_STATUSES

meta_options = [
    click.option(
        "--source-lang",
        type=click.Choice(["ko", "en"]),
        default="ko",
        show_default=True,
        help="The language the entry was translated from (en for English→Korean work).",
    ),
    click.option("--domain", type=TEXT, default="", help="Subject field, e.g. diplomacy."),
    click.option("--note", type=TEXT, default="", help="A note for translators."),
    click.option("--source", type=TEXT, default="", help="Where the entry comes from, e.g. a document name."),
]


def with_meta(fn):
    for option in reversed(meta_options):
        fn = option(fn)
    return fn


@click.command("add-segment")
@click.argument("ko", type=TEXT)
@click.argument("en", type=TEXT)
@with_meta
@pass_state
def add_segment(state: State, ko: str, en: str, source_lang: str, domain: str, note: str, source: str) -> None:
    """Add an aligned pair: KO (Korean) and EN (its English translation).

    A pair that is already stored (spacing and Unicode form aside) is not added again.

    \b
    Example:
        kotm add-segment "양국은 협력을 강화하기로 했습니다." "The two countries agreed to strengthen cooperation." --source memo-2024
    """
    from kotm import api

    _said(api.add_segment(state.db, ko, en, source=source, domain=domain, note=note, source_lang=source_lang))


@click.command("add-term")
@click.argument("ko", type=TEXT)
@click.argument("en", type=TEXT)
@with_meta
@click.option(
    "--status",
    type=click.Choice(TERM_STATUSES, case_sensitive=False),
    help="The rendering's standing; kotm check reports a deprecated or forbidden one in a translation.",
)
@pass_state
def add_term(
    state: State, ko: str, en: str, source_lang: str, domain: str, note: str, source: str, status: str | None
) -> None:
    """Add a glossary term: KO (Korean, without particles) and EN (one English rendering).

    A term may have several renderings: add each as its own pair.

    \b
    Example:
        kotm add-term 정상회담 "summit meeting" --domain diplomacy
        kotm add-term 누르술탄 Nursultan --status forbidden
    """
    from kotm import api

    _said(
        api.add_term(
            state.db,
            ko,
            en,
            source=source,
            domain=domain,
            note=note,
            source_lang=source_lang,
            status=(status or "").lower(),
        )
    )


def _said(added) -> None:
    one = "segment" if added.table == "segments" else "term"
    if added.existed:
        click.echo(f"{one.capitalize()} {added.id} already holds this pair; nothing added.")
    else:
        click.echo(f"Added {one} {added.id}.")
