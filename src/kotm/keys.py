"""module for the keys kotm derives from a unit's text: how a pair is told from another, a term's look-up key, the
English index keys, and the text as it is stored. Pure functions: the store writes what they give.

A migration never calls these (they may change in a later release); ``kotm.migrations`` keeps its own copies.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from itertools import pairwise

from kotm.errors import InputError
from kotm.text import en_words, has_hangul, nfc, normalize

PAIR_JOIN = "\u00b7"  # joins a word to the next in an English pair key; a middle dot is never part of a word


def pair_key(ko: str, en: str) -> int:
    """A signed 64-bit key of the normalised pair: equal for pairs that differ only in spacing or Unicode form."""
    text = normalize(ko) + "\t" + normalize(en)
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big", signed=True)


def term_key(ko: str) -> str:
    """The Korean of a term without spacing, lower-cased: 국제 IT 협력센터 and 국제 IT협력센터 share it."""
    return "".join(normalize(ko).split()).lower()


def clean(text: str, side: str) -> str:
    """The text as stored: NFC, without leading or trailing whitespace. Raises InputError if it cannot be stored."""
    text = nfc(text).strip()
    if not text:
        raise InputError(f"the {'Korean' if side == 'ko' else 'English'} text is empty")
    if side == "ko" and not has_hangul(text):
        raise InputError(f"the Korean text holds no Hangul: {text!r}")
    return text


def en_keys(text: str) -> str:
    """The English keys of a text: its words, lower-cased, and each word paired with the next.

    Pairs are what make English keys telling: a sentence of common words ("the path to the file") holds few rare
    words but rarer pairs. At 1M segments they took English fuzzy matching from 36 to 6 ms (median) and its recall
    from 0.992 to 0.997 (benchmarks/RESULTS.md).

    >>> en_keys("Korea's 5G Cooperation")
    'korea s 5g cooperation korea·s s·5g 5g·cooperation'
    """
    words = en_words(text)
    return " ".join(words + [a + PAIR_JOIN + b for a, b in pairwise(words)])


def tally_keys(index_keys: Iterable[str], counts: Counter[str] | None = None) -> Counter[str]:
    """How many of the texts (given as their space-separated keys) hold each key, added to ``counts``."""
    counts = Counter() if counts is None else counts
    for keys in index_keys:
        counts.update(set(keys.split()))
    return counts
