"""module for the placeholders and inline markup of a text, for the ``placeholder`` check: what a program or a
document fills in or renders, which a translation must keep as it is (translate-toolkit's pofilter ``printf``,
``pythonformat``, ``xmltags``, ``escapes``; Weblate's format checks).

Found: printf (``%s``, ``%d``, ``%1$s``, ``%.2f``, ``%(name)s``), Python and .NET braces (``{0}``, ``{name}``,
``{}``; ``{{`` is a literal brace), ``${var}``, XML/HTML tags (``<b>``, ``</b>``, ``<br/>``), backslash escapes
(``\\n``, ``\\t``) written in the text, and a TMX segment's inline codes (``<bpt>``, ``<ept>``, ``<ph>``, ``<it>``).

Korean text is kept apart from printf: ``%`` after a digit is a percentage (50%를, 3.5%p), never a placeholder, and
a space is not taken as a printf flag (``100% of`` is no ``% o``), which is where pofilter raises false alarms.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from kotm.text import compiled

_PRINTF = (
    r"(?<![\d%])%(?:\((?P<name>[A-Za-z_]\w*)\)|(?P<pos>\d+)\$)?[-+0#]*(?:\d+|\*)?(?:\.(?:\d+|\*))?"
    r"(?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGcrsa](?![A-Za-z]{2})"  # not %-formatting; %0.1fs is
)
# Braces with a name or an index: an empty {} is as often prose ("curly braces {}") as a placeholder.
_BRACES = r"(?<!\{)\{(?:[A-Za-z_][\w.]*|\d+)(?:![rsa])?(?::[^{}\s]{0,12})?\}(?!\})"
_DOLLAR = r"\$\{[A-Za-z_][\w.]*\}"
# A tag; not the target of a reStructuredText role or link (:term:`해시 가능 <hashable>`, `text <https://…>`_).
_TAG = r"</?[A-Za-z][\w:.-]*(?:\s+[\w:.-]+\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))*\s*/?>(?!`)"
# HTML elements that have no closing tag.
_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr", "col", "area", "source"})
_ESCAPE = r"\\[ntr]"
PLACEHOLDER = compiled("|".join(f"(?:{p})" for p in (_PRINTF, _BRACES, _DOLLAR, _TAG, _ESCAPE)))
# A TMX segment's inline codes, as the reader keeps them in ko_markup/en_markup.
_CODE = re.compile(r"<(bpt|ept|ph|it|hi)\b[^>]*?(?:/>|>(.*?)</\1>)", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Placeholder:
    text: str
    start: int
    end: int


def placeholders(text: str) -> list[Placeholder]:
    """The placeholders, tags and escapes of a text, in order.

    >>> [p.text for p in placeholders("Saved %(count)d files to {0} in <b>%s</b>\\\\n, 50%를")]
    ['%(count)d', '{0}', '<b>', '%s', '</b>', '\\\\n']
    """
    found = [Placeholder(m.group(), m.start(), m.end()) for m in PLACEHOLDER.finditer(text)]
    if not any(p.text.startswith("<") for p in found):
        return found
    # An opening tag is markup when it is closed in the text, closes itself, is a void element or has attributes;
    # otherwise it is text in angle brackets (<empty>, <unnamed>), which a translation translates.
    closed = {key(p.text)[2:] for p in found if p.text.startswith("</")}
    out = []
    for p in found:
        if p.text.startswith("<") and not p.text.startswith("</") and not p.text.endswith("/>"):
            name = compiled(r"<([\w:.-]+)").match(p.text).group(1)
            if f"{name}>" not in closed and name.lower() not in _VOID and "=" not in p.text:
                continue
        out.append(p)
    return out


def codes(markup: str) -> Counter[str]:
    """A TMX segment's inline codes (``<bpt>`` … with their native content), counted."""
    out: Counter[str] = Counter()
    for m in _CODE.finditer(markup):
        out[f"<{m.group(1)}>{m.group(2) or ''}"] += 1
    return out


def key(placeholder: str) -> str:
    """What must match between the sides: a printf or brace placeholder as it is, a tag by its name (attributes
    such as an href may be translated), an escape as it is."""
    if placeholder.startswith("<"):
        m = compiled(r"</?[\w:.-]+").match(placeholder)
        close = "/>" if placeholder.rstrip().endswith("/>") else ">"
        return (m.group() if m else placeholder) + close
    return placeholder
