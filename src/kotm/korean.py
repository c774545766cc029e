"""module that owns Korean text handling: normalisation, the Hangul-bigram index keys and morphological analysis.

It is the only module that imports the morphological analysers: python-mecab-ko (which ships mecab-ko-dic) for
morphemes, and kiwipiepy (which ships its model) for sentence splitting; nothing is downloaded at run time. Each is
built on first use and only plain strings and tuples leave this module, so the analysers can be swapped.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Iterator
from typing import NamedTuple

from kotm.text import compiled as _compiled

# The text rules, re-exported: korean.normalize and korean.has_hangul are what Korean-handling callers know.
from kotm.text import has_hangul as has_hangul
from kotm.text import normalize as normalize

_SPACE = re.compile(r"\s+")

# Tags (mecab-ko-dic, Sejong-style) of morphemes that attach to a content word: particles (J*), endings (E*),
# verb/adjective-deriving suffixes (XSV 하다, XSA), the copula (VCP 이다, VCN 아니다) and punctuation/symbols (S*).
_FUNCTIONAL = (
    "J",
    "E",
    "XSV",
    "XSA",
    "VCP",
    "VCN",
    "SF",
    "SE",
    "SS",
    "SP",
    "SO",
    "SW",
    "SC",
    "SY",
)


def is_syllable(ch: str) -> bool:
    """True for a precomposed Hangul syllable (가–힣)."""
    return "\uac00" <= ch <= "\ud7a3"


# A Hangul stream: syllables, with any whitespace between them ignored; or a word of other letters and digits.
_PIECE = r"(?P<h>[\uac00-\ud7a3](?:\s*[\uac00-\ud7a3])*)|(?P<w>[^\W_\uac00-\ud7a3]+)"


def _pieces(text: str) -> Iterator[tuple[str, str]]:
    """Split text into ('h', hangul stream) and ('w', other word) pieces.

    A Hangul stream is a run of syllables in which whitespace is ignored, so spacing variants of Korean compounds
    (국제협력 / 국제 협력) give the same keys. Punctuation and other scripts end a stream.
    """
    for m in _compiled(_PIECE).finditer(text):
        if m.lastgroup == "h":
            yield "h", _SPACE.sub("", m.group())
        else:
            yield "w", m.group().lower()


# For index_keys: a Hangul stream in normalised text (single spaces between syllables ignored), and other words.
_STREAM = r"[\uac00-\ud7a3](?: ?[\uac00-\ud7a3])*"
_WORD = r"[^\W_\uac00-\ud7a3]+"
_AFTER_END = "\x00."


def index_keys(text: str) -> str:
    """The space-separated keys that the Korean full-text index stores for a text.

    Every syllable starts one key: the syllable with its successor in the stream, or alone at the end of the stream.
    Together the keys find any substring of two or more syllables, and a prefix query finds one syllable, whatever
    particles or compounds surround it. Words of other scripts are keys as they are, lower-cased.

    >>> index_keys("국제 IT협력센터를")
    '국제 제 협력 력센 센터 터를 를 it'
    """
    text = normalize(text)
    # The streams, each ended by NUL, paired with their next character at C speed: "ab" + NUL gives "ab b\0"; the
    # pair of a NUL and the next stream's first syllable is dropped, the NUL after a stream's last syllable removed.
    streams = "\x00".join(_compiled(_STREAM).findall(text)).replace(" ", "")
    pairs = " ".join(map(operator.add, streams, streams[1:] + "\x00"))
    keys = _compiled(_AFTER_END).sub("", pairs).replace("\x00", "")
    words = _compiled(_WORD).findall(text)
    if words:
        keys = f"{keys} {' '.join(words).lower()}" if keys else " ".join(words).lower()
    return " ".join(keys.split()) if "  " in keys else keys


def match_expression(query: str) -> str | None:
    """The FTS5 MATCH expression that finds every segment holding the query as a substring (spacing aside).

    The index keeps which segments hold a key, not where (``detail=none``), so the expression asks for all of the
    query's keys and the caller checks each segment found against ``hit_pattern``: a segment can hold the keys
    without holding them in a row. Returns None when the query has nothing to search for.

    >>> match_expression("카자흐스탄")
    '"카자" "자흐" "흐스" "스탄"'
    >>> match_expression("협")
    '"협" *'
    """
    keys: list[str] = []
    pieces = list(_pieces(normalize(query)))
    prefix = False
    for n, (kind, piece) in enumerate(pieces):
        last = n == len(pieces) - 1
        if kind == "w":
            keys.append(piece)
        elif last:
            # The stream may go on in the text (particles, compounds): no end-of-stream key, and a lone syllable
            # is a prefix of the key that starts at it.
            if len(piece) == 1:
                prefix = True
            keys.extend(piece[i : i + 2] for i in range(max(1, len(piece) - 1)))
        else:
            keys.extend(piece[i : i + 2] for i in range(len(piece)))
    if not keys:
        return None
    # The lone last syllable, if any, is a prefix; repeated keys are asked for once.
    whole = dict.fromkeys(keys[:-1] if prefix else keys)
    return " ".join([f'"{key}"' for key in whole] + ([f'"{keys[-1]}" *'] if prefix else []))


def hit_pattern(query: str) -> re.Pattern[str]:
    """A regex that finds the query in a text the way the index does: case-insensitive, spacing-insensitive
    between Hangul syllables and across script changes.

    >>> [m.span() for m in hit_pattern("국제 IT협력센터").finditer("국제 IT 협력센터를")]
    [(0, 10)]
    """
    q = normalize(query)
    out: list[str] = []
    prev = ""
    pending_space = False
    for ch in q:
        if ch.isspace():
            pending_space = True
            continue
        if prev:
            both_latin = not is_syllable(prev) and not is_syllable(ch) and prev.isalnum() and ch.isalnum()
            if both_latin and not pending_space:
                pass
            elif both_latin:
                out.append(r"\s+")
            else:
                out.append(r"\s*")
        out.append(re.escape(ch))
        prev = ch
        pending_space = False
    return re.compile("".join(out), re.IGNORECASE)


@functools.lru_cache(maxsize=256)
def _cached_pattern(query: str) -> re.Pattern[str]:
    return hit_pattern(query)


def holds(text: str, query: str) -> bool:
    """True when the text holds the query as ``hit_pattern`` finds it (the check behind every index look-up).

    >>> holds("국제 IT 협력센터를", "IT협력"), holds("협력 센터 국제", "국제협력")
    (True, False)
    """
    return _cached_pattern(query).search(text) is not None


@functools.cache
def _tagger():
    from mecab import MeCab  # lazy: python-mecab-ko loads its dictionary here (~20 ms)

    return MeCab()


# Text longer than this is analysed in pieces cut at a space (after a sentence end where there is one): the
# analyser's offsets cost time in the length of the text per morpheme, so one 60,000-character line took 2.5 times
# as long as the same text in lines.
PIECE = 1000


def _pieces_of(text: str) -> Iterator[tuple[int, str]]:
    """(offset, piece) of a text cut at spaces into pieces of about PIECE characters or fewer."""
    start = 0
    while len(text) - start > PIECE:
        window = text[start : start + PIECE]
        cut = max(window.rfind(". "), window.rfind("? "), window.rfind("! "), window.rfind("다 "))
        cut = cut + 1 if cut > PIECE // 2 else window.rfind(" ")
        if cut <= 0:
            cut = PIECE  # no space at all: cut anyway
        # The spaces go with the piece before: the analyser counts a piece's leading spaces into its first morpheme.
        while start + cut < len(text) and text[start + cut].isspace():
            cut += 1
        yield start, text[start : start + cut]
        start += cut
    yield start, text[start:]


def _parse(text: str) -> Iterator[tuple[int, object]]:
    """(offset of its piece, morpheme) for the analyser's morphemes of ``text``, piece by piece."""
    tagger = _tagger()
    if len(text) <= PIECE:
        for m in tagger.parse(text):
            yield 0, m
        return
    for offset, piece in _pieces_of(text):
        for m in tagger.parse(piece):
            yield offset, m


def morphemes(text: str) -> list[tuple[str, str, int, int]]:
    """Analyse text into (surface, tag, start, end) morphemes, offsets into ``text``.

    >>> [m[:2] for m in morphemes("협력하기로")]
    [('협력', 'NNG'), ('하', 'XSV'), ('기', 'ETN'), ('로', 'JKB')]
    """
    return [(m.surface, m.pos, o + m.span.start, o + m.span.end) for o, m in _parse(text)]


class Token(NamedTuple):
    """One morpheme of an analysed text in dictionary form: 도울 gives 돕 (VV) and ᆯ (ETM), both spanning 도울.

    ``start``/``end`` are offsets into the text: those of the surface morpheme, or of the part of a compound noun
    (한반도 → 한 + 반도) when the parts spell the surface. ``morph`` numbers the surface morpheme the token comes from;
    ``part`` is True for a part of a compound; ``semantic`` is the analyser's semantic class (행위 for an action
    noun such as 협력 or 개최), or "".
    """

    lemma: str
    tag: str
    start: int
    end: int
    morph: int
    part: bool = False
    semantic: str = ""


def tokens(text: str) -> list[Token]:
    """Analyse text into tokens in dictionary form (lemmas), with their tags and offsets into ``text``.

    >>> [(t.lemma, t.tag, t.start, t.end) for t in tokens("도울 예정")]
    [('돕', 'VV', 0, 2), ('ᆯ', 'ETM', 0, 2), ('예정', 'NNG', 3, 5)]
    """
    out: list[Token] = []
    for n, (offset, m) in enumerate(_parse(text)):
        start, end = offset + m.span.start, offset + m.span.end
        feature = m.feature
        semantic = feature.semantic or ""
        expression = feature.expression
        if not expression or expression == "*":
            out.append(Token(m.surface, m.pos.split("+")[0], start, end, n, False, semantic))
            continue
        parts = [piece.split("/") for piece in expression.split("+")]
        parts = [(p[0], p[1]) for p in parts if len(p) >= 2 and p[0]]
        if feature.type != "Inflect" and "".join(lemma for lemma, _ in parts) == m.surface:
            compound = feature.type == "Compound"
            pos = start
            for lemma, tag in parts:
                out.append(Token(lemma, tag, pos, pos + len(lemma), n, compound, semantic if not compound else ""))
                pos += len(lemma)
        else:
            out.extend(Token(lemma, tag, start, end, n, False, semantic) for lemma, tag in parts)
    return out


def is_functional(tag: str) -> bool:
    """True for a particle, ending, predicate suffix, copula or symbol: what attaches to a content word."""
    return tag.startswith(_FUNCTIONAL)


@functools.lru_cache(maxsize=65536)
def particle_follows(word: str, offset: int) -> bool:
    """True when only particles and endings follow ``offset`` in ``word`` (a space-delimited word), as analysed on its
    own: cached, so a search analyses each distinct word once.

    >>> particle_follows("협력을", 2), particle_follows("협력하기로", 2), particle_follows("협력센터를", 2)
    (True, True, False)
    """
    for _, tag, start, _ in morphemes(word):
        if start >= offset:
            return start == offset and is_functional(tag)
    return False


def without_endings(text: str) -> str | None:
    """The text with the particles and endings of its last word cut off, or None when it has none.

    >>> without_endings("카자흐스탄과의"), without_endings("전략적 동반자 관계를"), without_endings("협력하기로")
    ('카자흐스탄', '전략적 동반자 관계', '협력')
    >>> without_endings("협력") is None
    True
    """
    word_start = text.rfind(" ") + 1
    for _, tag, start, _ in morphemes(text):
        if start > word_start and is_functional(tag):
            return text[:start]
    return None


def starts_word(text: str, offset: int) -> bool:
    """True when ``offset`` starts a word: the text starts there or a space or punctuation precedes it."""
    return offset == 0 or not text[offset - 1].isalnum() or (is_syllable(text[offset]) != is_syllable(text[offset - 1]))


@functools.cache
def _kiwi():
    from kiwipiepy import Kiwi  # lazy: building Kiwi loads its model (~1 s, ~500 MB)

    return Kiwi()


def split_sentences(text: str) -> list[str]:
    """Split Korean text into sentences with kiwipiepy, which also finds ends without a period (…했다 그리고),
    keeps quotes and decimals whole and reads 다./요./까? endings.

    >>> split_sentences("값은 2.5였다. 정말요? 네!")
    ['값은 2.5였다.', '정말요?', '네!']
    """
    if not text.strip():
        return []
    out = []
    for sent in _kiwi().split_into_sents(text):
        piece = text[sent.start : sent.end].strip()
        if piece:
            out.append(piece)
    return out
