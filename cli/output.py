"""module that renders results: tables for people, JSON for programs. The only place that formats output."""

from __future__ import annotations

from collections.abc import Sequence

import click


def echo_json(data) -> None:
    import json  # here and below, not at the top: `kotm --help` imports this module and needs neither

    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


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

    width = shutil.get_terminal_size((120, 24)).columns
    maxcol: list[int | None] = [None] * len(headers)
    if wrap:
        fixed = sum(
            max([len(str(h))] + [len(str(r[i])) for r in rows]) + 2 for i, h in enumerate(headers) if i not in wrap
        )
        share = max(20, (width - fixed - 2 * len(wrap)) // len(wrap))
        for i in wrap:
            maxcol[i] = share
    return tabulate(
        rows,
        headers=headers,
        tablefmt="simple",
        maxcolwidths=maxcol,
        disable_numparse=True,
    )
