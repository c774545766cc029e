"""module that reads a plain-text document and splits it into paragraphs and sentences, Korean or English."""

from __future__ import annotations

import codecs
import itertools
import re
from pathlib import Path

from kotm import korean
from kotm.errors import InputError

# Abbreviations after which a period never ends an English sentence: titles and words that a name or number follows.
TITLES = frozenset(
    "mr mrs ms dr prof sr jr st mt messrs mme mlle rev hon gen col lt capt sgt cmdr adm gov sen rep pres supt "
    "fig figs vol vols pp ch sec art para cf vs approx ca dept univ ave blvd rd jan feb mar apr jun jul aug sep "
    "sept oct nov dec".split()
)
# Abbreviations that may also close a sentence ("… Samsung Electronics Co. The deal …"): a period after them
# ends the sentence only when a typical sentence opener follows.
CLOSERS = frozenset("etc inc ltd co corp bros plc llc jr".split())
OPENERS = frozenset(
    "the a an this that these those it its he she they we i you his her their our my there here but and so yet "
    "however in on at as after before when while if for since although though meanwhile also then what who how "
    "why where no not some many most all one two mr mrs ms dr".split()
)
_END = re.compile(r"""([.!?…]+|\.\.\.)(["'”’)\]]*)(\s+)""")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_LIST_MARK = re.compile(r"\s*(?:\d{1,3}[.)]|[(]?\d{1,3}[)]|[-*•·▪–]|[①-⑳]|[a-zA-Z][.)]|[가-하][.)])\s")
_PARAGRAPH = re.compile(r"\n[ \t\u3000]*\n\s*")
_ENDS_SENTENCE = re.compile(r"""[.!?…。]["'”’)\]]*$""")


def decode(data: bytes, name: str = "<input>") -> str:
    """Decode a text file: UTF-8 (with or without BOM) or UTF-16 with BOM; CRLF and CR become LF.

    Raises InputError for binary data and other encodings.

    >>> decode("\\ufeff한국\\r\\nKorea".encode("utf-8"))
    '한국\\nKorea'
    """
    if data.startswith(codecs.BOM_UTF8):
        encoding, data = "utf-8", data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        if b"\x00" in data:
            raise InputError(f"{name} looks like a binary file, not plain text")
        encoding = "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as e:
        raise InputError(f"{name} is not {encoding.upper()} text (byte {e.start}); save it as UTF-8") from None
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    if "\x00" in text or controls > max(2, len(text) // 100):
        raise InputError(f"{name} looks like a binary file, not plain text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(path: str | Path) -> str:
    """The text of a plain-text file, decoded as :func:`decode` does; an empty file is an InputError."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path} does not exist") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a directory") from None
    text = decode(data, str(path))
    if not text.strip():
        raise InputError(f"{path} is empty")
    return text


def paragraphs(text: str) -> list[str]:
    """Paragraphs of a text: blocks separated by blank lines, hard-wrapped lines joined, list items kept apart.

    >>> paragraphs("First line\\nwrapped.\\n\\n1. One\\n2. Two\\n")
    ['First line wrapped.', '1. One\\n2. Two']
    """
    out = []
    for block in _PARAGRAPH.split(text.strip()):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        joined = lines[0]
        for prev, line in itertools.pairwise(lines):
            # A new line starts a new sentence after a sentence end or before a list item; otherwise it is a wrap.
            brk = _ENDS_SENTENCE.search(prev) or _LIST_MARK.match(line + " ")
            joined += ("\n" if brk else " ") + line
        out.append(joined)
    return out


def split_english(text: str) -> list[str]:
    """Split English text into sentences by rule: a sentence ends at . ! ? or … (and any closing quotes) followed
    by space and a capital, digit or opening quote, unless the period belongs to a title (Mr., Dr., No. 5), an
    initial (J. F. Kennedy), an initialism inside a sentence (U.S.), a list number or a decimal.

    >>> split_english('Mr. Kim met Dr. Lee in the U.S. on Jan. 5. "It went well," he said. Growth was 2.5 per cent.')
    ['Mr. Kim met Dr. Lee in the U.S. on Jan. 5.', '"It went well," he said.', 'Growth was 2.5 per cent.']
    """
    out = []
    for line in text.split("\n"):
        out.extend(_split_line(line))
    return out


def _split_line(text: str) -> list[str]:
    sentences, start = [], 0
    for m in _END.finditer(text):
        end = m.end(2)
        rest = text[m.end() :]
        if not rest:
            continue
        if _is_boundary(text[start : m.start()], m.group(1), rest):
            piece = text[start:end].strip()
            if piece:
                sentences.append(piece)
            start = m.end()
    piece = text[start:].strip()
    if piece:
        sentences.append(piece)
    return sentences


def _is_boundary(before: str, punct: str, after: str) -> bool:
    nxt = after[0]
    next_word = re.match(r"[\w'’]+", after)
    next_word = next_word.group(0).lower() if next_word else ""
    starts_upper = nxt.isupper() or nxt.isdigit() or nxt in "\"'“‘([" or korean.is_syllable(nxt)
    if not starts_upper:
        return False
    if punct != ".":
        return True  # ? ! … and ellipses end a sentence before a capital
    if re.search(r"(?:^|[:;]\s*)\d{1,3}$", before.strip()):
        return False  # "1. First item", "steps: 1. Mix": a list number
    m = _WORD_BEFORE.search(before)
    if not m:
        return True
    word = m.group(1)
    bare = word.rstrip(".").lower()
    if bare == "no" and nxt.isdigit():
        return False  # No. 5
    if (bare in TITLES and word[0].isupper()) or bare in ("e.g", "i.e", "viz", "cf"):
        return False
    if len(word) == 1 and word.isupper():
        return False  # an initial: John F. Kennedy
    if "." in word or bare in CLOSERS:
        # U.S., a.m., Inc.: the sentence ends only when a word that usually opens one follows.
        return next_word in OPENERS
    return True


def split(text: str, lang: str) -> list[list[str]]:
    """The sentences of each paragraph of ``text``; ``lang`` is ``ko`` (kiwipiepy) or ``en`` (rules).

    >>> split("He left. She stayed.\\n\\nThe end.", "en")
    [['He left.', 'She stayed.'], ['The end.']]
    """
    out = []
    for para in paragraphs(text):
        if lang == "ko":
            sents = [s for line in para.split("\n") for s in korean.split_sentences(line)]
        else:
            sents = split_english(para)
        sents = [korean.normalize(s) for s in sents]
        if sents:
            out.append(sents)
    return out
