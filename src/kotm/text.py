"""module for the text rules every layer shares: Unicode normalisation, which language a text is in, how English
is split into words, how a date given by a user is read, and how a long list is cut into chunks.

Each rule is written here once; nothing here knows about the database or the screen.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from itertools import islice

from kotm.errors import InputError


def nfc(text: str) -> str:
    """The text in Unicode NFC, the form kotm stores (a cheap check first: most text already is)."""
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def normalize(text: str) -> str:
    """NFC-normalise and collapse whitespace, the form kotm compares.

    >>> normalize("  카자흐스탄은\\t 중앙아시아 ")
    '카자흐스탄은 중앙아시아'
    """
    return " ".join(nfc(text).split())


@functools.cache
def compiled(pattern: str) -> re.Pattern[str]:
    """A regex compiled on first use: patterns over the 11,172 Hangul syllables take 1–3 ms each to compile, which
    commands that never use them should not pay."""
    return re.compile(pattern)


SYLLABLE = "[\uac00-\ud7a3]"


def has_hangul(text: str) -> bool:
    """True when the text holds at least one Hangul syllable.

    >>> has_hangul("5G 상용화"), has_hangul("5G")
    (True, False)
    """
    return compiled(SYLLABLE).search(text) is not None


def detect_lang(text: str) -> str:
    """``ko`` when the text holds Hangul, else ``en``: the side a query, a sentence or a term is taken to be on.

    >>> detect_lang("5G 협력"), detect_lang("5G cooperation")
    ('ko', 'en')
    """
    return "ko" if has_hangul(text) else "en"


# English words: runs of letters and digits (the underscore is not part of a word, as for SQLite's tokenizer).
_EN_WORD = r"[^\W_]+"
# English tokens as term recognition reads them: words joined by an inner hyphen, apostrophe or period
# (Nur-Sultan, Kazakhstan's, U.S.), so that a term is matched against whole tokens.
_EN_TOKEN = r"\w+(?:[-'’.]\w+)*"


def en_words(text: str) -> list[str]:
    """The words of an English text, lower-cased: what the English indexes hold and queries ask for.

    >>> en_words("Korea's 5G-based Cooperation_Centre")
    ['korea', 's', '5g', 'based', 'cooperation', 'centre']
    """
    return compiled(_EN_WORD).findall(text.lower())


def en_tokens(text: str) -> Iterator[re.Match[str]]:
    """The tokens of an English text with their offsets, for term recognition (see ``_EN_TOKEN``)."""
    return compiled(_EN_TOKEN).finditer(text)


def en_token_key(text: str) -> str:
    """An English text reduced to its recognition tokens, lower-cased and joined by spaces.

    >>> en_token_key("Nur-Sultan,  the capital")
    'nur-sultan the capital'
    """
    return " ".join(m.group().lower() for m in en_tokens(text))


SOURCE_LANGS = ("ko", "en")


def source_lang(code: str) -> str:
    """``code`` when it names a direction kotm knows (the source side of a unit or a file: "ko" or "en"); else
    InputError (a ValueError too, for the writers' callers).

    >>> source_lang("en")
    'en'
    """
    if code not in SOURCE_LANGS:
        raise BadLanguage(f"the source language (source_lang) must be ko or en, not {code!r}")
    return code


class BadLanguage(InputError, ValueError):
    """A source language other than ko or en."""


def parse_since(value: str) -> str:
    """A date (2024-05-01) or time (2024-05-01T09:30:00Z, any offset) as kotm stores times (UTC), for ``--since``.

    >>> parse_since("2024-05-01"), parse_since("2024-05-01T18:30+09:00")
    ('2024-05-01', '2024-05-01T09:30:00Z')
    """
    from datetime import UTC, datetime

    text = str(value).strip()
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise InputError(f"{value!r} is not a date like 2024-05-01 or a time like 2024-05-01T09:30:00Z") from None
    if len(text) == 10:
        return parsed.strftime("%Y-%m-%d")
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC)
    return parsed.strftime("%Y-%m-%dT%H:%M:%SZ")


def chunks(items: Iterable, size: int) -> Iterator[list]:
    """The items in lists of at most ``size`` (SQLite takes at most 32,766 parameters in one statement).

    >>> list(chunks(range(5), 2))
    [[0, 1], [2, 3], [4]]
    """
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch
