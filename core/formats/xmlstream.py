"""module for the safe, streaming XML parsing that the TMX and TBX readers share."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import TYPE_CHECKING, BinaryIO

from kotm.errors import FormatError

if TYPE_CHECKING:
    from lxml import etree

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def nfc(text: str | None) -> str:
    return unicodedata.normalize("NFC", text) if text else ""


def elements(
    stream: BinaryIO,
    path: str | None,
    tags: tuple[str, ...],
    roots: tuple[str, ...],
    kind: str,
) -> Iterator[etree._Element]:
    """Yield each finished element whose tag is in ``tags``; the caller reads it, and it is freed after.

    Entities are never expanded, DTDs never loaded and nothing is fetched from the network; a document that
    declares entities is refused (no XXE, no billion laughs). The root must be one of ``roots`` (local names).
    Syntax and encoding errors become a one-line ``FormatError`` with the line number.
    """
    from lxml import etree

    context = etree.iterparse(
        stream,
        events=("start", "end"),
        tag=[f"{{*}}{name}" for name in tags + roots],
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        remove_comments=True,
        remove_pis=True,
        huge_tree=True,
    )
    seen_root = False
    try:
        for event, elem in context:
            local = etree.QName(elem).localname
            if event == "start":
                if not seen_root and local in roots:
                    seen_root = True
                    dtd = elem.getroottree().docinfo.internalDTD
                    if dtd is not None and any(True for _ in dtd.iterentities()):
                        raise FormatError(
                            path,
                            "the document declares XML entities, which kotm refuses to expand",
                            line=elem.sourceline,
                        )
                continue
            if local in roots:
                continue
            if not seen_root:
                raise FormatError(path, f"not a {kind} file", line=elem.sourceline)
            yield elem
            # Free what has been read: the element and the siblings before it (lxml, "iterparse and iterwalk").
            elem.clear(keep_tail=True)
            parent = elem.getparent()
            if parent is not None:
                while elem.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as e:
        message = e.msg or str(e)
        raise FormatError(
            path, f"not well-formed XML: {message}", line=e.lineno
        ) from None
    if not seen_root:
        root = context.root
        found = f"<{etree.QName(root).localname}>" if root is not None else "nothing"
        raise FormatError(path, f"not a {kind} file: its root element is {found}")
