"""module for reading TMX 1.4b and 1.1 and writing TMX 1.4b translation memory files, both streaming."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, BinaryIO
from xml.sax.saxutils import escape

import kotm
from kotm.formats import ReadStats, accept, lang_side
from kotm.formats.xmlstream import XML_LANG, elements, nfc
from kotm.text import chunks
from kotm.text import source_lang as check_lang
from kotm.units import Segment, Term

if TYPE_CHECKING:
    from lxml import etree

# Inline codes whose content is native code, not text (TMX 1.4b, level 2); <hi> holds translatable text.
CODES = {"bpt", "ept", "ph", "it", "ut"}
# How kotm pretranslate marks a target it put in without a translator's word (kotm.formats.bilingual: x-kotm-how).
UNCONFIRMED = frozenset({"fuzzy", "fixed", "draft"})
# <tu> attributes carried over through props (dates, creationid and changeid have fields of their own).
TU_ATTRS = ("usagecount", "lastusagedate")
_TMX_DATE = re.compile(r"^(\d{4})-?(\d\d)-?(\d\d)T(\d\d):?(\d\d):?(\d\d)Z$")


def tmx_date(iso: str) -> str:
    """ISO 8601 UTC (2019-04-22T09:13:00Z) to the TMX form (20190422T091300Z).

    >>> tmx_date("2019-04-22T09:13:00Z")
    '20190422T091300Z'
    """
    return iso.replace("-", "").replace(":", "")


def iso_date(value: str | None) -> str:
    """A TMX date (20190422T091300Z, or OmegaT's 2019-04-22T09:13:00Z) as ISO 8601 UTC; '' if it is not one.

    >>> iso_date("20190422T091300Z"), iso_date("yesterday")
    ('2019-04-22T09:13:00Z', '')
    """
    if not value:
        return ""
    m = _TMX_DATE.match(value.strip())
    if not m:
        return ""
    y, mo, d, h, mi, sec = m.groups()
    return f"{y}-{mo}-{d}T{h}:{mi}:{sec}Z"


def plain(seg: etree._Element) -> str:
    """The text of a <seg> as search sees it: native codes (<bpt>, <ph> …) left out, <hi> text kept."""
    if not len(seg):
        return seg.text or ""
    parts = [seg.text or ""]
    for child in seg:
        if not isinstance(child.tag, str):  # comments, processing instructions
            pass
        elif child.tag not in CODES:
            parts.append(plain(child))
        parts.append(child.tail or "")
    return "".join(parts)


def markup(seg: etree._Element) -> str:
    """The inner XML of a <seg> with inline elements, '' when it is plain text."""
    if not len(seg):
        return ""
    from lxml import etree

    return escape(seg.text or "") + "".join(etree.tostring(child, encoding="unicode", with_tail=True) for child in seg)


_UNIT_ATTRS = ("creationid", "creationdate", "changedate", "changeid", *TU_ATTRS)


def _attributes(*elems: etree._Element) -> dict[str, str]:
    """The unit attributes (dates, ids, usage) of the first of ``elems`` that has each."""
    found: dict[str, str] = {}
    for elem in elems:
        if len(elem.attrib) > (elem.tag == "tuv"):  # a <tuv> always has its language
            for name in _UNIT_ATTRS:
                if name not in found and (value := elem.get(name)) is not None:
                    found[name] = value
    return found


def _props(elem: etree._Element, props: dict[str, str], prefix: str) -> list[str]:
    """Collect the <prop>s of elem into props (key prefix + "prop:" + type); return its <note> texts."""
    notes = []
    for child in elem.iterchildren("prop", "note"):
        if child.tag == "prop":
            key = f"{prefix}prop:{child.get('type', '')}"
            value = nfc(child.text)
            props[key] = f"{props[key]}\n{value}" if key in props else value
        elif child.tag == "note":
            notes.append(nfc(child.text))
    return notes


def read(
    source: BinaryIO,
    stats: ReadStats | None = None,
    *,
    path: str | None = None,
    lines: bool = False,
    keep_empty: bool = False,
) -> Iterator[Segment]:
    """Stream the Korean–English pairs of a TMX 1.4b or 1.1 file (any encoding lxml detects; gunzip before).

    Each <tu> gives one Segment from its first Korean and first English <tuv> (``ko``, ``ko-KR``, ``ko_KR``,
    ``kor`` …; ``xml:lang`` or TMX 1.1 ``lang``); other languages are ignored, and a <tu> missing a side is skipped
    and counted on ``stats``. Dates and creationid fill the fields; <note>s the note; <prop type="x-source">
    and ``x-domain`` the source and domain; changeid the changer; other <prop>s and the like go to ``props``. A <seg> with
    inline codes keeps its inner XML in ``ko_markup``/``en_markup``; ``ko``/``en`` are its plain text.
    ``source_lang`` is the <tu>'s ``srclang``, else the header's (``"en"`` for OmegaT's en→ko memories), else ``"ko"``.

    :param lines: give each unit the line of its <tu> in ``props["line"]`` (for a checker's findings).
    :param keep_empty: also yield pairs an import skips (an empty side, Korean without Hangul), for a checker.
    """
    srclang = ""
    for elem in elements(source, path, ("header", "tu"), ("tmx",), "TMX"):
        if elem.tag == "header":
            srclang = elem.get("srclang", "")
            continue
        line = elem.sourceline
        tuvs: dict[str, etree._Element] = {}
        for tuv in elem.iterchildren("tuv"):
            side = lang_side(tuv.get(XML_LANG) or tuv.get("lang"))
            if side and side not in tuvs:
                tuvs[side] = tuv
        if ("ko" not in tuvs or "en" not in tuvs) and not (keep_empty and tuvs):
            missing = "Korean" if "ko" not in tuvs else "English"
            if stats is not None:
                stats.skip(f"<tu> has no {missing} <tuv>", line)
            continue
        segs = {side: next(tuv.iterchildren("seg"), None) for side, tuv in tuvs.items()}
        if (segs.get("ko") is None or segs.get("en") is None) and not (
            keep_empty and any(v is not None for v in segs.values())
        ):
            if stats is not None:
                stats.skip("<tuv> has no <seg>", line)
            continue
        # With keep_empty a <tu> of one side (a document not yet translated) is read with the other side empty.
        ko = nfc(plain(segs["ko"])) if segs.get("ko") is not None else ""
        en = nfc(plain(segs["en"])) if segs.get("en") is not None else ""
        if not accept(stats, ko, en, line, keep_empty):
            continue
        props: dict[str, str] = {"line": str(line)} if lines and line else {}
        notes = _props(elem, props, "")
        for side in ("ko", "en"):
            if side in tuvs and len(tuvs[side]) > 1:  # more than its <seg>
                notes_side = _props(tuvs[side], props, f"{side}:")
                if notes_side:
                    props[f"{side}:note"] = "\n".join(notes_side)
        # Dates and ids: the <tu>'s, else the Korean <tuv>'s (OmegaT puts them on the target), else the English.
        attrs = _attributes(elem, *(tuvs[side] for side in ("ko", "en") if side in tuvs))
        for name in TU_ATTRS:
            if attrs.get(name):
                props[name] = nfc(attrs[name])
        if elem.get("tuid"):
            props["tuid"] = nfc(elem.get("tuid"))
        # The <tu>'s own srclang wins over the header's (both occur, ImportTest1K); "*all*" or none: Korean.
        lang = lang_side(elem.get("srclang") or srclang) or "ko"
        if lang == "en":  # kept in props too: databases without a source_lang column still know it
            props["srclang"] = "en"
        # A target kotm pre-translated and nobody confirmed (bilingual.write's x-kotm-how) is no translation to store.
        if not keep_empty and props.get("prop:x-kotm-how") in UNCONFIRMED:
            if stats is not None:
                stats.skip(f"pre-translated by kotm, not confirmed (x-kotm-how {props['prop:x-kotm-how']})", line)
            continue
        source_name = props.pop("prop:x-source", "")
        domain = props.pop("prop:x-domain", "")
        yield Segment(
            ko,
            en,
            source=source_name,
            domain=domain,
            note="\n".join(notes),
            creator=nfc(attrs.get("creationid")),
            created=iso_date(attrs.get("creationdate")),
            changed=iso_date(attrs.get("changedate")),
            changer=nfc(attrs.get("changeid")),
            props=props,
            ko_markup=nfc(markup(segs["ko"])) if segs.get("ko") is not None else "",
            en_markup=nfc(markup(segs["en"])) if segs.get("en") is not None else "",
            source_lang=lang,
        )


# The columns of a stored segment that ``write_rows`` takes, in this order: text as UTF-8 bytes, as SQLite holds it
# (``store.iter_rows(..., utf8=True)`` reads them so), ``props`` its JSON.
COLUMNS = (
    "id",
    "ko",
    "en",
    "source",
    "domain",
    "note",
    "creator",
    "created",
    "changed",
    "changer",
    "props",
    "ko_markup",
    "en_markup",
)
# Only props keyed so, or with "prop:" in the key, are written (not, for one, an imported tuid): props whose JSON
# holds none of these, nor an escape that could spell one, are not parsed.
_KEYS_WRITTEN = {*TU_ATTRS, "ko:note", "en:note"}
_PROPS_WRITTEN = re.compile(b"|".join([b"prop:", b":note", *(name.encode() for name in TU_ATTRS), re.escape(b"\\")]))
# What XML 1.0 cannot hold, not even as character references, in UTF-8: the C0 controls but tab, LF and CR; U+FFFE
# and U+FFFF; surrogates (encoded with "surrogatepass", as a Python string can hold them).
_ILLEGAL_XML = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]|\xed[\xa0-\xbf][\x80-\xbf]")
_C0 = bytes(c for c in range(0x20) if c not in b"\t\n\r")
_SURROGATE = re.compile(rb"\xed[\xa0-\xbf]")
_AMP, _LT, _GT, _QUOT, _TAB, _LF, _CR, _EF = b'&<>"\t\n\r\xef'
_BATCH = 1000
_parsers = threading.local()  # lxml parsers must not be shared between threads


def _text(value: bytes) -> bytes:
    """Escape UTF-8 character data as lxml does (&, <, > and carriage return)."""
    if _AMP in value or _LT in value or _GT in value or _CR in value:
        value = value.replace(b"&", b"&amp;").replace(b"<", b"&lt;").replace(b">", b"&gt;").replace(b"\r", b"&#13;")
    return value


def _attr(value: bytes) -> bytes:
    """Escape a UTF-8 attribute value as lxml does (also quotes, tabs and line ends)."""
    value = _text(value)
    if _QUOT in value or _LF in value or _TAB in value:
        value = value.replace(b'"', b"&quot;").replace(b"\n", b"&#10;").replace(b"\t", b"&#9;")
    return value


def _utf8(text: str) -> bytes:
    """A Python string as UTF-8, surrogates kept (``safe`` drops them) rather than failing."""
    return text.encode("utf-8", "surrogatepass")


def write(
    units: Iterable[Segment | Term],
    out: BinaryIO,
    *,
    source_lang: str = "ko",
    on_warning: Callable[[str], None] | None = None,
) -> int:
    """Write units as TMX 1.4b to a binary stream and return how many were written.

    :param source_lang: the source language of the whole file, ``"ko"`` (the default) or ``"en"``: the header's
        ``srclang``, and the source <tuv> comes first in every <tu> (OmegaT and Okapi take ``srclang``).

    Dates, creator, last changer, source, domain and note travel as TMX attributes, ``<prop>`` and ``<note>``. Characters that XML 1.0 cannot hold are dropped and reported through
    ``on_warning``. Text inside ``<seg>`` is written exactly, without added whitespace.
    """
    return _write(map(_row, units), out, _direction(source_lang), on_warning, surrogates=True)


def write_rows(
    rows: Iterable[tuple],
    out: BinaryIO,
    *,
    source_lang: str = "ko",
    on_warning: Callable[[str], None] | None = None,
) -> int:
    """Write stored segments, rows of COLUMNS (text as UTF-8 bytes, props as JSON), as TMX 1.4b: the same bytes
    and warnings as ``write`` gives for the same segments, without a Segment per row nor decoding the text."""
    return _write(rows, out, _direction(source_lang), on_warning, surrogates=False)


def _direction(source_lang: str) -> str:
    return check_lang(source_lang)


def _row(unit: Segment | Term) -> tuple:
    """A unit as a row of COLUMNS, but with its props as they are (a dict)."""
    text = [unit.ko, unit.en, unit.source, unit.domain, unit.note, unit.creator, unit.created, unit.changed]
    text += [unit.changer, getattr(unit, "ko_markup", ""), getattr(unit, "en_markup", "")]
    utf8 = [_utf8(t) if t else b"" for t in text]
    return (unit.id, *utf8[:9], unit.props, *utf8[9:])


def _write(
    rows: Iterable[tuple],
    out: BinaryIO,
    source_lang: str,
    on_warning: Callable[[str], None] | None,
    surrogates: bool,
) -> int:
    """Write rows as TMX; ``surrogates``: whether their text may hold surrogates (a Python string's, not SQLite's).

    Each <tu> is written from a template with explicit escaping, in UTF-8 bytes, rather than built as an lxml
    element: that is 4–5 times faster (the export target is 90,000 units/s), and the tests hold the output to the TMX
    DTD, OmegaT's schema, translate-toolkit's reader and a hypothesis round trip. Units are written a thousand at a
    time, and characters that XML cannot hold are looked for once in the thousand: only a thousand that has some is
    written again, unit by unit, without them.
    """

    def safe(text: bytes, where: object) -> bytes:
        cleaned, dropped = _ILLEGAL_XML.subn(b"", text)
        if dropped and on_warning:
            on_warning(f"unit {where}: dropped {dropped} character(s) that XML cannot hold")
        return cleaned

    header = {
        "creationtool": "kotm",
        "creationtoolversion": kotm.__version__,
        "segtype": "sentence",
        "o-tmf": "kotm",
        "adminlang": "en",
        "srclang": source_lang,
        "datatype": "plaintext",
    }
    head = b" ".join(b'%s="%s"' % (k.encode(), _attr(_utf8(v))) for k, v in header.items())
    out.write(
        b"<?xml version='1.0' encoding='UTF-8'?>\n<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n"
        + b'<tmx version="1.4">\n  <header %s/>\n  <body>' % head
    )
    count = 0
    en_first = source_lang == "en"
    for batch in chunks(rows, _BATCH):
        data = b"".join([_tu(row, _as_is, en_first) for row in batch])
        if _holds_illegal(data, surrogates):
            data = b"".join([_tu(row, safe, en_first) for row in batch])
        out.write(data)
        count += len(batch)
    out.write(b"\n  </body>\n</tmx>\n")
    return count


def _as_is(text: bytes, where: object) -> bytes:
    """``safe`` for a thousand units that hold nothing XML cannot hold."""
    return text


def _holds_illegal(data: bytes, surrogates: bool) -> bool:
    """Whether UTF-8 data holds a character that XML 1.0 cannot hold (a surrogate only looked for if asked)."""
    if len(data.translate(None, _C0)) != len(data):
        return True
    if _EF in data and (b"\xef\xbf\xbe" in data or b"\xef\xbf\xbf" in data):
        return True
    return surrogates and _SURROGATE.search(data) is not None


@lru_cache(maxsize=256)
def _date(iso: bytes) -> bytes:
    """A stored date as a TMX attribute value (the units of one import share theirs)."""
    return _attr(iso.replace(b"-", b"").replace(b":", b""))


def _written_props(raw: dict[str, str] | bytes | None) -> dict[str, str]:
    """The props of a row (a dict, or JSON) that are written, ordered by key."""
    if not isinstance(raw, dict):
        if not raw or not _PROPS_WRITTEN.search(raw):
            return {}
        raw = json.loads(raw)
    return {key: raw[key] for key in sorted(raw) if "prop:" in key or key in _KEYS_WRITTEN}


def _tu(row: tuple, safe: Callable[[bytes, object], bytes], en_first: bool = False) -> bytes:
    """The <tu> of a row as indented XML, metadata first (the DTD puts <note> and <prop> before the <tuv>s), then
    the source <tuv> and the target one."""
    tuid, ko, en, source, domain, note, creator, created, changed, changer, props, ko_markup, en_markup = row
    props = _written_props(props)
    tu = [b"\n    <tu" if tuid is None else b'\n    <tu tuid="%d"' % tuid]
    if created:
        tu.append(b' creationdate="%s"' % _date(created))
    if creator:
        tu.append(b' creationid="%s"' % _attr(safe(creator, tuid)))
    if changed:
        tu.append(b' changedate="%s"' % _date(changed))
    if changer:
        tu.append(b' changeid="%s"' % _attr(safe(changer, tuid)))
    if props:
        for name in TU_ATTRS:
            if props.get(name):
                tu.append(b' %s="%s"' % (name.encode(), _attr(safe(_utf8(props[name]), tuid))))
    tu.append(b">")
    if note:
        tu.append(b"\n      <note>%s</note>" % _text(safe(note, tuid)))
    if source:
        tu.append(b'\n      <prop type="x-source">%s</prop>' % _text(safe(source, tuid)))
    if domain:
        tu.append(b'\n      <prop type="x-domain">%s</prop>' % _text(safe(domain, tuid)))
    if props:
        tu.append(_props_xml(props, "", b"\n      ", safe, tuid))
    ko_tuv = _tuv("ko", ko, ko_markup, props, safe, tuid)
    en_tuv = _tuv("en", en, en_markup, props, safe, tuid)
    tu += (en_tuv, ko_tuv) if en_first else (ko_tuv, en_tuv)
    tu.append(b"\n    </tu>")
    return b"".join(tu)


def _tuv(lang: str, text: bytes, inner: bytes, props: dict[str, str], safe, where: object) -> bytes:
    """The <tuv> of one side: its note and props, then the <seg> (with the stored markup if it still fits)."""
    meta = b""
    if props:
        if props.get(f"{lang}:note"):
            meta = b"\n        <note>%s</note>" % _text(safe(_utf8(props[f"{lang}:note"]), where))
        meta += _props_xml(props, f"{lang}:", b"\n        ", safe, where)
    seg = _seg(inner, text)
    if seg is None:
        seg = _text(safe(text, where))
    return b'\n      <tuv xml:lang="%s">%s\n        <seg>%s</seg>\n      </tuv>' % (lang.encode(), meta, seg)


def _props_xml(props: dict[str, str], prefix: str, indent: bytes, safe, where: object) -> bytes:
    """The <prop>s of the props keyed ``{prefix}prop:{type}`` (props come ordered by key)."""
    start = f"{prefix}prop:"
    return b"".join(
        b'%s<prop type="%s">%s</prop>'
        % (indent, _attr(safe(_utf8(key[len(start) :]), where)), _text(safe(_utf8(props[key]), where)))
        for key in props
        if key.startswith(start) and key != start
    )


def _seg(inner: bytes, text: bytes) -> bytes | None:
    """The stored inline markup of a <seg>, if it is well-formed and its plain text is still the unit's text (the
    text may have been edited since); else None, and the plain text is written."""
    if not inner:
        return None
    from lxml import etree

    parser = getattr(_parsers, "seg", None)
    if parser is None:  # made once per thread: a third of the time of a parse
        parser = _parsers.seg = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        seg = etree.fromstring(b"<seg>%s</seg>" % inner, parser)
    except etree.XMLSyntaxError:
        return None
    return inner if nfc(plain(seg)).strip() == text.decode("utf-8", "surrogatepass").strip() else None
