"""module for reading XLIFF 1.2 and 2.x bilingual files (SDLXLIFF and memoQ's MQXLIFF too), streaming.

Two readers: ``read`` gives the confirmed translations of a file as Segments (``kotm import``, ``kotm check``), and
``read_document`` every unit of it, translated or not, as a ``DocUnit`` (``kotm analyze``, ``kotm pretranslate``).
Both walk the file unit by unit (``xmlstream.elements``) and share what they make of a unit: its id, its direction,
its state, and its text in two forms, plain and as TMX 1.4b inline markup (see ``inline``).

What counts as a confirmed translation is the unit's state (``DEFAULT_STATES``; ``states=`` chooses):

- XLIFF 1.2 (and 1.1, which translate-toolkit writes): ``<target state=…>``; by default ``translated``, ``final``
  and ``signed-off`` are taken, and ``needs-review-*`` is not (a translator's memory takes what has been confirmed,
  not what waits for review, such as the matches a pretranslation put in for a translator to check). A ``<target>``
  without ``state`` counts
  as ``signed-off`` when its ``<trans-unit approved="yes">`` (the attribute says the translation passed its final
  review), and as ``translated`` when its ``<file>`` marks neither a state nor ``approved`` anywhere (a tool that
  keeps no states: a target there is the translation). Otherwise, in a ``<file>`` that marks states, a target without
  one is ``unmarked`` and not taken (``--states unmarked`` takes it). Such targets wait, in memory, until their
  ``<file>`` shows a state or ends; the order of the units is kept either way.
- SDLXLIFF (Trados Studio): one segment per ``<mrk mtype="seg" mid=…>`` of ``<seg-source>``, its confirmation in
  ``<sdl:seg id=mid conf=…>``; ``Translated``, ``ApprovedTranslation`` and ``ApprovedSignOff`` are taken; a segment
  without ``conf`` is ``Unspecified``. Other XLIFF 1.2 files with ``<seg-source>`` (Okapi) are read per ``<mrk>``
  too, with the state of their ``<target>``.
- memoQ (``.mqxliff``): ``<trans-unit mq:status=…>``; ``ManuallyConfirmed``, ``Reviewer1Confirmed`` and
  ``Proofread`` are taken.
- XLIFF 2.0, 2.1 and 2.2: one unit per ``<segment state=…>`` (``initial`` when it has none, as the standard says);
  ``translated``, ``reviewed`` and ``final`` are taken. ``<ignorable>`` is the text between segments, not a segment.

State names compare case-insensitively (SDL's ``Translated`` is XLIFF's ``translated``). Only Korean–English
files are read (``source-language``/``target-language``, ``srcLang``/``trgLang``, either way round): a ``<file>`` of
other languages is skipped and counted, and a document with no Korean–English ``<file>`` at all is a FormatError.
Units with ``translate="no"`` are no one's translation and are skipped by both readers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, BinaryIO
from xml.sax.saxutils import escape

from kotm.errors import FormatError, InputError
from kotm.formats import ReadStats, accept, lang_side
from kotm.formats.xmlstream import XML_LANG, elements, nfc
from kotm.units import Segment

if TYPE_CHECKING:
    from lxml import etree

NS11 = "urn:oasis:names:tc:xliff:document:1.1"
NS12 = "urn:oasis:names:tc:xliff:document:1.2"
NS20 = "urn:oasis:names:tc:xliff:document:2.0"
SDL = "http://sdl.com/FileTypes/SdlXliff/1.0"
MQ = "MQXliff"
_SDL_DEFS = f"{{{SDL}}}seg-defs"
_MQ_STATUS = f"{{{MQ}}}status"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# The versions read, by namespace (2.1 and 2.2 keep the core namespace of 2.0).
VERSIONS = {NS11: ("1.1",), NS12: ("1.2",), NS20: ("2.0", "2.1", "2.2")}
READABLE = "XLIFF 1.2 (or 1.1) and 2.0–2.2"

STATES_1 = (
    "new",
    "needs-translation",
    "needs-l10n",
    "needs-adaptation",
    "translated",
    "needs-review-translation",
    "needs-review-l10n",
    "needs-review-adaptation",
    "final",
    "signed-off",
)
STATES_2 = ("initial", "translated", "reviewed", "final")
SDL_CONF = (
    "Unspecified",
    "Draft",
    "Translated",
    "RejectedTranslation",
    "ApprovedTranslation",
    "RejectedSignOff",
    "ApprovedSignOff",
)
# memoQ's row statuses, as its MQXLIFF writes them in mq:status.
MQ_STATUS = (
    "NotStarted",
    "PreTranslated",
    "PartiallyEdited",
    "MachineTranslated",
    "AssembledFromFragments",
    "ManuallyConfirmed",
    "Reviewer1Confirmed",
    "Proofread",
    "Rejected",
)
# A 1.2 target without a state in a <file> that marks states on others (see the module's text).
UNMARKED = "unmarked"
ALL = "all"
KNOWN_STATES = frozenset(s.lower() for s in (*STATES_1, *STATES_2, *SDL_CONF, *MQ_STATUS, UNMARKED, ALL))
DEFAULT_STATES = frozenset(
    s.lower()
    for s in (
        "translated",
        "final",
        "signed-off",
        "reviewed",
        "ApprovedTranslation",
        "ApprovedSignOff",
        "ManuallyConfirmed",
        "Reviewer1Confirmed",
        "Proofread",
    )
)


@dataclass(frozen=True, slots=True)
class DocUnit:
    """One segment of an XLIFF document as ``read_document`` gives it, translated or not.

    >>> DocUnit("u1", "협력을 강화합니다.", "ko").target
    ''
    """

    id: str  # 1.2: the trans-unit id (SDLXLIFF, Okapi: f"{id}/{mid}" per <mrk>); 2.x: the unit id (+ "/segment id")
    source: str  # plain text, NFC
    source_lang: str  # "ko" or "en"
    target: str = ""
    state: str = ""  # as the file says it (see the module's text), e.g. "translated", "ApprovedSignOff", "initial"
    source_markup: str = ""  # TMX 1.4b inline markup of the source (see ``inline``), "" if plain
    original: str = ""  # the <file original> (2.x: or the file's id), as the file writes it
    line: int | None = None


def parse_states(value: str | Iterable[str]) -> frozenset[str]:
    """The state names to take, lower case, from a comma-separated string or a list; InputError names an unknown
    one. XLIFF 1.2, 2.x, SDLXLIFF and memoQ names are all known, and so are ``x-…`` (XLIFF 1.2's own extension),
    ``unmarked`` and ``all`` (every state).

    >>> sorted(parse_states("Translated, final,ApprovedSignOff"))
    ['approvedsignoff', 'final', 'translated']
    """
    names = value.replace(" ", ",").split(",") if isinstance(value, str) else list(value)
    wanted = frozenset(n.strip().lower() for n in names if n and n.strip())
    if not wanted:
        raise InputError("name at least one state (for example translated,final,signed-off)")
    unknown = sorted(n for n in wanted if n not in KNOWN_STATES and not n.startswith("x-"))
    if unknown:
        raise InputError(
            f"unknown XLIFF state {', '.join(unknown)} (XLIFF 1.2: {', '.join(STATES_1)}; 2.x: "
            f"{', '.join(STATES_2)}; SDLXLIFF: {', '.join(SDL_CONF)}; memoQ: {', '.join(MQ_STATUS)}; "
            f"also {UNMARKED}, {ALL} and x-… names)"
        )
    return wanted


# ---- inline markup

# XML's whitespace, which xml:space="default" lets a reader collapse (not U+00A0 or U+3000: they are text).
_SPACES = re.compile(r"[ \t\r\n]+")
_NAMESPACES = frozenset(VERSIONS)


def _legal(code: int) -> bool:
    """Whether XML 1.0 can hold the character (a <cp> of XLIFF 2 can name one it cannot)."""
    return code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF


def _attr(value: str) -> str:
    return escape(value, {'"': "&quot;", "\n": "&#10;", "\t": "&#9;"})


def _tag(elem: etree._Element, local: str, empty: bool) -> str:
    """An inline element's own tag as text, the native code a TMX <bpt>/<ph> holds: ``<g id="1" ctype="bold">``."""
    attrs = "".join(f' {k}="{_attr(v)}"' for k, v in elem.attrib.items() if not k.startswith("{"))
    return f"<{local}{attrs}{'/' if empty else ''}>"


class _Pieces:
    """The content of a <source>, <target> or <mrk> as a list of text and codes, before it is rendered."""

    __slots__ = ("count", "items")

    def __init__(self) -> None:
        # ("t", text) | ("b", key, code, x, type) | ("e", key, code, x) | ("p", code, x, type) | ("i", pos, code, x, type)
        self.items: list[tuple] = []
        self.count = 0  # to key <g> and <pc>, which always close where they open

    def key(self, kind: str) -> tuple[str, int]:
        self.count += 1
        return (kind, self.count)


def inline(elem: etree._Element, collapse: bool = False) -> tuple[str, str]:
    """The plain text of an XLIFF element's content and its TMX 1.4b inline markup ('' when it holds no codes).

    Codes become TMX codes holding the XLIFF element's own tag as their native code, so that the markup is valid TMX
    (``formats.tmx`` writes it back) and says which XLIFF code it was: XLIFF 1.2 ``<g id="1">…</g>`` becomes
    ``<bpt i="1" x="1">&lt;g id="1"&gt;</bpt>…<ept i="1">&lt;/g&gt;</ept>``; ``<x/>`` a ``<ph>``; ``<bx/>``/``<ex/>``
    and ``<bpt>``/``<ept>`` a ``<bpt>``/``<ept>`` pair (1.2's own ``<bpt>``, ``<ept>``, ``<ph>`` and ``<it>`` keep
    their native content), or ``<it>`` when the partner is not in the same segment; XLIFF 2 ``<pc>`` a pair, ``<ph/>``
    a ``<ph>``, ``<sc/>``/``<ec/>`` a pair or ``<it>``. ``i`` numbers the pairs from 1; ``x`` is the XLIFF id when it
    is a number. ``<mrk>`` (but SDL's tracked deletions, whose text is dropped) keeps its text without a code, as do
    elements of other namespaces; XLIFF 2 ``<sm/>``/``<em/>`` (annotation bounds) leave nothing; ``<cp hex>`` is its
    character, or a ``<ph>`` when XML cannot hold it. The plain text is the text outside the codes, as
    ``formats.tmx.plain`` reads the markup. ``collapse``: runs of whitespace become one space (``xml:space``
    ``default``).
    """
    if not len(elem):  # most units: text alone
        text = elem.text or ""
        return nfc(_collapsed(text) if collapse else text), ""
    pieces = _Pieces()
    _walk(elem, pieces)
    return _render(pieces.items, collapse)


def _collapsed(text: str) -> str:
    if "  " in text or "\n" in text or "\t" in text or "\r" in text:
        return _SPACES.sub(" ", text)
    return text


def _walk(elem: etree._Element, out: _Pieces) -> None:
    if elem.text:
        out.items.append(("t", elem.text))
    for child in elem:
        if isinstance(child.tag, str):
            _code(child, out)
        if child.tail:
            out.items.append(("t", child.tail))


def _code(child: etree._Element, out: _Pieces) -> None:
    ns, _, local = child.tag[1:].partition("}") if child.tag[0] == "{" else ("", "", child.tag)
    items = out.items
    get = child.get
    if ns not in _NAMESPACES:
        _walk(child, out)  # an extension's element (SDL, memoQ …): its text is text
    elif ns == NS20:
        if local == "pc":
            key = out.key("pc")
            items.append(("b", key, _tag(child, local, False), get("id"), get("type")))
            _walk(child, out)
            items.append(("e", key, "</pc>", get("id")))
        elif local == "ph":
            items.append(("p", _tag(child, local, True), get("id"), get("type")))
        elif local == "sc":
            if get("isolated") == "yes":
                items.append(("i", "begin", _tag(child, local, True), get("id"), get("type")))
            else:
                items.append(("b", ("sc", get("id")), _tag(child, local, True), get("id"), get("type")))
        elif local == "ec":
            if get("isolated") == "yes" or get("startRef") is None:
                items.append(("i", "end", _tag(child, local, True), get("id"), get("type")))
            else:
                items.append(("e", ("sc", get("startRef")), _tag(child, local, True), get("startRef")))
        elif local == "cp":
            try:
                code = int(get("hex", ""), 16)
            except ValueError:
                code = -1
            if _legal(code):
                items.append(("t", chr(code)))
            else:
                items.append(("p", _tag(child, local, True), None, None))
        elif local in ("sm", "em"):
            pass
        else:  # <mrk>, and what the standard does not know
            _walk(child, out)
    elif local == "g":
        key = out.key("g")
        items.append(("b", key, _tag(child, local, False), get("id"), get("ctype")))
        _walk(child, out)
        items.append(("e", key, "</g>", get("id")))
    elif local == "x":
        items.append(("p", _tag(child, local, True), get("id"), get("ctype")))
    elif local in ("bx", "ex"):
        ref = get("rid") or get("id")
        if local == "bx":
            items.append(("b", ("bx", ref), _tag(child, local, True), get("id"), get("ctype")))
        else:
            items.append(("e", ("bx", ref), _tag(child, local, True), get("id")))
    elif local in ("bpt", "ept"):
        ref = get("rid") or get("id")
        native = "".join(child.itertext())
        if local == "bpt":
            items.append(("b", ("bpt", ref), native, get("id"), get("ctype")))
        else:
            items.append(("e", ("bpt", ref), native, get("id")))
    elif local == "ph":
        items.append(("p", "".join(child.itertext()), get("id"), get("ctype")))
    elif local == "it":
        pos = "begin" if get("pos") == "open" else "end"
        items.append(("i", pos, "".join(child.itertext()), get("id"), get("ctype")))
    elif local == "mrk" and get("mtype") == "x-sdl-deleted":
        pass  # Trados's tracked deletion: not part of the text
    else:  # <mrk>, <sub> and the like
        _walk(child, out)


def _attrs(x: str | None, kind: str | None) -> str:
    """The x and type attributes of a TMX code (x only when the XLIFF id is a number, as TMX means it)."""
    text = f' x="{x}"' if x and x.isdigit() else ""
    return f'{text} type="{_attr(kind)}"' if kind else text


def _render(items: list[tuple], collapse: bool) -> tuple[str, str]:
    if collapse:
        items = [("t", _collapsed(item[1])) if item[0] == "t" else item for item in items]
    if all(item[0] == "t" for item in items):
        return nfc("".join(item[1] for item in items)), ""
    # A pair is a begin and an end of the same key in that order; any other begin or end stands alone (<it>).
    begins: dict[tuple, int] = {}
    paired: dict[tuple, int] = {}
    for n, item in enumerate(items):
        if item[0] == "b":
            begins.setdefault(item[1], n)
        elif item[0] == "e" and item[1] in begins and item[1] not in paired:
            paired[item[1]] = 0
    numbers: dict[tuple, int] = {}
    plain: list[str] = []
    markup: list[str] = []
    for item in items:
        kind = item[0]
        if kind == "t":
            plain.append(item[1])
            markup.append(escape(item[1]))
        elif kind == "b":
            _, key, code, x, ctype = item
            if key in paired and key not in numbers:
                numbers[key] = len(numbers) + 1
                markup.append(f'<bpt i="{numbers[key]}"{_attrs(x, ctype)}>{escape(code)}</bpt>')
            else:
                markup.append(f'<it pos="begin"{_attrs(x, ctype)}>{escape(code)}</it>')
        elif kind == "e":
            _, key, code, x = item
            if key in numbers and paired.get(key) == 0:
                paired[key] = 1
                markup.append(f'<ept i="{numbers[key]}">{escape(code)}</ept>')
            else:
                markup.append(f'<it pos="end"{_attrs(x, None)}>{escape(code)}</it>')
        elif kind == "p":
            _, code, x, ctype = item
            markup.append(f"<ph{_attrs(x, ctype)}>{escape(code)}</ph>")
        else:
            _, pos, code, x, ctype = item
            markup.append(f'<it pos="{pos}"{_attrs(x, ctype)}>{escape(code)}</it>')
    return nfc("".join(plain)), nfc("".join(markup))


# ---- the walk


@dataclass(slots=True)
class _Unit:
    """One segment as the walk finds it: both readers make theirs from it."""

    id: str
    line: int | None
    source_lang: str
    target_lang: str
    source: tuple[str, str]  # plain, markup
    target: tuple[str, str] | None  # None: no <target> (or no <mrk> of this segment in it)
    state: str
    original: str
    note: str


@dataclass(slots=True)
class _File:
    """What a <file> says for all its units."""

    elem: etree._Element | None
    original: str
    source_lang: str  # as written
    target_lang: str
    line: int | None
    marks: bool = False  # 1.2: a target of it has a state, or a unit says approved=…
    pending: list[_Unit] = field(default_factory=list)  # 1.2: units without a state, until it marks one or ends


def _local(elem: etree._Element) -> str:
    tag = elem.tag
    return tag[tag.index("}") + 1 :] if tag[0] == "{" else tag


def _namespace(elem: etree._Element) -> str:
    tag = elem.tag
    return tag[1 : tag.index("}")] if tag[0] == "{" else ""


def _collapse(elem: etree._Element, parent: bool | None = None) -> bool:
    """Whether whitespace in the element's text is collapsed: its ``xml:space``, or its nearest ancestor's, is not
    ``preserve``. ``parent``: what this gives for the element's parent, when known."""
    if parent is not None:
        space = elem.get(XML_SPACE)
        return parent if space is None else space != "preserve"
    node = elem
    while node is not None:
        space = node.get(XML_SPACE)
        if space is not None:
            return space != "preserve"
        node = node.getparent()
    return True


def _ancestor(elem: etree._Element, local: str) -> etree._Element | None:
    for node in elem.iterancestors():
        if _local(node) == local:
            return node
    return None


def _untranslatable(elem: etree._Element) -> bool:
    """``translate="no"`` on the element or on a group (or XLIFF 2 <file>) around it."""
    node = elem
    while node is not None:
        if node.get("translate") == "no":
            return True
        node = node.getparent()
    return False


def _name(original: str) -> str:
    r"""A document's name from its <file original>: the last part of a path (SDL writes C:\…\statement.docx)."""
    return re.split(r"[\\/]", original.rstrip("\\/"))[-1] if original else ""


def _notes(elem: etree._Element, ns: str) -> str:
    if ns == NS20:
        holder = elem.find(f"{{{ns}}}notes")
        notes = [] if holder is None else holder.iterfind(f"{{{ns}}}note")
    else:
        notes = elem.iterfind(f"{{{ns}}}note")
    return "\n".join(nfc(n.text).strip() for n in notes if n.text and n.text.strip())


def _walk_units(
    source: BinaryIO,
    path: str | None,
    skip: Callable[[str, int | None], None],
    imply_target: bool = False,
) -> Iterator[_Unit]:
    """Every translatable segment of the document, in its order, with its state; what cannot be read as
    Korean–English is passed to ``skip`` with the reason and line. ``imply_target``: a unit whose file names no
    target language goes to the other of Korean and English."""
    tags = (
        *(f"{{{ns}}}{name}" for ns in (NS11, NS12) for name in ("trans-unit", "file")),
        f"{{{NS20}}}unit",
        f"{{{NS20}}}file",
        "xliff",
    )
    ns = ""
    current: _File | None = None
    first: _File | None = None
    ko_en = False
    src2 = trg2 = ""
    last_parent: etree._Element | None = None
    file_elem: etree._Element | None = None
    parent_no = False
    for elem in elements(source, path, tags, ("xliff",), "XLIFF"):
        if not ns:
            root = elem.getroottree().getroot()
            ns = _version(root, path)
            src2, trg2 = root.get("srcLang", ""), root.get("trgLang", "")
        local = _local(elem)
        if local == "xliff":
            break
        parent = elem.getparent()
        if local == "file":
            file_elem = elem
        elif parent is not last_parent:  # siblings share their <file> and their groups' translate="no"
            last_parent = parent
            file_elem = _ancestor(elem, "file")
            parent_no = parent is not None and _untranslatable(parent)
        if current is None or current.elem is not file_elem:
            if current is not None:
                yield from _flush(current, "translated")
            current = _file(file_elem, ns, src2, trg2)
            first = first or current
            ko_en = ko_en or _ko_en(current.source_lang, current.target_lang, imply_target)
        if local == "file":
            yield from _flush(current, "translated")
            continue
        if parent_no or elem.get("translate") == "no":
            skip('not for translation (translate="no")', elem.sourceline)
            continue
        units = _units_2(elem, current) if ns == NS20 else _units_1(elem, ns, current, skip)
        for unit in units:
            if imply_target and not unit.target_lang and lang_side(unit.source_lang):
                unit.target_lang = "en" if lang_side(unit.source_lang) == "ko" else "ko"
            if not _ko_en(unit.source_lang, unit.target_lang, False):
                where = f"{unit.source_lang or '?'}→{unit.target_lang or '?'}"
                skip(f"<file> is {where}, not Korean–English", unit.line)
                continue
            ko_en = True
            if unit.state == "":  # 1.2, no state: decided when the <file> marks one or ends
                current.pending.append(unit)
                continue
            yield unit
    if not ns:  # nothing was yielded, not even the root: elements() has checked its name
        raise FormatError(path, f"not {READABLE}: no <xliff> element")
    if current is not None:
        yield from _flush(current, "translated")
    if first is not None and not ko_en:
        where = f"{first.source_lang or '?'}→{first.target_lang or '?'}"
        raise FormatError(path, f"no Korean–English <file> in this XLIFF (the first is {where})", first.line)


def _ko_en(source_lang: str, target_lang: str, imply_target: bool) -> bool:
    """Whether the languages are Korean and English, either way round (``imply_target``: or Korean or English and
    no target language)."""
    sides = (lang_side(source_lang), lang_side(target_lang))
    if imply_target and not target_lang:
        return sides[0] is not None
    return sides in (("ko", "en"), ("en", "ko"))


def _version(root: etree._Element, path: str | None) -> str:
    """The XLIFF namespace of the document, once its namespace and version are known to be read here."""
    ns = _namespace(root)
    version = root.get("version", "")
    if ns not in VERSIONS:
        found = f"namespace {ns}" if ns else "no namespace"
        said = f' version="{version}"' if version else ""
        raise FormatError(path, f"not {READABLE}: <xliff{said}> has {found}", root.sourceline)
    if ns == NS20 and version not in VERSIONS[NS20]:
        raise FormatError(path, f'XLIFF version "{version}" is not read (kotm reads {READABLE})', root.sourceline)
    if ns != NS20 and version.startswith("2"):
        raise FormatError(path, f'<xliff version="{version}"> in the namespace of XLIFF 1 ({ns})', root.sourceline)
    return ns


def _file(elem: etree._Element | None, ns: str, src2: str, trg2: str) -> _File:
    if elem is None:  # a unit outside any <file>: not valid XLIFF, read as a file that names nothing
        return _File(None, "", "", "", None)
    if ns == NS20:
        original = elem.get("original") or elem.get("id") or ""
        return _File(elem, original, src2, trg2, elem.sourceline)
    return _File(
        elem,
        elem.get("original", ""),
        elem.get("source-language", ""),
        elem.get("target-language", ""),
        elem.sourceline,
    )


def _flush(file: _File, state: str) -> Iterator[_Unit]:
    """The units of ``file`` that waited for their state, with ``state``."""
    pending, file.pending = file.pending, []
    for unit in pending:
        unit.state = state
        yield unit


def mrk_id(unit_id: str, mid: str) -> str:
    """The id of a segment of a segmented 1.2 <trans-unit> (SDLXLIFF, Okapi): the unit's id and the <mrk>'s mid."""
    return f"{unit_id}/{mid}"


def segment_id(unit_id: str, seg_id: str | None, n: int, count: int) -> str:
    """The id of the ``n``-th of ``count`` <segment>s of an XLIFF 2 <unit>: the unit's id and the segment's (or
    its number when it has none); the unit's id alone for a unit of one segment without an id."""
    if seg_id:
        return f"{unit_id}/{seg_id}"
    return f"{unit_id}/{n}" if count > 1 else unit_id


def _units_1(elem: etree._Element, ns: str, file: _File, skip) -> Iterator[_Unit]:
    """The segments of an XLIFF 1.2 (or 1.1) <trans-unit>: the unit, or each <mrk mtype="seg"> of its
    <seg-source>."""
    q = f"{{{ns}}}"
    line = elem.sourceline
    if elem.get("restype") == "x-gettext-domain-header":  # translate-toolkit's copy of a PO header
        skip("a PO file's header (restype x-gettext-domain-header)", line)
        return
    source = target = seg_source = defs = None
    notes = []
    for child in elem:  # one pass over the unit's children (find() for each is a third of the time)
        tag = child.tag
        if tag == f"{q}source":
            source = source if source is not None else child
        elif tag == f"{q}target":
            target = target if target is not None else child
        elif tag == f"{q}seg-source":
            seg_source = child
        elif tag == f"{q}note":
            if child.text and child.text.strip():
                notes.append(nfc(child.text).strip())
        elif tag == _SDL_DEFS:
            defs = child
    if source is None:
        skip("<trans-unit> has no <source>", line)
        return
    unit_id = elem.get("id", "")
    note = "\n".join(notes)
    target_lang = file.target_lang or (target.get(XML_LANG, "") if target is not None else "")
    mq = elem.get(_MQ_STATUS)
    approved = elem.get("approved")
    if mq is not None or defs is not None or approved is not None or (target is not None and target.get("state")):
        if not file.marks:
            file.marks = True
            yield from _flush(file, UNMARKED)
    if mq is not None:
        state = mq
    elif target is not None and target.get("state"):
        state = target.get("state", "")
    elif approved == "yes":
        state = "signed-off"
    elif file.marks:
        state = UNMARKED
    else:
        state = ""  # decided by the rest of the <file>
    mrks = [m for m in seg_source.iter(f"{q}mrk") if m.get("mtype") == "seg"] if seg_source is not None else []
    if not mrks:
        unit_space = _collapse(elem)
        yield _Unit(
            unit_id,
            line,
            file.source_lang,
            target_lang,
            inline(source, _collapse(source, unit_space)),
            inline(target, _collapse(target, unit_space)) if target is not None else None,
            state,
            file.original,
            note,
        )
        return
    segs = {s.get("id"): s for s in defs.iterfind(f"{{{SDL}}}seg")} if defs is not None else {}
    targets = {}
    if target is not None:
        targets = {m.get("mid"): m for m in target.iter(f"{q}mrk") if m.get("mtype") == "seg"}
    for mrk in mrks:
        mid = mrk.get("mid", "")
        if defs is not None:
            seg = segs.get(mid)
            seg_state = (seg.get("conf") if seg is not None else None) or "Unspecified"
        else:
            seg_state = state
        target_mrk = targets.get(mid)
        yield _Unit(
            mrk_id(unit_id, mid),
            mrk.sourceline,
            file.source_lang,
            target_lang,
            inline(mrk, _collapse(mrk)),
            inline(target_mrk, _collapse(target_mrk)) if target_mrk is not None else None,
            seg_state,
            file.original,
            note,
        )


def _units_2(elem: etree._Element, file: _File) -> Iterator[_Unit]:
    """The segments of an XLIFF 2 <unit>, one each."""
    q = f"{{{NS20}}}"
    unit_id = elem.get("id", "")
    note = _notes(elem, NS20)
    segments = list(elem.iterchildren(f"{q}segment"))
    for n, segment in enumerate(segments, start=1):
        seg_id = segment.get("id")
        uid = segment_id(unit_id, seg_id, n, len(segments))
        source = segment.find(f"{q}source")
        target = segment.find(f"{q}target")
        if source is None:
            continue  # the schema requires one; a segment without has nothing to translate
        yield _Unit(
            uid,
            segment.sourceline,
            source.get(XML_LANG) or file.source_lang,
            (target.get(XML_LANG) if target is not None else None) or file.target_lang,
            inline(source, _collapse(source)),
            inline(target, _collapse(target)) if target is not None else None,
            segment.get("state") or "initial",
            file.original,
            note,
        )


# ---- the readers


def read(
    source: BinaryIO,
    stats: ReadStats | None = None,
    *,
    path: str | None = None,
    lines: bool = False,
    keep_empty: bool = False,
    states: str | Iterable[str] | None = None,
) -> Iterator[Segment]:
    """Stream the confirmed Korean–English translations of an XLIFF file as Segments (see the module's text).

    Each segment's ``source_lang`` is its file's source language (an en→ko file imports as en→ko); ``source`` is
    the document's name (the last part of ``<file original>``; the whole of it in ``props["xliff:original"]`` when
    that differs); ``note`` the unit's <note>s; ``props["xliff:id"]`` the unit's id (see ``DocUnit.id``) and
    ``props["xliff:state"]`` its state. Inline codes are kept as TMX markup in ``ko_markup``/``en_markup``
    (``inline``), the plain text in ``ko``/``en``. Units skipped are counted on ``stats`` by reason: untranslated,
    a state not taken, another language, ``translate="no"`` …

    :param states: the states to take (``parse_states``: names or a comma-separated string); None: ``DEFAULT_STATES``.
    :param lines: give each unit the line of its unit (<mrk>, <segment>) in ``props["line"]`` (for a checker).
    :param keep_empty: also yield untranslated units and pairs an import skips, in every state unless ``states``
        is given: a checker reads the whole file.
    """
    wanted = parse_states(states) if states is not None else (None if keep_empty else DEFAULT_STATES)
    if wanted is not None and ALL in wanted:
        wanted = None

    def skip(reason: str, line: int | None) -> None:
        if stats is not None:
            stats.skip(reason, line)

    for unit in _walk_units(source, path, skip):
        target = unit.target or ("", "")
        if not target[0].strip() and not keep_empty:
            skip("untranslated (no <target>, or an empty one)", unit.line)
            continue
        if wanted is not None and unit.state.lower() not in wanted:
            if unit.state == UNMARKED:
                skip("a <target> without a state in a <file> that marks states (--states unmarked takes it)", unit.line)
            else:
                skip(f"state {unit.state} not taken (--states)", unit.line)
            continue
        src = lang_side(unit.source_lang)
        text = {src: unit.source, ("en" if src == "ko" else "ko"): target}
        ko, en = text["ko"][0], text["en"][0]
        if not accept(stats, ko, en, unit.line, keep_empty):
            continue
        props = {"xliff:id": unit.id, "xliff:state": unit.state}
        name = _name(unit.original)
        if name != unit.original:
            props["xliff:original"] = unit.original
        if lines and unit.line:
            props["line"] = str(unit.line)
        yield Segment(
            ko,
            en,
            source=name,
            note=unit.note,
            props=props,
            ko_markup=text["ko"][1],
            en_markup=text["en"][1],
            source_lang=src or "ko",
        )


def read_document(source: BinaryIO, *, path: str | None = None) -> Iterator[DocUnit]:
    """Every segment of an XLIFF document with a source text, translated or not, in the document's order (what
    ``kotm analyze`` and ``kotm pretranslate`` read); ``translate="no"`` units and ``<file>``s of other languages
    are left out. A 1.2 or 2.x file that names no target language is taken as going to the other of Korean and
    English. FormatError, naming the file and line, for what is not XLIFF 1.2 or 2.x, or holds no Korean–English
    <file>."""
    for unit in _walk_units(source, path, lambda reason, line: None, imply_target=True):
        if unit.source[0].strip():
            yield DocUnit(
                unit.id,
                unit.source[0],
                lang_side(unit.source_lang) or "ko",
                (unit.target or ("", ""))[0],
                unit.state,
                unit.source[1],
                unit.original,
                unit.line,
            )


def write(units: Iterable[Segment], out: BinaryIO, **options) -> int:
    """XLIFF is read here, not written from the memory: ``kotm pretranslate`` writes XLIFF documents."""
    raise InputError(
        "kotm does not export the memory as XLIFF; write a TMX (or PO, TSV) file, or use kotm pretranslate"
    )
