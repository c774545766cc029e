"""module for ``kotm add-segment`` and ``kotm add-term``."""

from __future__ import annotations

import getpass
import os

import click

from kotm.cli.base import State, pass_state

meta_options = [
    click.option("--domain", default="", help="Subject field, e.g. diplomacy."),
    click.option("--note", default="", help="A note for translators."),
    click.option("--source", default="", help="Where the entry comes from, e.g. a document name."),
]


def with_meta(fn):
    for option in reversed(meta_options):
        fn = option(fn)
    return fn


def creator() -> str:
    """Who is adding: $KOTM_USER, else the login name."""
    try:
        return os.environ.get("KOTM_USER") or getpass.getuser()
    except (KeyError, OSError):
        return ""


@click.command("add-segment")
@click.argument("ko")
@click.argument("en")
@with_meta
@pass_state
def add_segment(state: State, ko: str, en: str, domain: str, note: str, source: str) -> None:
    """Add an aligned pair: KO (Korean) and EN (its English translation).

    A pair that is already stored (spacing and Unicode form aside) is not added again.

    \b
    Example:
        kotm add-segment "양국은 협력을 강화하기로 했습니다." "The two countries agreed to strengthen cooperation." --source memo-2024
    """
    from kotm.store import add_segments
    from kotm.units import Segment

    result = add_segments(
        state.db,
        [Segment(ko, en, source=source, domain=domain, note=note, creator=creator())],
    )
    if result.added:
        click.echo(f"Added segment {result.added[0]}.")
    else:
        click.echo(f"Segment {result.existing[0]} already holds this pair; nothing added.")


@click.command("add-term")
@click.argument("ko")
@click.argument("en")
@with_meta
@pass_state
def add_term(state: State, ko: str, en: str, domain: str, note: str, source: str) -> None:
    """Add a glossary term: KO (Korean, without particles) and EN (one English rendering).

    A term may have several renderings: add each as its own pair.

    \b
    Example:
        kotm add-term 정상회담 "summit meeting" --domain diplomacy
    """
    from kotm.store import add_terms
    from kotm.units import Term

    result = add_terms(
        state.db,
        [Term(ko, en, domain=domain, note=note, source=source, creator=creator())],
    )
    if result.added:
        click.echo(f"Added term {result.added[0]}.")
    else:
        click.echo(f"Term {result.existing[0]} already holds this pair; nothing added.")
