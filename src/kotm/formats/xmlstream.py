"""module for the safe, streaming XML parsing that the TMX, TBX and XLIFF readers share."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, BinaryIO

from kotm.errors import FormatError
from kotm.text import nfc as normalized

if TYPE_CHECKING:
    from lxml import etree

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def nfc(text: str | None) -> str:
    """Text of an element or attribute in NFC ('' for none)."""
    return normalized(text) if text else ""


def elements(
    stream: BinaryIO,
    path: str | None,
    tags: tuple[str, ...],
    roots: tuple[str, ...],
    kind: str,
) -> Iterator[etree._Element]:
    """Yield each finished element whose tag is in ``tags``; the caller reads it, and it is freed after.

    A tag is a local name, matched in any namespace (``"tu"``), or a name in one namespace (``"{urn:…}unit"``).

    Entities are never expanded, DTDs never loaded and nothing is fetched from the network; a document that
    declares entities is refused (no XXE, no billion laughs). The root must be one of ``roots`` (local names).
    Syntax and encoding errors become a one-line ``FormatError`` with the line number.
    """
    from lxml import etree

    etree.clear_error_log()  # the log an XMLSyntaxError carries is the thread's: keep earlier files' out of it
    context = etree.iterparse(
        stream,
        events=("end",),
        tag=[name if name.startswith("{") else f"{{*}}{name}" for name in tags],
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        remove_comments=True,
        remove_pis=True,
        huge_tree=True,
    )
    checked = external = False
    try:
        for _, elem in context:
            if not checked:
                _check_root(elem.getroottree().getroot(), path, roots, kind)
                docinfo = elem.getroottree().docinfo
                # Only a document with an external DTD can hold a reference to an entity that it does not declare
                # (elsewhere the parser refuses it): the parser leaves such a reference unexpanded, and reading on
                # would silently drop its text.
                external = bool(docinfo.system_url or docinfo.public_id)
                checked = True
            for ref in elem.iter(etree.Entity) if external else ():
                raise FormatError(
                    path,
                    f"the entity &{ref.name}; is not defined in the file (kotm does not load external DTDs)",
                    line=ref.sourceline,
                )
            yield elem
            # Free what has been read: the element and the siblings before it (lxml, "iterparse and iterwalk").
            elem.clear(keep_tail=True)
            parent = elem.getparent()
            if parent is not None:
                while elem.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as e:
        message, line = e.msg or str(e), e.lineno
        if not line:  # iterparse's own "no element found" at line 0 hides the parser's first error: name that one
            first = next((x for x in e.error_log if x.level >= etree.ErrorLevels.ERROR), None)
            if first is not None:
                message, line = first.message, first.line
        raise FormatError(path, f"not well-formed XML: {message}", line=line or None) from None
    if not checked:
        _check_root(context.root, path, roots, kind)


def _check_root(root, path: str | None, roots: tuple[str, ...], kind: str) -> None:
    from lxml import etree

    # With resolve_entities=False nothing is expanded anyway; a document that declares entities is refused.
    dtd = root.getroottree().docinfo.internalDTD if root is not None else None
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise FormatError(
            path,
            "the document declares XML entities, which kotm refuses to expand",
            line=1,
        )
    local = etree.QName(root).localname if root is not None else None
    if local not in roots:
        found = f"<{local}>" if local else "nothing"
        raise FormatError(path, f"not a {kind} file: its root element is {found}")
