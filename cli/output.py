"""module that renders results: tables for people, JSON for programs. The only place that formats output."""

from __future__ import annotations

from collections.abc import Sequence

import click


def color_wanted(option: bool | None) -> bool | None:
    """Whether to write colour: ``--color``/``--no-color`` if given, else never when $NO_COLOR is set and not empty
    (no-color.org), else None: Click's default, colour on a terminal only."""
    import os

    if option is not None:
        return option
    if os.environ.get("NO_COLOR"):
        return False
    return None


def plural(count: int, noun: str, many: str | None = None) -> str:
    """``count`` and the noun that goes with it.

    >>> plural(1, "segment"), plural(2, "segment"), plural(0, "entry", "entries")
    ('1 segment', '2 segments', '0 entries')
    """
    return f"{count:,} {noun if count == 1 else many or noun + 's'}"


def echo_json(data) -> None:
    import json  # here and below, not at the top: `kotm --help` imports this module and needs neither

    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def echo_json_items(items) -> None:
    """A JSON array written item by item as ``items`` yields them, the same text as ``echo_json(list(items))``: a
    batch of any length is never held whole."""
    import json

    first = True
    for item in items:
        body = json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        click.echo(("[\n  " if first else ",\n  ") + body, nl=False)
        first = False
    click.echo("[]" if first else "\n]")


def mark(text: str, spans: Sequence[Sequence[int]]) -> str:
    """Highlight spans of text (shown in colour on a terminal, plain when piped)."""
    out, pos = [], 0
    for start, end in spans:
        out.append(text[pos:start])
        out.append(click.style(text[start:end], fg="yellow", bold=True))
        pos = end
    out.append(text[pos:])
    return "".join(out)


def table(rows: list[list], headers: list[str], wrap: Sequence[int] = ()) -> str:
    """A plain table; the columns at indexes ``wrap`` share what the terminal width leaves."""
    import shutil

    from tabulate import tabulate
    from wcwidth import wcswidth

    width = shutil.get_terminal_size((120, 24)).columns
    # A tab inside a segment would jump the columns: shown as ␉, the same in every table.
    rows = [[c.replace("\t", "␉") if isinstance(c, str) else c for c in r] for r in rows]
    maxcol: list[int | None] = [None] * len(headers)
    if wrap:
        # Display width, not code points: a Hangul syllable takes two columns.
        fixed = sum(
            max([wcswidth(str(h))] + [wcswidth(str(r[i])) for r in rows]) + 2
            for i, h in enumerate(headers)
            if i not in wrap
        )
        share = max(6, (width - fixed - 2 * len(wrap)) // len(wrap))
        for i in wrap:
            maxcol[i] = share
    return tabulate(
        rows,
        headers=headers,
        tablefmt="simple",
        maxcolwidths=maxcol,
        disable_numparse=True,
    )
