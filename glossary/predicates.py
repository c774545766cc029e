"""module for predicate terms: the lemma key of a term in dictionary form (개최하다, 돕다, 책임을 지다) and the lemma
keys of the stretches of a text that could be one in any conjugation (개최할, 개최됐다, 도와, 책임을 진다).

A key is the term's lemmas with a coarse part-of-speech class each, particles left out and the final 다 cut off:
개최하다 → ``개최/N 하/P``, 돕다 → ``돕/P``, 잠금 해제를 하다 → ``잠그/P ᆷ/E 해제/N 하/P``. The classes are coarse
(NNG and NNP are both N; VV, VA, XSV and XSA are all P) because the analyser may tag a term on its own a little
differently from the same term in a sentence. The passive 되 after a noun counts as 하 (개최된 is a form of 개최하다).
Each term is analysed once, when it is written (``term_analysis_key``), so recognising is one analysis of the text
plus an index look-up of the keys that ``text_keys`` gives.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kotm import korean

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


def _token_key(token: korean.Token) -> str:
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
    return TermAnalysis(" ".join(_token_key(t) for t in body), "predicate")


def term_analysis_key(ko: str) -> str:
    """The lemma key a term is stored under (the ``ko_lemma`` column), or "" when the term is not a predicate.

    >>> term_analysis_key("돕다"), term_analysis_key("책임을 지다"), term_analysis_key("바다")
    ('돕/P', '책임/N 지/P', '')
    """
    return analyse_term(ko).key


@dataclass(frozen=True, slots=True)
class Stretch:
    """A stretch of text that could be a predicate term: its lemma key, where it is, and the lemma of its last
    predicate morpheme as written (되 in 개최된, to rank 개최되다 before 개최하다 there)."""

    key: str
    start: int
    end: int
    suffix: str


def _may_start(toks: Sequence[korean.Token], i: int) -> bool:
    tok = toks[i]
    if token_class(tok.tag) not in ("N", "P", "D"):
        return False
    if i and toks[i - 1].morph == tok.morph and not tok.part:
        return False  # inside an inflected morpheme (했 = 하 + 았 starts at 하 only)
    prev = toks[i - 1] if i else None
    # 비협력하다 is not 협력하다: no start right after a prefix.
    return not (prev is not None and prev.end == tok.start and prev.tag.startswith("XPN"))


def text_keys(toks: Sequence[korean.Token], max_tokens: int = MAX_TOKENS) -> list[Stretch]:
    """Every stretch of the analysed text that ends on a predicate and could be a predicate term, at most
    ``max_tokens`` lemmas long (so the work is linear in the text): particles are skipped, as in the keys.

    >>> [(s.key, s.start, s.end) for s in text_keys(korean.tokens("개최할 예정"))]
    [('개최/N 하/P', 0, 3)]
    """
    seq = [t for t in toks if token_class(t.tag) != "J"]
    keys = [_token_key(t) for t in seq]
    classes = [token_class(t.tag) for t in seq]
    out: list[Stretch] = []
    for i in range(len(seq)):
        if not _may_start(seq, i):
            continue
        for j in range(i, min(i + max_tokens, len(seq))):
            if classes[j] == "P" and (j + 1 == len(seq) or seq[j + 1].morph != seq[j].morph or classes[j + 1] == "E"):
                out.append(Stretch(" ".join(keys[i : j + 1]), seq[i].start, seq[j].end, seq[j].lemma))
    return out
