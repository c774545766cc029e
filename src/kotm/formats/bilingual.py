"""module for writing a pre-translated document: XLIFF 1.2, XLIFF 2.1, PO or TMX, streaming.

A pre-translated document is a stream of ``Translated`` units, one per source segment, each with the target the
memory gave it (or none), how it was got (``how``: an identical match, a fuzzy one, a fuzzy one whose numbers or
placeholders were put right, a translation the document already held, or nothing), the candidates behind it and
notes for the translator (the glossary terms in the segment). What each format says of it:

- XLIFF 1.2 (what OmegaT, memoQ and Trados read): the target's ``state`` and ``state-qualifier``
  (``translated``/``exact-match`` for an identical match; ``needs-review-translation`` with ``fuzzy-match``, or
  ``leveraged-tm`` where numbers or placeholders were changed; ``translated`` for the document's own confirmed
  translation, ``needs-review-translation`` for its draft; ``needs-translation`` on an empty target), every
  candidate in an ``<alt-trans match-quality="…" origin="…">``, the notes in ``<note from="kotm">``.
- XLIFF 2.1: the segment's ``state`` (``translated`` for an identical match, ``initial`` otherwise) and a
  ``subState`` ``kotm:exact-match``/``kotm:fuzzy-match``/``kotm:fixed-match``/``kotm:no-match``; the candidates in
  the Translation Candidates module (``<mtc:matches>``), the notes in ``<notes>``.
- PO: the ``fuzzy`` flag on every target below an identical match, the score and origin in an extracted comment
  (``#. kotm: 87.5% match …``), the notes in extracted comments; what a PO document's entries held (context,
  references, flags, comments) goes back as it was read.
- TMX: the score and how in ``<prop type="x-kotm-match">`` and ``x-kotm-how``, the notes in ``<note>``.

Text is written with explicit escaping, one unit at a time, so memory stays flat in the length of the document;
characters that XML 1.0 cannot hold are dropped and reported through ``on_warning``.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import BinaryIO
from xml.sax.saxutils import escape, quoteattr

import kotm
from kotm.errors import InputError
from kotm.text import source_lang as check_lang
from kotm.units import Segment

# How a unit got its target.
EXACT, FUZZY, FIXED, KEPT, DRAFT, NONE = "exact", "fuzzy", "fixed", "kept", "draft", "none"
HOWS = (EXACT, FIXED, FUZZY, KEPT, DRAFT, NONE)
# Output formats, and the extensions that name them.
OUTPUTS = ("xliff", "xliff2", "po", "tmx")
EXTENSIONS = {
    ".xlf": "xliff",
    ".xliff": "xliff",
    ".sdlxliff": "xliff",
    ".mqxliff": "xliff",
    ".xlf2": "xliff2",
    ".xliff2": "xliff2",
    ".po": "po",
    ".tmx": "tmx",
}
XLIFF12_NS = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF2_NS = "urn:oasis:names:tc:xliff:document:2.0"
MTC_NS = "urn:oasis:names:tc:xliff:matches:2.0"
# XML 1.0 holds no C0 controls but tab, LF and CR, no U+FFFE/U+FFFF and no lone surrogates.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# XLIFF 1.2 datatype of the file a document came from (the schema's list; x- for others).
_DATATYPE = {"text": "plaintext", "po": "po", "tmx": "x-tmx", "xliff": "xml"}


@dataclass(frozen=True, slots=True)
class Candidate:
    """A stored segment offered for a document segment: its source and target text, score and origin."""

    source: str
    target: str
    score: float
    origin: str = "kotm"
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Translated:
    """A document segment as pre-translation leaves it.

    :param how: ``exact``, ``fuzzy``, ``fixed`` (a fuzzy match whose numbers or placeholders were put right),
        ``kept`` (the document's own confirmed translation), ``draft`` (its unconfirmed one, where the memory had
        nothing better) or ``none``
    :param fixes: what was put right, as ``(match's text, document's text)`` pairs
    :param unit: the reader's unit (a PO entry's Segment), for a writer that keeps what the document held
    """

    id: str
    source: str
    target: str = ""
    how: str = NONE
    score: float | None = None
    candidates: tuple[Candidate, ...] = ()
    notes: tuple[str, ...] = ()
    fixes: tuple[tuple[str, str], ...] = ()
    line: int | None = None
    unit: object = field(default=None, compare=False)


def output_format(path: str, explicit: str | None = None) -> str:
    """``xliff`` (1.2), ``xliff2`` (2.1), ``po`` or ``tmx`` from ``explicit`` or the extension of ``path``.

    >>> output_format("out.xlf"), output_format("doc.XLIFF"), output_format("out.tmx"), output_format("x.xlf", "xliff2")
    ('xliff', 'xliff', 'tmx', 'xliff2')
    """
    if explicit:
        if explicit not in OUTPUTS:
            raise InputError(f"unknown output format {explicit!r} (choose from {', '.join(OUTPUTS)})")
        return explicit
    from pathlib import Path

    suffix = Path(str(path)).suffix.lower()
    if suffix not in EXTENSIONS:
        raise InputError(
            f"cannot tell the output format of {path} from its extension; use .xlf (XLIFF 1.2), .xlf2 (XLIFF 2.1), "
            ".po or .tmx, or --format"
        )
    return EXTENSIONS[suffix]


def write(
    units: Iterable[Translated],
    out: BinaryIO,
    fmt: str,
    *,
    source_lang: str,
    original: str = "",
    datatype: str = "text",
    on_warning: Callable[[str], None] | None = None,
    po_header: str | None = None,
) -> int:
    """Write the units of one document in ``fmt`` (``OUTPUTS``) and return how many were written.

    :param source_lang: the document's source language, ``ko`` or ``en`` (the target is the other)
    :param original: the document's name, for XLIFF's ``original``
    :param datatype: what the document was (``text``, ``po``, ``tmx``, ``xliff``), for XLIFF 1.2's ``datatype``
    :param po_header: for PO, the header of the PO document, written as it was (``kotm.formats.po.header``)
    """
    source_lang = check_lang(source_lang)
    target_lang = "en" if source_lang == "ko" else "ko"
    if fmt == "xliff":
        return _xliff12(units, out, source_lang, target_lang, original, datatype, on_warning)
    if fmt == "xliff2":
        return _xliff21(units, out, source_lang, target_lang, original, on_warning)
    if fmt == "po":
        from kotm.formats import po

        units = _segments(units, source_lang, "po")
        return po.write(units, out, project=original or "kotm", source_lang=source_lang, header_text=po_header)
    if fmt == "tmx":
        from kotm.formats import tmx

        return tmx.write(_segments(units, source_lang, "tmx"), out, source_lang=source_lang, on_warning=on_warning)
    raise InputError(f"unknown output format {fmt!r} (choose from {', '.join(OUTPUTS)})")


# ---- XLIFF


class _Text:
    """Escaping for XML text and attributes, dropping what XML cannot hold (and saying so once per unit)."""

    def __init__(self, on_warning: Callable[[str], None] | None):
        self.on_warning = on_warning
        self.where = ""

    def clean(self, text: str) -> str:
        cleaned, dropped = _ILLEGAL.subn("", text)
        if dropped and self.on_warning:
            self.on_warning(f"segment {self.where}: dropped {dropped} character(s) that XML cannot hold")
        return cleaned

    def text(self, text: str) -> str:
        return escape(self.clean(text), {"\r": "&#13;"})

    def attr(self, text: str) -> str:
        return quoteattr(self.clean(text), {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def _score(score: float | None) -> str:
    """A score as an attribute value: ``87.5``, ``100``."""
    if score is None:
        return "0"
    return f"{score:.1f}".removesuffix(".0")


_STATE12 = {
    EXACT: ("translated", "exact-match"),
    FIXED: ("needs-review-translation", "leveraged-tm"),
    FUZZY: ("needs-review-translation", "fuzzy-match"),
}


def _xliff12(units, out, source_lang, target_lang, original, datatype, on_warning) -> int:
    x = _Text(on_warning)
    out.write(
        (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<xliff version="1.2" xmlns="{XLIFF12_NS}">\n'
            f"  <file original={x.attr(original or 'document')} source-language={x.attr(source_lang)}"
            f" target-language={x.attr(target_lang)} datatype={x.attr(_DATATYPE.get(datatype, 'plaintext'))}"
            ' tool-id="kotm">\n'
            "    <header>\n"
            f'      <tool tool-id="kotm" tool-name="kotm" tool-version={x.attr(kotm.__version__)}/>\n'
            "    </header>\n"
            "    <body>\n"
        ).encode()
    )
    count = 0
    ids = _Ids()
    for unit in units:
        x.where = unit.id
        uid = ids(unit, count + 1)
        source = _inline(_source_markup(unit, source_lang), 1, x) or x.text(unit.source)
        parts = [f"      <trans-unit id={x.attr(uid)}>\n", f"        <source>{source}</source>\n"]
        if unit.how in _STATE12:
            state, qualifier = _STATE12[unit.how]
            parts.append(
                f'        <target state="{state}" state-qualifier="{qualifier}">{x.text(unit.target)}</target>\n'
            )
        elif unit.how == KEPT:
            parts.append(f'        <target state="translated">{x.text(unit.target)}</target>\n')
        elif unit.how == DRAFT:
            parts.append(f'        <target state="needs-review-translation">{x.text(unit.target)}</target>\n')
        else:
            parts.append('        <target state="needs-translation"></target>\n')
        for c in unit.candidates:
            parts.append(
                f'        <alt-trans match-quality="{_score(c.score)}" origin={x.attr(c.origin)}>\n'
                f"          <source>{x.text(c.source)}</source>\n"
                f"          <target>{x.text(c.target)}</target>\n"
                "        </alt-trans>\n"
            )
        for note in _notes(unit):
            parts.append(f'        <note from="kotm">{x.text(note)}</note>\n')
        parts.append("      </trans-unit>\n")
        out.write("".join(parts).encode("utf-8"))
        count += 1
    out.write(b"    </body>\n  </file>\n</xliff>\n")
    return count


_STATE2 = {
    EXACT: ("translated", "kotm:exact-match"),
    FIXED: ("initial", "kotm:fixed-match"),
    FUZZY: ("initial", "kotm:fuzzy-match"),
    KEPT: ("translated", "kotm:kept"),
    DRAFT: ("initial", "kotm:draft"),
    NONE: ("initial", "kotm:no-match"),
}


def _xliff21(units, out, source_lang, target_lang, original, on_warning) -> int:
    x = _Text(on_warning)
    out.write(
        (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<xliff xmlns="{XLIFF2_NS}" xmlns:mtc="{MTC_NS}" version="2.1"'
            f" srcLang={x.attr(source_lang)} trgLang={x.attr(target_lang)}>\n"
            f'  <file id="f1" original={x.attr(original or "document")}>\n'
        ).encode()
    )
    count = 0
    ids = _Ids(nmtoken=True)
    for unit in units:
        count += 1
        x.where = unit.id
        uid = ids(unit, count)
        parts = [f"    <unit id={x.attr(uid)}>\n"]
        if unit.candidates:
            parts.append("      <mtc:matches>\n")
            for n, c in enumerate(unit.candidates, 1):
                parts.append(
                    f'        <mtc:match id="m{n}" ref="#s1" matchQuality="{_score(c.score)}"'
                    f' similarity="{_score(c.score)}" type="tm" origin={x.attr(c.origin)}>\n'
                    f"          <source>{x.text(c.source)}</source>\n"
                    f"          <target>{x.text(c.target)}</target>\n"
                    "        </mtc:match>\n"
                )
            parts.append("      </mtc:matches>\n")
        notes = _notes(unit)
        if notes:
            parts.append("      <notes>\n")
            parts.extend(f'        <note category="kotm">{x.text(note)}</note>\n' for note in notes)
            parts.append("      </notes>\n")
        state, sub = _STATE2[unit.how]
        parts.append(f'      <segment id="s1" state="{state}" subState="{sub}">\n')
        source = _inline(_source_markup(unit, source_lang), 2, x) or x.text(unit.source)
        parts.append(f"        <source>{source}</source>\n")
        parts.append(f"        <target>{x.text(unit.target)}</target>\n" if unit.how != NONE else "")
        parts.append("      </segment>\n    </unit>\n")
        out.write("".join(parts).encode("utf-8"))
    out.write(b"  </file>\n</xliff>\n")
    return count


_NMTOKEN = re.compile(r"[\w.:-]+")


class _Ids:
    """The ids of the units of a file written here, one <file>: the document's own, which are unique within each of
    its <file>s, with the file's number before them from its second <file> on (two <file>s may use the same ids),
    so nothing is kept per unit. ``nmtoken`` (XLIFF 2): an id that is no NMTOKEN becomes the unit's number."""

    def __init__(self, nmtoken: bool = False):
        self.nmtoken = nmtoken
        self.original: object = None
        self.files = 0

    def __call__(self, unit: Translated, n: int) -> str:
        original = getattr(unit.unit, "original", None)
        if original != self.original or not self.files:
            self.original = original
            self.files += 1
        uid = unit.id or str(n)
        if self.files > 1:
            uid = f"f{self.files}-{uid}"
        if self.nmtoken and not _NMTOKEN.fullmatch(uid):
            uid = f"u{n}"
        return uid


def _notes(unit: Translated) -> list[str]:
    """What the translator is told: how the target was got, then the notes (glossary terms)."""
    out = []
    best = unit.candidates[0] if unit.candidates else None
    if best is not None:
        where = f"{best.origin}, segment {best.id}" if best.id is not None else best.origin
        if unit.how == DRAFT:
            out.append(
                f"kotm: the file's own draft is kept; the memory's best is a {_score(unit.score)}% match ({where})"
            )
        else:
            out.append(f"kotm: {_score(unit.score)}% match ({where})")
    if unit.fixes:
        changed = ", ".join(f"{a} → {b}" for a, b in unit.fixes)
        out.append(f"kotm: changed to the document's numbers and placeholders ({changed}); check them")
    out.extend(unit.notes)
    return out


def _source_markup(unit: Translated, source_lang: str) -> str:
    """The TMX inline markup of a unit's source as its reader kept it (an XLIFF unit's ``source_markup``, a TMX
    unit's ``ko_markup``/``en_markup``), or ''."""
    held = unit.unit
    if held is None:
        return ""
    return getattr(held, "source_markup", "") or getattr(held, f"{source_lang}_markup", "") or ""


def _inline(markup: str, version: int, x: _Text) -> str | None:
    """A source's TMX inline markup as XLIFF content with its codes: 1.2 ``<bpt id>``/``<ept id>``, ``<ph id>``,
    ``<it id pos>`` holding the native code; 2.1 ``<sc id/>``/``<ec startRef/>``, ``<ph id/>`` and isolated
    ``<sc/>``/``<ec/>``, the native code in ``disp``. None when there is none, or it is not well-formed."""
    if not markup:
        return None
    from lxml import etree

    try:
        seg = etree.fromstring(f"<seg>{markup}</seg>", etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return None
    out = [x.text(seg.text or "")]
    n = 0
    for child in seg:
        if not isinstance(child.tag, str):
            out.append(x.text(child.tail or ""))
            continue
        n += 1
        native = x.clean("".join(child.itertext()))
        i = child.get("i") or child.get("x") or str(n)
        if child.tag == "hi":
            out.append(x.text(native))
        elif version == 1:
            if child.tag in ("bpt", "ept"):
                out.append(f"<{child.tag} id={x.attr(i)}>{escape(native)}</{child.tag}>")
            elif child.tag == "it":
                pos = "close" if child.get("pos") == "end" else "open"
                out.append(f'<it id={x.attr(f"i{n}")} pos="{pos}">{escape(native)}</it>')
            else:  # ph, ut
                out.append(f"<ph id={x.attr(f'p{n}')}>{escape(native)}</ph>")
        elif child.tag == "bpt":
            out.append(f"<sc id={x.attr(f'b{i}')} disp={x.attr(native)}/>")
        elif child.tag == "ept":
            out.append(f"<ec startRef={x.attr(f'b{i}')} disp={x.attr(native)}/>")
        elif child.tag == "it":
            tag = "ec" if child.get("pos") == "end" else "sc"
            out.append(f'<{tag} id={x.attr(f"i{n}")} isolated="yes" disp={x.attr(native)}/>')
        else:
            out.append(f"<ph id={x.attr(f'p{n}')} disp={x.attr(native)}/>")
        out.append(x.text(child.tail or ""))
    return "".join(out)


# ---- PO and TMX: a Segment per unit, written by their own writers


def _segments(units: Iterable[Translated], source_lang: str, fmt: str) -> Iterator[Segment]:
    for unit in units:
        held = unit.unit if isinstance(unit.unit, Segment) else None
        props = {k: v for k, v in held.props.items() if k.startswith(("po:", "prop:x-context"))} if held else {}
        notes = _notes(unit)
        if fmt == "po":
            flags = [f.strip() for f in props.get("po:flags", "").split(",") if f.strip() and f.strip() != "fuzzy"]
            if unit.how in (FUZZY, FIXED, DRAFT):
                flags.append("fuzzy")
            if flags:
                props["po:flags"] = ", ".join(flags)
            else:
                props.pop("po:flags", None)
            if unit.how == NONE:  # the file's text is gone with its translation
                props.pop("po:msgstr", None)
        else:
            props = {k: v for k, v in props.items() if k == "prop:x-context"}
            if unit.score is not None:
                props["prop:x-kotm-match"] = _score(unit.score)
            props["prop:x-kotm-how"] = unit.how
        note = "\n".join(notes)
        if held is not None and held.note and fmt == "po":
            note = "\n".join(filter(None, [held.note, note]))
        ko, en = (unit.source, unit.target) if source_lang == "ko" else (unit.target, unit.source)
        # TMX keeps the source's inline codes (the TMX writer checks that they still spell the text).
        codes = _source_markup(unit, source_lang) if fmt == "tmx" else ""
        markup = {f"{source_lang}_markup": codes} if codes else {}
        seg = Segment(ko, en, note=note, props=props, source_lang=source_lang, **markup)
        if held is not None and fmt == "po":
            seg = replace(seg, props={**props, **_as_read(held, source_lang, unit)})
        yield seg


def _as_read(held: Segment, source_lang: str, unit: Translated) -> dict[str, str]:
    """The msgid (and a kept msgstr) as the PO file spelled them, which the PO writer writes back."""
    out = {}
    if "po:msgid" in held.props:
        out["po:msgid"] = held.props["po:msgid"]
    if unit.how in (KEPT, DRAFT) and "po:msgstr" in held.props:
        out["po:msgstr"] = held.props["po:msgstr"]
    return out


# ---- an XLIFF document pre-translated in place


def xliff_version(path: str) -> str:
    """``xliff`` for an XLIFF 1.x file, ``xliff2`` for 2.x, from the root element's namespace (the file has been read
    by ``kotm.formats.xliff`` before, which says what is wrong with one that is not XLIFF)."""
    from lxml import etree

    from kotm.formats import open_input
    from kotm.formats.xliff import NS20

    with open_input(path) as stream:
        parse = etree.iterparse(stream, events=("start",), resolve_entities=False, no_network=True, load_dtd=False)
        for _, elem in parse:
            return "xliff2" if etree.QName(elem).namespace == NS20 else "xliff"
    return "xliff"


def fill_xliff(
    path: str,
    units: Iterable[Translated],
    out: BinaryIO,
    *,
    on_warning: Callable[[str], None] | None = None,
) -> int:
    """Write the XLIFF file at ``path`` again with the targets of ``units`` (its segments pre-translated, in
    order, as ``kotm.formats.xliff.read_document`` read them) put in, and everything else as the file had it:
    its header, skeleton, inline codes in the sources, other tools' attributes and elements.

    XLIFF 1.2: the target of a <trans-unit> (or, in a segmented unit as Trados Studio and Okapi write them, the
    target <mrk mtype="seg"> of the segment) gets the text, its ``state`` and ``state-qualifier`` as ``write``
    sets them; the candidates go into <alt-trans> (with ``mid`` for a segment) and the notes into <note
    from="kotm">, right after the target, as the schema orders them; SDLXLIFF's <sdl:seg> gets ``conf``
    (``Translated`` for an identical match, else ``Draft``), ``percent`` and ``origin="tm"``. XLIFF 2: the
    <segment>'s target, ``state`` and ``subState``, the candidates in the unit's <mtc:matches> and the notes in
    its <notes>. A segment left without a match, and a translation the file already held (a draft too), keep their
    target as it was; every segment gets its candidates and notes (the glossary terms). A segmented 1.2 unit
    without Trados's per-segment states gets its target's ``state`` from the weakest of its segments, so that an
    import never takes a fuzzy match as confirmed.
    The target text is plain: a source's inline codes are for the translator to place.

    The file is held as a tree while it is written (XLIFF files from CAT tools are of a size lxml holds easily);
    the units come one at a time.
    """
    from lxml import etree

    from kotm.formats.xliff import NS11, NS12, NS20

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)
    try:
        tree = etree.parse(path, parser)
    except etree.XMLSyntaxError as e:
        from kotm.errors import FormatError

        raise FormatError(path, f"not well-formed XML: {e.msg}", line=e.lineno) from None
    root = tree.getroot()
    ns = etree.QName(root).namespace or ""
    x = _Text(on_warning)
    stream = iter(units)
    pending = next(stream, None)
    count = 0
    for elem, uid, line, place in _places(root, ns, NS11, NS12, NS20):
        if pending is None:
            break
        if pending.id != uid or (pending.line is not None and line is not None and pending.line != line):
            continue  # a segment the reader left out (not for translation, another language)
        x.where = uid
        place(elem, pending, x)
        count += 1
        pending = next(stream, None)
    if pending is not None:
        from kotm.errors import KotmError

        raise KotmError(f"{path}: segment {pending.id} (line {pending.line}) was read but not found again to fill")
    tree.write(out, xml_declaration=True, encoding="UTF-8")
    return count


def _places(root, ns: str, ns11: str, ns12: str, ns20: str):
    """(element, the id ``read_document`` gives it, its line, how to fill it) for every segment, in order."""
    from kotm.formats.xliff import mrk_id, segment_id

    if ns in (ns11, ns12):
        q = f"{{{ns}}}"
        for tu in root.iter(f"{q}trans-unit"):
            seg_source = tu.find(f"{q}seg-source")
            mrks = [m for m in seg_source.iter(f"{q}mrk") if m.get("mtype") == "seg"] if seg_source is not None else []
            if not mrks:
                yield tu, tu.get("id", ""), tu.sourceline, lambda e, u, x, q=q: _fill_12(e, u, x, q)
            for mrk in mrks:
                mid = mrk.get("mid", "")
                yield (
                    tu,
                    mrk_id(tu.get("id", ""), mid),
                    mrk.sourceline,
                    lambda e, u, x, q=q, mid=mid, mrk=mrk: _fill_12(e, u, x, q, mrk=mrk, mid=mid),
                )
    elif ns == ns20:
        q = f"{{{ns}}}"
        for unit in root.iter(f"{q}unit"):
            segments = list(unit.iterchildren(f"{q}segment"))
            for n, segment in enumerate(segments, start=1):
                uid = segment_id(unit.get("id", ""), segment.get("id"), n, len(segments))
                yield segment, uid, segment.sourceline, lambda e, u, x, q=q, n=n: _fill_2(e, u, x, q, n)


def _set_text(elem, text: str) -> None:
    for child in list(elem):
        elem.remove(child)
    elem.text = text


def _fill_12(tu, unit: Translated, x: _Text, q: str, mrk=None, mid: str | None = None) -> None:
    """Put a segment's target (if it got one), candidates and notes into a 1.2 <trans-unit>, or into the segment
    ``mid`` of a segmented one."""
    from lxml import etree

    from kotm.formats.xliff import SDL

    filled = unit.how in (EXACT, FUZZY, FIXED)
    target = tu.find(f"{q}target")
    if target is None and filled:
        seg_source = tu.find(f"{q}seg-source")
        after = seg_source if seg_source is not None else tu.find(f"{q}source")
        if seg_source is not None and mrk is not None:
            # A segmented unit's target is its seg-source with the segments to fill: what lies between them (a
            # space, a code) stays.
            target = copy.deepcopy(seg_source)
            target.tag = f"{q}target"
            for seg in target.iter(f"{q}mrk"):
                if seg.get("mtype") == "seg":
                    _set_text(seg, "")
        else:
            target = etree.Element(f"{q}target")
        after.addnext(target)
        target.tail = after.tail
    if filled and mrk is None:
        _set_text(target, x.clean(unit.target))
        state, qualifier = _STATE12[unit.how]
        target.set("state", state)
        target.set("state-qualifier", qualifier)
    elif filled:
        seg = next((m for m in target.iter(f"{q}mrk") if m.get("mtype") == "seg" and m.get("mid") == mid), None)
        if seg is None:
            seg = etree.SubElement(target, f"{q}mrk", {"mtype": "seg", "mid": mid or ""})
        _set_text(seg, x.clean(unit.target))
        defs = tu.find(f"{{{SDL}}}seg-defs")
        if defs is not None:
            seg_def = next((s for s in defs.iterfind(f"{{{SDL}}}seg") if s.get("id") == mid), None)
            if seg_def is None:
                seg_def = etree.SubElement(defs, f"{{{SDL}}}seg", {"id": mid or ""})
            seg_def.set("conf", "Translated" if unit.how == EXACT else "Draft")
            seg_def.set("percent", str(int(unit.score or 0)))
            seg_def.set("origin", "tm")
            seg_def.attrib.pop("origin-system", None)  # said of what was there before
        else:
            # Without Trados's per-segment states the <target> says it for all its segments: translated only while
            # every segment filled is an identical match, so that an import never takes a fuzzy one as confirmed.
            state, qualifier = _STATE12[unit.how]
            if unit.how != EXACT or target.get("state") not in (None, "translated"):
                state, qualifier = _STATE12[FUZZY]
            target.set("state", state)
            target.set("state-qualifier", qualifier)
    at = target if target is not None else _last_of(tu, q, ("seg-source", "source"))
    indent = at.tail
    # After what already follows the target in the schema's group (alt-trans, notes, context …: an earlier
    # segment's), before any other tool's elements (sdl:seg-defs), which the schema puts last.
    core = {f"{q}{name}" for name in ("alt-trans", "note", "context-group", "count-group", "prop-group")}
    while at.getnext() is not None and at.getnext().tag in core:
        at = at.getnext()
    for c in unit.candidates:
        alt = etree.Element(f"{q}alt-trans", {"match-quality": _score(c.score), "origin": x.clean(c.origin)})
        if mid is not None:
            alt.set("mid", mid)
        etree.SubElement(alt, f"{q}source").text = x.clean(c.source)
        etree.SubElement(alt, f"{q}target").text = x.clean(c.target)
        at.addnext(alt)
        alt.tail = indent
        at = alt
    for note in _notes(unit):
        elem = etree.Element(f"{q}note", {"from": "kotm"})
        elem.text = x.clean(f"segment {mid}: {note}" if mid is not None else note)
        at.addnext(elem)
        elem.tail = indent
        at = elem


def _last_of(tu, q: str, names: tuple[str, ...]):
    """The first of the elements ``names`` that the unit has (after which the candidates and notes go)."""
    for name in names:
        found = tu.find(f"{q}{name}")
        if found is not None:
            return found
    return tu[0]


def _fill_2(segment, unit: Translated, x: _Text, q: str, n: int) -> None:
    from lxml import etree

    unit_elem = segment.getparent()
    if unit.how in (EXACT, FUZZY, FIXED):
        target = segment.find(f"{q}target")
        if target is None:
            target = etree.SubElement(segment, f"{q}target")
            source = segment.find(f"{q}source")
            target.tail = source.tail if source is not None else None
        _set_text(target, x.clean(unit.target))
        state, sub = _STATE2[unit.how]
        segment.set("state", state)
        segment.set("subState", sub)
    if unit.candidates and not segment.get("id"):
        taken = {s.get("id") for s in unit_elem.iter() if s.get("id")}
        seg_id = f"kotm{n}"
        while seg_id in taken:
            seg_id += "x"
        segment.set("id", seg_id)
    core = {f"{q}{name}" for name in ("notes", "originalData", "segment", "ignorable")}
    first_core = next((c for c in unit_elem if c.tag in core), None)
    if unit.candidates:
        matches = unit_elem.find(f"{{{MTC_NS}}}matches")
        if matches is None:
            matches = etree.Element(f"{{{MTC_NS}}}matches", nsmap={"mtc": MTC_NS})
            first_core.addprevious(matches)
        for c in unit.candidates:
            match = etree.SubElement(
                matches,
                f"{{{MTC_NS}}}match",
                {
                    "ref": f"#{segment.get('id')}",
                    "matchQuality": _score(c.score),
                    "similarity": _score(c.score),
                    "type": "tm",
                    "origin": x.clean(c.origin),
                },
            )
            etree.SubElement(match, f"{q}source").text = x.clean(c.source)
            etree.SubElement(match, f"{q}target").text = x.clean(c.target)
    notes = _notes(unit)
    if notes:
        holder = unit_elem.find(f"{q}notes")
        if holder is None:
            holder = etree.Element(f"{q}notes")
            first_core = next((c for c in unit_elem if c.tag in core), None)
            first_core.addprevious(holder)
        prefix = f"segment {segment.get('id')}: " if len(unit_elem.findall(f"{q}segment")) > 1 else ""
        for note in notes:
            etree.SubElement(holder, f"{q}note", {"category": "kotm"}).text = x.clean(prefix + note)
