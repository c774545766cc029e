"""module for the keys kotm derives from a unit's text: how a pair is told from another, a term's look-up key, the
English index keys, and the text as it is stored. Pure functions: the store writes what they give.

A migration never calls these (they may change in a later release); ``kotm.migrations`` keeps its own copies.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from kotm import korean
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


def clean(text: str, side: str, latin_ok: bool = False) -> str:
    """The text as stored: NFC, without leading or trailing whitespace. Raises InputError if it cannot be stored.

    A segment's Korean side must hold Hangul; a glossary term's (``latin_ok``) may be Latin letters, digits and
    symbols alone, as API, 5G and Wi-Fi stay in Korean text. The English side may quote Korean words ("the 한 (han)
    of Korean"), but one that holds Hangul and no Latin letter at all is Korean put in the wrong field, and is
    refused.

    >>> clean(" Korea\u2019s 정 (jeong) ", "en")
    'Korea’s 정 (jeong)'
    """
    text = nfc(text).strip()
    if not text:
        raise InputError(f"the {'Korean' if side == 'ko' else 'English'} text is empty")
    if side == "ko" and not has_hangul(text) and not (latin_ok and any(ch.isalnum() for ch in text)):
        raise InputError(f"the Korean text holds no Hangul: {text!r}")
    if side == "en" and has_hangul(text) and not _LATIN.search(text):
        raise InputError(f"the English text holds Hangul and no Latin letter (Korean in the English field?): {text!r}")
    return text


_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


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


# ---- the lemma key of a predicate term (개최하다 → 개최/N 하/P): how recognition finds it in any conjugation.
# Bump ANALYSIS_VERSION whenever what term_lemma_key gives for a term changes: the store then derives the stored
# keys of every term again (kotm.store.refresh_analysis).
ANALYSIS_VERSION = 1

# Most lemma tokens a predicate term spans (잠금 해제를 하다 has five without its particle).
MAX_TOKENS = 10

_PREDICATE_TAGS = frozenset({"VV", "VA", "VX", "XSV", "XSA"})
_NOUN_TAGS = frozenset({"NNG", "NNP", "NR", "NP", "XR", "SL", "SN", "SH"})
# Passive and causative suffixes that make the same term as 하 (개최되다 is the passive of 개최하다).
_SAME_AS_HA = frozenset({"되"})


def token_class(tag: str) -> str:
    """The coarse class of a Sejong tag: N noun, B bound noun, P predicate, E ending, J particle, S noun suffix,
    X prefix, M adverb, D determiner, C copula, O anything else."""
    if tag in _PREDICATE_TAGS:
        return "P"
    if tag in _NOUN_TAGS:
        return "N"
    if tag.startswith("NNB"):
        return "B"
    for prefix, cls in (("E", "E"), ("J", "J"), ("XSN", "S"), ("XPN", "X"), ("MA", "M"), ("MM", "D"), ("VC", "C")):
        if tag.startswith(prefix):
            return cls
    return "O"


def lemma_token_key(token: korean.Token) -> str:
    lemma = token.lemma
    if token.tag == "XSV" and lemma in _SAME_AS_HA:
        lemma = "하"
    return f"{lemma}/{token_class(token.tag)}"


@dataclass(frozen=True, slots=True)
class TermAnalysis:
    """A term analysed once: its lemma key (empty for a term that is not a predicate) and its class."""

    key: str
    kind: str  # "predicate", "noun" or "latin"


def analyse_term(ko: str) -> TermAnalysis:
    """The analysis of a glossary term's Korean.

    >>> analyse_term("개최하다"), analyse_term("협력").kind, analyse_term("5G").kind
    (TermAnalysis(key='개최/N 하/P', kind='predicate'), 'noun', 'latin')
    """
    ko = korean.normalize(ko)
    if not korean.has_hangul(ko):
        return TermAnalysis("", "latin")
    if not ko.endswith("다"):
        return TermAnalysis("", "noun")
    toks = korean.tokens(ko)
    if len(toks) < 2 or toks[-1].lemma != "다" or not toks[-1].tag.startswith("E"):
        return TermAnalysis("", "noun")
    body = [t for t in toks[:-1] if token_class(t.tag) != "J"]
    if not body or token_class(body[-1].tag) != "P" or len(body) > MAX_TOKENS:
        return TermAnalysis("", "noun")
    return TermAnalysis(" ".join(lemma_token_key(t) for t in body), "predicate")


def term_lemma_key(ko: str) -> str:
    """The lemma key a term is stored under (the ``ko_lemma`` column), or "" when the term is not a predicate.
    Derived with the live analyser: the store re-derives the stored keys when ``ANALYSIS_VERSION`` moves.

    >>> term_lemma_key("돕다"), term_lemma_key("책임을 지다"), term_lemma_key("바다")
    ('돕/P', '책임/N 지/P', '')
    """
    return analyse_term(ko).key
