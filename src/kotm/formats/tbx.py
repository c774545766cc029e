"""module for reading TBX termbases (TBX 2008 ``<martif>`` and TBX v3) and writing TBX 2008 TBX-Basic, streaming."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from itertools import groupby
from typing import TYPE_CHECKING, BinaryIO

from kotm.formats import ReadStats, accept, lang_side
from kotm.formats.xmlstream import XML_LANG, elements, nfc
from kotm.text import source_lang as check_lang
from kotm.units import Segment, Term

if TYPE_CHECKING:
    from lxml import etree

_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# termNote types kept per term (prefixed ko:/en: in props).
TERM_NOTES = ("partOfSpeech", "administrativeStatus", "termType", "grammaticalGender")


def _local(elem) -> str:
    from lxml import etree

    return etree.QName(elem).localname if isinstance(elem.tag, str) else ""


def _text(elem) -> str:
    return nfc("".join(elem.itertext()))


def _collect(elem, notes: list[str], props: dict[str, str], prefix: str = "") -> None:
    """Gather the descrip/note/termNote children of elem (also inside *Grp wrappers)."""
    for child in elem:
        name = _local(child)
        if name.endswith("Grp") and name not in ("termGrp",):
            _collect(child, notes, props, prefix)
        elif name == "note":
            notes.append(_text(child))
        elif name in ("descrip", "termNote", "admin"):
            kind = child.get("type", "")
            if name == "descrip" and kind == "subjectField":
                props.setdefault("subjectField", _text(child))
            elif name == "termNote" and kind not in TERM_NOTES:
                continue
            else:
                props.setdefault(f"{prefix}{kind}", _text(child))


# TBX administrativeStatus values (TBX-Basic: preferredTerm-admn-sts …) and the term status each gives; a superseded
# term is one not to use any more, as a deprecated one.
_STATUS_WORDS = {
    "preferred": "preferred",
    "admitted": "admitted",
    "deprecated": "deprecated",
    "superseded": "deprecated",
    "forbidden": "forbidden",
}


def status_of(value: str) -> str:
    """The term status an administrativeStatus value names, or "" when it names none.

    >>> status_of("preferredTerm-admn-sts"), status_of("supersededTerm-admn-sts"), status_of("legalTerm-admn-sts")
    ('preferred', 'deprecated', '')
    """
    word = value.strip().split("-")[0].removesuffix("Term").lower()
    return _STATUS_WORDS.get(word, "")


def _terms(lang_set) -> Iterator[tuple[str, list[str], dict[str, str]]]:
    """(term, notes, props) for each term of a langSet/langSec: tig, ntig/termGrp or termSec."""
    for holder in lang_set:
        name = _local(holder)
        if name not in ("tig", "ntig", "termSec"):
            continue
        group = holder.find("{*}termGrp") if name == "ntig" else holder
        if group is None:
            continue
        term = group.find("{*}term")
        if term is None:
            continue
        notes: list[str] = []
        props: dict[str, str] = {}
        _collect(group, notes, props)
        if group is not holder:
            _collect(holder, notes, props)
        yield _text(term), notes, props


def read(
    source: BinaryIO,
    stats: ReadStats | None = None,
    *,
    path: str | None = None,
) -> Iterator[Term]:
    """Stream the Korean–English term pairs of a TBX file: TBX 2008 (``<martif>``, ``tig``/``ntig``) or TBX v3.

    Each concept (``termEntry``/``conceptEntry``) gives one Term per Korean term and English term. Its
    ``subjectField`` is the domain; notes on the concept and on the English term are the note; definitions,
    contexts and term notes (part of speech …) go to ``props``; the English term's administrative status is the
    Term's ``status`` (``status_of``). A concept without a
    Korean or an English term is skipped and counted.
    """
    for entry in elements(source, path, ("termEntry", "conceptEntry"), ("martif", "tbx"), "TBX"):
        line = entry.sourceline
        notes: list[str] = []
        props: dict[str, str] = {}
        _collect(entry, notes, props)
        sides: dict[str, list[tuple[str, list[str], dict[str, str]]]] = {
            "ko": [],
            "en": [],
        }
        for lang_set in entry:
            if _local(lang_set) not in ("langSet", "langSec"):
                continue
            side = lang_side(lang_set.get(XML_LANG) or lang_set.get("lang"))
            if side is None:
                continue
            set_notes: list[str] = []
            set_props: dict[str, str] = {}
            _collect(lang_set, set_notes, set_props)
            for key, value in set_props.items():
                props.setdefault(key, value)
            notes.extend(set_notes)
            sides[side].extend(_terms(lang_set))
        if not sides["ko"] or not sides["en"]:
            missing = "Korean" if not sides["ko"] else "English"
            if stats is not None:
                stats.skip(f"concept has no {missing} term", line)
            continue
        domain = props.pop("subjectField", "")
        for ko, ko_notes, ko_props in sides["ko"]:
            for en, en_notes, en_props in sides["en"]:
                if not accept(stats, ko, en, line):
                    continue
                term_props = dict(props)
                term_props.update({f"ko:{k}": v for k, v in ko_props.items()})
                term_props.update({f"en:{k}": v for k, v in en_props.items()})
                if ko_notes:
                    term_props["ko:note"] = "\n".join(ko_notes)
                # The English term's status is the rendering's (a Term is one rendering); the value stays in props
                # only when it names no status kotm knows.
                status = status_of(term_props.get("en:administrativeStatus", ""))
                if status:
                    del term_props["en:administrativeStatus"]
                yield Term(
                    ko,
                    en,
                    domain=domain,
                    note="\n".join(notes + en_notes),
                    props=term_props,
                    status=status,
                )


def write(
    units: Iterable[Segment | Term],
    out: BinaryIO,
    *,
    on_warning: Callable[[str], None] | None = None,
    source_lang: str = "ko",
) -> int:
    """Write units as TBX 2008, TBX-Basic style (what OmegaT, translate-toolkit and Okapi read); returns the count.

    The renderings of one Korean term in one domain share a ``termEntry``: one ``tig`` for the Korean term, one
    for each English rendering, with its note. Units must come ordered by Korean (``store.iter_terms`` does).
    TBX is language-neutral: ``source_lang`` (``"ko"`` or ``"en"``) only sets the file's default ``xml:lang``, so that
    every writer takes the same option.
    """
    from lxml import etree

    def safe(text: str) -> str:
        cleaned = _ILLEGAL_XML.sub("", text)
        if cleaned != text and on_warning:
            on_warning(f"dropped characters that XML cannot hold from {cleaned!r}")
        return cleaned

    count = 0
    concept = 0
    # Serialised element by element: lxml's xmlfile writes xml:lang on the root with a wrong prefix (ns0:lang).
    check_lang(source_lang)
    out.write(
        b'<?xml version="1.0" encoding="UTF-8"?>\n<martif type="TBX-Basic" xml:lang="%s">\n'
        % source_lang.encode()
        + b"  <martifHeader><fileDesc><sourceDesc><p>kotm export</p></sourceDesc></fileDesc>"
        b'<encodingDesc><p type="XCSURI">TBXBasicXCSV02.xcs</p></encodingDesc></martifHeader>\n'
        b"  <text>\n    <body>\n"
    )
    for _, same_ko in groupby(units, key=lambda u: u.ko):
        by_domain: dict[str, list[Segment | Term]] = {}
        for unit in same_ko:
            by_domain.setdefault(unit.domain, []).append(unit)
        for domain, group in by_domain.items():
            concept += 1
            entry = _entry(group, domain, f"c{concept}", safe)
            out.write(b"      " + etree.tostring(entry, encoding="utf-8") + b"\n")
            count += len(group)
    out.write(b"    </body>\n  </text>\n</martif>\n")
    return count


def _entry(group: list, domain: str, ident: str, safe) -> etree._Element:
    from lxml import etree

    first = group[0]
    entry = etree.Element("termEntry", id=ident)
    if domain:
        etree.SubElement(entry, "descrip", type="subjectField").text = safe(domain)
    if first.props.get("definition"):
        etree.SubElement(entry, "descrip", type="definition").text = safe(first.props["definition"])
    for lang in ("ko", "en"):
        lang_set = etree.SubElement(entry, "langSet", {XML_LANG: lang})
        for unit in group if lang == "en" else group[:1]:
            tig = etree.SubElement(lang_set, "tig")
            etree.SubElement(tig, "term").text = safe(getattr(unit, lang))
            for kind in TERM_NOTES:
                value = unit.props.get(f"{lang}:{kind}")
                if lang == "en" and kind == "administrativeStatus" and getattr(unit, "status", ""):
                    value = f"{unit.status}Term-admn-sts"
                if value:
                    etree.SubElement(tig, "termNote", type=kind).text = safe(value)
            if unit.props.get(f"{lang}:context"):
                etree.SubElement(tig, "descrip", type="context").text = safe(unit.props[f"{lang}:context"])
            note = unit.note if lang == "en" else unit.props.get("ko:note", "")
            if note:
                etree.SubElement(tig, "note").text = safe(note)
    _indent(entry, 3)
    return entry


def _indent(elem, level: int) -> None:
    """Indent element-only content; the text of <term>, <note> and <descrip> is data and left alone."""
    children = list(elem)
    if not children:
        return
    pad = "\n" + "  " * (level + 1)
    elem.text = pad
    for n, child in enumerate(children):
        child.tail = pad if n < len(children) - 1 else "\n" + "  " * level
        if child.tag in ("termEntry", "langSet", "tig"):
            _indent(child, level + 1)
