"""module for predicate terms in a text: the lemma keys of the stretches of a text that could be a term in
dictionary form (개최하다, 돕다, 책임을 지다) in any conjugation (개최할, 개최됐다, 도와, 책임을 진다). A term's own key
is ``kotm.keys.term_lemma_key``, stored beside it when it is written.

A key is the term's lemmas with a coarse part-of-speech class each, particles left out and the final 다 cut off:
개최하다 → ``개최/N 하/P``, 돕다 → ``돕/P``, 잠금 해제를 하다 → ``잠그/P ᆷ/E 해제/N 하/P``. The classes are coarse
(NNG and NNP are both N; VV, VA, XSV and XSA are all P) because the analyser may tag a term on its own a little
differently from the same term in a sentence. The passive 되 after a noun counts as 하 (개최된 is a form of 개최하다).
Each term is analysed once, when it is written (``kotm.keys.term_lemma_key``), so recognising is one analysis of the text
plus an index look-up of the keys that ``text_keys`` gives.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kotm import korean
from kotm.keys import MAX_TOKENS, lemma_token_key, token_class


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
    keys = [lemma_token_key(t) for t in seq]
    classes = [token_class(t.tag) for t in seq]
    out: list[Stretch] = []
    for i in range(len(seq)):
        if not _may_start(seq, i):
            continue
        for j in range(i, min(i + max_tokens, len(seq))):
            if classes[j] == "P" and (j + 1 == len(seq) or seq[j + 1].morph != seq[j].morph or classes[j + 1] == "E"):
                out.append(Stretch(" ".join(keys[i : j + 1]), seq[i].start, seq[j].end, seq[j].lemma))
    return out
