"""module for document analysis: how much of a document the memory already holds, in the match bands of a quote.

Every segment of the documents gets one band, the first of these that applies:

- ``repetition``: its text (after NFC and whitespace collapsing, in the same language) came earlier in the same run,
  in this file or an earlier one. A repetition is counted once, where it first occurs, in the band it earns there.
- ``101`` (context match): its best match is identical, and so was the best match of the segment just before it in
  the same file (a segment of band 100 or 101, or a repetition of a text that has an identical match). kotm stores
  no document context with a segment, so this is the context the document itself gives: two identical matches in a
  row. The first segment of a file is never a 101.
- ``100``: the memory holds the identical text (NFC, whitespace collapsed; case and punctuation count).
- the fuzzy bands, by the best score of ``kotm.tm.fuzzy`` (one decimal): ``95-99``, ``85-94``, ``75-84``, ``50-74``
  by default, or those ``parse_bands`` makes of other lower bounds. A score that rounds to 100 without the texts
  being identical is 99.9.
- ``no-match``: no stored segment scores as high as the lowest bound.

A segment is compared with the memory's side of its own language (Korean with Korean, English with English), as
``kotm match`` does. Counts per band: segments, words (English: ``kotm.text.en_words``; Korean: eojeol, the
space-separated words), and characters with and without spaces (of the normalised text).

Memory stays flat in the length of the documents: segments are streamed from the readers (plain text paragraph by
paragraph), each is matched and counted and then dropped; all that is kept is a 16-byte hash of each distinct text
seen (for repetitions), with one bit saying whether it had an identical match (for context matches).
"""

from __future__ import annotations

import codecs
import hashlib
import io
import itertools
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kotm.errors import FormatError, InputError
from kotm.text import detect_lang, en_words, normalize

if TYPE_CHECKING:
    import sqlite_utils

DEFAULT_BANDS = (100, 95, 85, 75, 50)
REPETITION, CONTEXT, IDENTICAL, NO_MATCH = "repetition", "101", "100", "no-match"
# Plain-text documents, told by their extension (``.txt`` is also what OmegaT glossaries are, for kotm import).
TEXT_EXTENSIONS = (".txt", ".text", ".md")
READABLE = "plain text (.txt), PO (.po, .pot), TMX (.tmx) or XLIFF (.xlf, .xliff, .sdlxliff)"

# The best score of a text against the memory's side of its language: 100.0 only for identical text, else below
# 100, or None when nothing scores as high as the lowest band.
Matcher = Callable[[str, str], float | None]


def parse_bands(value: str | Sequence[int] | None) -> tuple[int, ...]:
    """The lower bounds of the bands, highest first, from a list or a comma-separated string (None: the default).
    100 (identical) is always a band, given or not.

    >>> parse_bands("100,95,85,75,50"), parse_bands("90, 70"), parse_bands(None)
    ((100, 95, 85, 75, 50), (100, 90, 70), (100, 95, 85, 75, 50))
    """
    if value is None:
        return DEFAULT_BANDS
    items = [v for v in value.replace(" ", ",").split(",") if v] if isinstance(value, str) else list(value)
    bounds = set()
    for item in items:
        try:
            bound = int(item)
        except (TypeError, ValueError):
            raise InputError(f"bands are whole numbers from 1 to 100 separated by commas, not {item!r}") from None
        if not 1 <= bound <= 100:
            raise InputError(f"a band's lower bound is from 1 to 100, not {bound}")
        bounds.add(bound)
    bounds.add(100)
    return tuple(sorted(bounds, reverse=True))


def fuzzy_labels(bands: Sequence[int]) -> list[str]:
    """The names of the bands below 100: ``lower-upper``, or one number for a band one point wide.

    >>> fuzzy_labels((100, 95, 85, 75, 50)), fuzzy_labels((100, 99, 90))
    (['95-99', '85-94', '75-84', '50-74'], ['99', '90-98'])
    """
    out = []
    for upper, lower in itertools.pairwise(bands):
        out.append(str(lower) if upper - 1 == lower else f"{lower}-{upper - 1}")
    return out


def labels(bands: Sequence[int]) -> list[str]:
    """Every band in the order a report lists them: repetition, 101, 100, the fuzzy bands, no-match."""
    return [REPETITION, CONTEXT, IDENTICAL, *fuzzy_labels(bands), NO_MATCH]


def band_for(score: float | None, bands: Sequence[int]) -> str:
    """The band of a best score (None: no match), ignoring repetitions and context.

    >>> [band_for(s, DEFAULT_BANDS) for s in (100.0, 99.9, 95.0, 94.9, 50.0, 49.9, None)]
    ['100', '95-99', '95-99', '85-94', '50-74', 'no-match', 'no-match']
    """
    if score is None:
        return NO_MATCH
    if score >= 100:
        return IDENTICAL
    for lower, label in zip(bands[1:], fuzzy_labels(bands), strict=True):
        if score >= lower:
            return label
    return NO_MATCH


@dataclass(slots=True)
class Counts:
    """What a band holds: segments, words (eojeol for Korean), characters with and without spaces."""

    segments: int = 0
    words: int = 0
    characters: int = 0
    characters_no_spaces: int = 0

    def add(self, other: Counts) -> None:
        self.segments += other.segments
        self.words += other.words
        self.characters += other.characters
        self.characters_no_spaces += other.characters_no_spaces

    def to_dict(self) -> dict[str, int]:
        return {
            "segments": self.segments,
            "words": self.words,
            "characters": self.characters,
            "characters_no_spaces": self.characters_no_spaces,
        }


def measure(text: str, lang: str) -> Counts:
    """The counts of one normalised segment.

    >>> measure("양국은 협력을 강화했다.", "ko"), measure("Korea's 5G plan.", "en").words
    (Counts(segments=1, words=3, characters=13, characters_no_spaces=11), 4)
    """
    words = len(text.split()) if lang == "ko" else len(en_words(text))
    return Counts(1, words, len(text), len(text) - text.count(" "))


@dataclass
class FileAnalysis:
    """The counts per band of one file (or of the whole run: ``name`` None)."""

    name: str | None
    bands: dict[str, Counts]
    languages: Counter[str] = field(default_factory=Counter)

    @classmethod
    def empty(cls, name: str | None, bands: Sequence[int]) -> FileAnalysis:
        return cls(name, {label: Counts() for label in labels(bands)})

    @property
    def source_lang(self) -> str | None:
        """The language of most of the segments (``ko`` or ``en``)."""
        return self.languages.most_common(1)[0][0] if self.languages else None

    @property
    def total(self) -> Counts:
        out = Counts()
        for counts in self.bands.values():
            out.add(counts)
        return out

    def add(self, other: FileAnalysis) -> None:
        for label, counts in other.bands.items():
            self.bands[label].add(counts)
        self.languages.update(other.languages)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {} if self.name is None else {"name": self.name}
        d["source_lang"] = self.source_lang
        d["bands"] = [{"band": label, **counts.to_dict()} for label, counts in self.bands.items()]
        return d


@dataclass
class AnalysisReport:
    """The analysis of a run: one ``FileAnalysis`` per file, in the order given, and their sum."""

    files: list[FileAnalysis]
    total: FileAnalysis
    bands: tuple[int, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "bands_lower_bounds": list(self.bands),
            "files": [f.to_dict() for f in self.files],
            "total": self.total.to_dict(),
        }


class Analyzer:
    """Analyses files one after another, repetitions counted across all of them."""

    def __init__(self, best: Matcher, bands: Sequence[int] = DEFAULT_BANDS):
        self.best = best
        self.bands = tuple(bands)
        self.seen: dict[bytes, bool] = {}  # hash of (language, text) → whether the memory holds it identically
        self.total = FileAnalysis.empty(None, self.bands)

    def analyze(self, name: str, segments: Iterable[tuple[str, str]]) -> FileAnalysis:
        """Count the (text, language) ``segments`` of one file; texts are normalised here."""
        result = FileAnalysis.empty(name, self.bands)
        previous_identical = False
        for raw, lang in segments:
            text = normalize(raw)
            if not text:
                continue
            key = hashlib.blake2b(f"{lang}\0{text}".encode(), digest_size=16).digest()
            if key in self.seen:
                band, identical = REPETITION, self.seen[key]
            else:
                score = self.best(text, lang)
                band = band_for(score, self.bands)
                identical = band == IDENTICAL
                if identical and previous_identical:
                    band = CONTEXT
                self.seen[key] = identical
            previous_identical = identical
            result.bands[band].add(measure(text, lang))
            result.languages[lang] += 1
        self.total.add(result)
        return result


def memory_matcher(
    db: sqlite_utils.Database,
    bands: Sequence[int] = DEFAULT_BANDS,
    *,
    domains: Collection[str] | None = None,
    sources: Collection[str] | None = None,
) -> Matcher:
    """The best score of a text against the memory in ``db`` (``kotm.tm.fuzzy.match``; only the segments of
    ``domains`` and ``sources`` if given), down to the lowest band."""
    from kotm.tm.fuzzy import match

    lowest = min(bands)

    def best(text: str, lang: str) -> float | None:
        found = match(db, text, lang=lang, min_score=lowest, limit=3, domains=domains, sources=sources)
        if not found:
            return None
        if any(m.identical(text) for m in found):
            return 100.0
        best = min(found[0].score, 99.9)  # a draft, or a text that differs in what rounds away
        return best if best >= lowest else None

    return best


# ---- reading the documents


def document_format(path: str | Path) -> str:
    """``text``, ``po``, ``tmx`` or ``xliff`` for a document, from its extension; InputError for any other."""
    from kotm import formats

    p = Path(str(path))
    if p.suffix.lower() in TEXT_EXTENSIONS:
        return "text"
    try:
        name = formats.format_for(p)
    except InputError:
        raise InputError(f"cannot tell the format of {path} from its extension; documents are {READABLE}") from None
    if name not in ("po", "tmx", "xliff"):
        raise InputError(f"{path} is {name.upper()}, not a document; documents are {READABLE}")
    return name


@dataclass(frozen=True, slots=True)
class DocSegment:
    """A source segment of a document, as analysis and pre-translation read it.

    ``id`` names it within the file (a PO entry's context and msgid are in ``unit``; an XLIFF unit's id; plain
    text: its number), ``line`` where it starts when the reader knows. ``target`` is a translation the file already
    holds and ``confirmed`` whether the file says it is final (a PO entry that is not fuzzy, an XLIFF unit in a
    translated state); TMX is read as sources only. ``unit`` is what the reader gave (a PO entry's Segment with its
    props, an XLIFF unit), for a writer that keeps what the file had.
    """

    text: str
    lang: str
    id: str = ""
    line: int | None = None
    target: str = ""
    confirmed: bool = False
    original: str = ""
    unit: Any = None


def segments(path: str | Path) -> Iterator[tuple[str, str]]:
    """Stream the source segments of a document as (text, language); InputError when it holds none (see
    ``document``)."""
    for seg in document(path):
        yield seg.text, seg.lang


def document(path: str | Path) -> Iterator[DocSegment]:
    """Stream the source segments of a document; InputError when it holds none.

    Plain text is split as ``kotm align`` splits it (``kotm.tm.sentences``), one paragraph at a time, each
    paragraph's language detected (``kotm.text.detect_lang``). PO, TMX and XLIFF give the source side of each unit
    (``unit.source_lang``), translated or not; PO's fuzzy entries too.
    """
    name = document_format(path)
    if name == "text":
        units: Iterable[DocSegment] = _text_segments(path)
    elif name == "xliff":
        units = _xliff_segments(path)
    else:
        units = _unit_segments(path, name)
    count = 0
    for seg in units:
        if seg.text.strip():
            count += 1
            yield seg
    if not count:
        raise InputError(f"{path} holds no text to translate")


def _unit_segments(path: str | Path, name: str) -> Iterator[DocSegment]:
    from kotm import formats
    from kotm.formats.po import is_fuzzy

    options = {"include_fuzzy": True} if name == "po" else {}
    for n, unit in enumerate(formats.read(path, name, keep_empty=True, lines=True, **options), 1):
        lang = unit.source_lang
        if lang not in ("ko", "en"):
            continue
        target = getattr(unit, "en" if lang == "ko" else "ko") if name == "po" else ""
        line = unit.props.get("line")
        yield DocSegment(
            getattr(unit, lang),
            lang,
            id=unit.props.get("tuid") or str(n),
            line=int(line) if line else None,
            target=target,
            confirmed=bool(target.strip()) and not is_fuzzy(unit),
            original=unit.source,
            unit=unit,
        )


def _xliff_segments(path: str | Path) -> Iterator[DocSegment]:
    from kotm import formats
    from kotm.formats import xliff

    with formats.open_input(path) as stream:
        for unit in xliff.read_document(stream, path=str(path)):
            yield DocSegment(
                unit.source,
                unit.source_lang,
                id=unit.id,
                line=unit.line,
                target=unit.target,
                confirmed=bool(unit.target.strip()) and unit.state.lower() in xliff.DEFAULT_STATES,
                original=unit.original,
                unit=unit,
            )


def _text_segments(path: str | Path) -> Iterator[DocSegment]:
    from kotm.tm import sentences

    n = 0
    for paragraph in _paragraphs(path):
        lang = detect_lang(paragraph)
        for sents in sentences.split(paragraph, lang):
            for sent in sents:
                n += 1
                yield DocSegment(sent, lang, id=str(n))


def _paragraphs(path: str | Path) -> Iterator[str]:
    """The blocks of a plain-text file between blank lines, read a line at a time (UTF-8, or UTF-16 with BOM)."""
    try:
        raw = open(path, "rb")  # closed below
    except FileNotFoundError:
        raise InputError(f"{path} does not exist") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a directory") from None
    except OSError as e:
        raise FormatError(path, e.strerror or str(e)) from None
    with raw:
        head = raw.read(8192)
        if not head:
            raise InputError(f"{path} is empty")
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            encoding = "utf-16"
        else:
            encoding = "utf-8-sig"
            if b"\x00" in head:
                raise InputError(f"{path} looks like a binary file, not plain text")
        raw.seek(0)
        stream = io.TextIOWrapper(raw, encoding=encoding, newline=None)
        block: list[str] = []
        try:
            for line in stream:
                if line.strip():
                    block.append(line)
                elif block:
                    yield "".join(block)
                    block = []
        except UnicodeDecodeError:
            raise InputError(f"{path} is not {encoding.removesuffix('-sig').upper()} text; save it as UTF-8") from None
        if block:
            yield "".join(block)
