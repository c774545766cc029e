"""module for writing TMX 1.4b translation memory files (streaming, valid against the TMX 1.4b DTD)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import BinaryIO

import kotm
from kotm.units import Segment, Term

# XML 1.0 cannot hold these, not even as character references.
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def tmx_date(iso: str) -> str:
    """ISO 8601 UTC (2019-04-22T09:13:00Z) to the TMX form (20190422T091300Z).

    >>> tmx_date("2019-04-22T09:13:00Z")
    '20190422T091300Z'
    """
    return iso.replace("-", "").replace(":", "")


def write(
    units: Iterable[Segment | Term],
    out: BinaryIO,
    *,
    srclang: str = "ko",
    on_warning: Callable[[str], None] | None = None,
) -> int:
    """Write units as TMX 1.4b to a binary stream and return how many were written.

    Korean is the source (``srclang="ko"``). Dates, creator, last changer, source, domain and note travel as TMX
    attributes, ``<prop>`` and ``<note>``. Characters that XML 1.0 cannot hold are dropped and reported through ``on_warning``.
    """
    from lxml import etree

    def safe(text: str, where: str) -> str:
        cleaned = _ILLEGAL_XML.sub("", text)
        if cleaned != text and on_warning:
            on_warning(f"{where}: dropped {len(text) - len(cleaned)} character(s) that XML cannot hold")
        return cleaned

    header = {
        "creationtool": "kotm",
        "creationtoolversion": kotm.__version__,
        "segtype": "sentence",
        "o-tmf": "kotm",
        "adminlang": "en",
        "srclang": srclang,
        "datatype": "plaintext",
    }
    lang_attr = "{http://www.w3.org/XML/1998/namespace}lang"
    count = 0
    with etree.xmlfile(out, encoding="UTF-8") as xf:
        xf.write_declaration()
        xf.write_doctype('<!DOCTYPE tmx SYSTEM "tmx14.dtd">')
        with xf.element("tmx", version="1.4"):
            xf.write("\n  ")
            xf.write(etree.Element("header", header))
            xf.write("\n  ")
            with xf.element("body"):
                for unit in units:
                    attrs = {}
                    if unit.id is not None:
                        attrs["tuid"] = str(unit.id)
                    if unit.created:
                        attrs["creationdate"] = tmx_date(unit.created)
                    if unit.creator:
                        attrs["creationid"] = safe(unit.creator, f"unit {unit.id}")
                    if unit.changed:
                        attrs["changedate"] = tmx_date(unit.changed)
                    if unit.changer:
                        attrs["changeid"] = safe(unit.changer, f"unit {unit.id}")
                    tu = etree.Element("tu", attrs)
                    # According to the TMX DTD, notes and props come before the tuvs.
                    if unit.note:
                        etree.SubElement(tu, "note").text = safe(unit.note, f"unit {unit.id}")
                    for name in ("source", "domain"):
                        value = getattr(unit, name)
                        if value:
                            etree.SubElement(tu, "prop", type=f"x-{name}").text = safe(value, f"unit {unit.id}")
                    for lang in ("ko", "en"):
                        tuv = etree.SubElement(tu, "tuv", {lang_attr: lang})
                        etree.SubElement(tuv, "seg").text = safe(getattr(unit, lang), f"unit {unit.id}")
                    _indent(tu)
                    xf.write("\n    ")
                    xf.write(tu)
                    count += 1
                xf.write("\n  ")
            xf.write("\n")
    out.write(b"\n")
    return count


def _indent(tu) -> None:
    """Indent the children of a <tu> without touching the text inside <seg>, where whitespace is data."""
    children = list(tu)
    tu.text = "\n      "
    for n, child in enumerate(children):
        child.tail = "\n      " if n < len(children) - 1 else "\n    "
        if child.tag == "tuv":
            child.text = "\n        "
            child[0].tail = "\n      "
