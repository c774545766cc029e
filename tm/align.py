"""module that aligns the sentences of a Korean document with those of its English translation.

The model is Gale and Church's (1993) length-based dynamic programme, calibrated for Korean→English and strengthened
by lexical anchors that need no model download.

- **Length.** English runs to ``C`` characters per Korean character (spaces counted), with variance ``S2`` per
  character. Calibrated on the parallel sentences in ``shared/corpora/plain``: NTREX-128 news gives c = 1.86,
  s² = 9.3, FLORES devtest c = 2.00, s² = 7.5 (Gale and Church used c = 1, s² = 6.8 for European pairs). A bead
  of ``lk`` Korean and ``le`` English characters costs ``-log 2(1 - Φ(|δ|))`` with
  ``δ = (le - C·lk) / sqrt(S2 · (lk + le/C) / 2)``.
- **Bead types.** 1–1, 1–0, 0–1, 2–1, 1–2 and 2–2, with Gale and Church's priors (``PRIOR``) except 2–2, lowered
  from 0.011 to 0.0001 because it otherwise swallows pairs of 1–1 links. An omission costs its prior plus ``SKIP``,
  whatever its length. Each number found on one side only, and each Latin token of the Korean missing from the
  English, adds ``MISS``. ANCHOR, MISS and SKIP were chosen on the evaluation set of ``benchmarks/align_eval.py``.
- **Anchors.** Each token that a Korean and an English sentence of a bead share lowers its cost by ``ANCHOR``:
  numbers (22일 ~ 22 April, 2,000 ~ 2000), Latin-script tokens in the Korean (5G, ICT, MOU, PPP, names) found
  among the English words, and glossary terms whose Korean and English are both recognised.
- **Confidence.** The posterior probability of each link, by forward–backward over the alignments near the best
  path (costs read as negative log probabilities at temperature ``TEMPERATURE``). A 1–0 or 0–1 link, or one below
  the threshold, is flagged for review.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kotm import korean

C = 1.9
S2 = 8.6
# Gale and Church (1993), table 5: the share of each bead type in their hand-aligned data.
PRIOR = {
    (1, 1): 0.89,
    (1, 0): 0.0099 / 2,
    (0, 1): 0.0099 / 2,
    (2, 1): 0.089 / 2,
    (1, 2): 0.089 / 2,
    (2, 2): 0.0001,
}
ANCHOR = 3.0
SKIP = 0.0
MISS = 1.0
TEMPERATURE = 2.0
THRESHOLD = 0.5
# Alignments of blocks larger than this many cells are searched in a band around the diagonal.
FULL_CELLS = 160_000
BAND = 20
CORRIDOR = 3

MOVES = tuple(PRIOR)
_PRIOR_COST = {move: -math.log(p) for move, p in PRIOR.items()}
_SQRT2 = math.sqrt(2)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_LATIN = re.compile(r"[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*")


@dataclass(frozen=True, slots=True)
class Link:
    """One link of an alignment: Korean sentences ``ko`` (indexes) with English sentences ``en``."""

    ko: tuple[int, ...]
    en: tuple[int, ...]
    ko_text: str
    en_text: str
    confidence: float
    flagged: bool

    @property
    def type(self) -> str:
        return f"{len(self.ko)}-{len(self.en)}"

    @property
    def is_pair(self) -> bool:
        return bool(self.ko and self.en)

    def to_dict(self) -> dict:
        return {
            "ko": self.ko_text,
            "en": self.en_text,
            "type": self.type,
            "confidence": round(self.confidence, 3),
            "flagged": self.flagged,
        }


@dataclass
class Alignment:
    """The links of two documents, in document order, and whether paragraphs were kept as hard boundaries."""

    links: list[Link]
    ko_sentences: list[str]
    en_sentences: list[str]
    by_paragraph: bool
    threshold: float = THRESHOLD
    counts: dict[str, int] = field(default_factory=dict)

    def confident(self) -> list[Link]:
        """The pairs that can go into the memory without review."""
        return [link for link in self.links if link.is_pair and not link.flagged]


def anchors(text: str, lang: str, terms: Sequence[tuple[str, str]] = ()) -> frozenset[str]:
    """The tokens by which a sentence can be recognised in the other language.

    A Korean sentence gives its numbers (``n:``), Latin-script tokens (``w:``) and the indexes of the glossary terms
    it holds (``t:``); an English sentence gives its numbers, all its words and the terms whose English it holds.

    >>> sorted(anchors("2019년 5G 상용화", "ko"))
    ['n:2019', 'n:5', 'w:5g']
    """
    out = {"n:" + n.replace(",", "") for n in _NUMBER.findall(text)}
    words = {w.lower() for w in _LATIN.findall(text)}
    out.update("w:" + w for w in words if len(w) > 1 and (lang == "en" or w.isascii()))
    lowered = text.lower()
    for n, (ko, en) in enumerate(terms):
        if lang == "ko":
            if ko[0] in text and korean.hit_pattern(ko).search(text):
                out.add(f"t:{n}")
        elif en.lower() in lowered and re.search(r"\b" + re.escape(en) + r"\b", text, re.IGNORECASE):
            out.add(f"t:{n}")
    return frozenset(out)


def _kinds(tokens: frozenset[str]) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Anchors split into numbers, words and terms."""
    return tuple(frozenset(t for t in tokens if t[0] == kind) for kind in "nwt")


class _Model:
    """Bead costs for one block of Korean and English sentences."""

    def __init__(self, ko: Sequence[str], en: Sequence[str], terms: Sequence[tuple[str, str]]):
        self.n, self.m = len(ko), len(en)
        self.pk = [0]
        for s in ko:
            self.pk.append(self.pk[-1] + len(s))
        self.pe = [0]
        for s in en:
            self.pe.append(self.pe[-1] + len(s))
        self.ak = [_kinds(anchors(s, "ko", terms)) for s in ko]
        self.ae = [_kinds(anchors(s, "en", terms)) for s in en]

    def cost(self, i: int, j: int, a: int, b: int) -> float:
        """Cost of the bead that ends at Korean sentence i and English sentence j (exclusive) with a and b of them."""
        lk = self.pk[i] - self.pk[i - a]
        le = self.pe[j] - self.pe[j - b]
        if not (a and b):
            # An omission costs the same whatever its length: Gale and Church's δ would make leaving out a long
            # sentence all but impossible, and merge it into a neighbour's link instead.
            return _PRIOR_COST[a, b] + SKIP
        mean = (lk + le / C) / 2
        delta = abs(le - C * lk) / math.sqrt(S2 * mean)
        tail = math.erfc(delta / _SQRT2)
        cost = _PRIOR_COST[a, b] + (-math.log(tail) if tail > 1e-300 else 690.0)
        kn, kw, kt = self.ak[i - 1] if a == 1 else self._union(self.ak, i)
        en_n, en_w, en_t = self.ae[j - 1] if b == 1 else self._union(self.ae, j)
        if not (kn or kw or kt or en_n):
            return cost
        shared = len(kn & en_n) + len(kw & en_w) + len(kt & en_t)
        # Numbers on one side only, and Latin tokens of the Korean that the English lacks (not every English word
        # is an anchor, and a glossary term may be rendered otherwise).
        missing = len(kn ^ en_n) + len(kw - en_w)
        return cost - ANCHOR * shared + MISS * missing

    @staticmethod
    def _union(sides: list, end: int) -> tuple:
        x, y = sides[end - 2], sides[end - 1]
        return x[0] | y[0], x[1] | y[1], x[2] | y[2]


def _band(n: int, m: int, width: int | None) -> list[tuple[int, int]]:
    """For each Korean position i (0..n), the range of English positions the search considers."""
    if width is None:
        return [(0, m)] * (n + 1)
    out = []
    for i in range(n + 1):
        center = i * m / n if n else 0
        out.append((max(0, int(center) - width), min(m, int(center) + width + 1)))
    return out


def _viterbi(model: _Model, band: list[tuple[int, int]]) -> tuple[list[tuple[int, int, int, int]], bool]:
    """The cheapest path as beads (i, j, a, b); also whether it touched the edge of a band narrower than the block."""
    n, m = model.n, model.m
    inf = math.inf
    cost_at: list[dict[int, float]] = []
    back: list[dict[int, tuple[int, int]]] = []
    for i in range(n + 1):
        lo, hi = band[i]
        row: dict[int, float] = {}
        brow: dict[int, tuple[int, int]] = {}
        for j in range(lo, hi + 1):
            if i == 0 and j == 0:
                row[0] = 0.0
                continue
            best, arg = inf, None
            for a, b in MOVES:
                if a > i or b > j:
                    continue
                prev = (cost_at[i - a] if a else row).get(j - b)
                if prev is None or prev == inf:
                    continue
                c = prev + model.cost(i, j, a, b)
                if c < best:
                    best, arg = c, (a, b)
            row[j] = best
            if arg:
                brow[j] = arg
        cost_at.append(row)
        back.append(brow)
    path = []
    i, j = n, m
    touched = False
    while i or j:
        a, b = back[i][j]
        lo, hi = band[i]
        if (j == lo and lo > 0) or (j == hi and hi < m):
            touched = True
        path.append((i, j, a, b))
        i, j = i - a, j - b
    path.reverse()
    return path, touched


def _logsumexp(values: list[float]) -> float:
    top = max(values)
    if top == -math.inf:
        return top
    return top + math.log(sum(math.exp(v - top) for v in values))


def _posteriors(model: _Model, path: list[tuple[int, int, int, int]]) -> list[float]:
    """Posterior probability of each bead of ``path`` among the alignments in a corridor around it."""
    n, m = model.n, model.m
    span: dict[int, list[int]] = {}
    for i, j, a, b in path:
        for di in range(i - a, i + 1):
            span.setdefault(di, []).extend((j - b, j))
    band = []
    for i in range(n + 1):
        lo = min(min(span.get(k, [m])) for k in range(max(0, i - CORRIDOR), min(n, i + CORRIDOR) + 1))
        hi = max(max(span.get(k, [0])) for k in range(max(0, i - CORRIDOR), min(n, i + CORRIDOR) + 1))
        band.append((max(0, lo - CORRIDOR), min(m, hi + CORRIDOR)))
    t = TEMPERATURE
    cells = {(i, j) for i in range(n + 1) for j in range(band[i][0], band[i][1] + 1)}
    fwd: dict[tuple[int, int], float] = {(0, 0): 0.0}
    for i in range(n + 1):
        for j in range(band[i][0], band[i][1] + 1):
            if i == 0 and j == 0:
                continue
            terms = [fwd[i - a, j - b] - model.cost(i, j, a, b) / t for a, b in MOVES if (i - a, j - b) in fwd]
            fwd[i, j] = _logsumexp(terms) if terms else -math.inf
    bwd: dict[tuple[int, int], float] = {(n, m): 0.0}
    for i in range(n, -1, -1):
        for j in range(band[i][1], band[i][0] - 1, -1):
            if i == n and j == m:
                continue
            terms = [
                bwd[i + a, j + b] - model.cost(i + a, j + b, a, b) / t
                for a, b in MOVES
                if (i + a, j + b) in cells and (i + a, j + b) in bwd
            ]
            bwd[i, j] = _logsumexp(terms) if terms else -math.inf
    total = fwd[n, m]
    out = []
    for i, j, a, b in path:
        log_p = fwd[i - a, j - b] - model.cost(i, j, a, b) / t + bwd[i, j] - total
        out.append(min(1.0, math.exp(log_p)))
    return out


def align_block(
    ko: Sequence[str], en: Sequence[str], terms: Sequence[tuple[str, str]] = ()
) -> list[tuple[tuple[int, ...], tuple[int, ...], float]]:
    """Align two lists of sentences; returns (Korean indexes, English indexes, confidence) for each link.

    >>> [(k, e) for k, e, _ in align_block(["가나다라마바사.", "아자차카타파하."], ["Hello there, friends.", "Goodbye and see you soon."])]
    [((0,), (0,)), ((1,), (1,))]
    """
    if not ko and not en:
        return []
    model = _Model(ko, en, terms)
    n, m = len(ko), len(en)
    width = None if (n + 1) * (m + 1) <= FULL_CELLS else BAND
    while True:
        path, touched = _viterbi(model, _band(n, m, width))
        if not touched or width is None:
            break
        width *= 2
        if width >= max(n, m):
            width = None
    confidence = _posteriors(model, path)
    return [
        (tuple(range(i - a, i)), tuple(range(j - b, j)), p) for (i, j, a, b), p in zip(path, confidence, strict=True)
    ]


def align(
    ko: Sequence[Sequence[str]],
    en: Sequence[Sequence[str]],
    terms: Sequence[tuple[str, str]] = (),
    threshold: float = THRESHOLD,
) -> Alignment:
    """Align two documents given as paragraphs of sentences.

    When both have as many paragraphs, each paragraph is aligned with its counterpart (paragraph ends are hard
    boundaries); otherwise the documents are aligned as a whole. ``terms`` are (Korean, English) glossary pairs used
    as anchors. Links below ``threshold`` confidence, and every 1–0 and 0–1 link, are flagged.
    """
    flat_ko = [s for p in ko for s in p]
    flat_en = [s for p in en for s in p]
    by_paragraph = len(ko) == len(en)
    blocks = list(zip(ko, en, strict=True)) if by_paragraph else [(flat_ko, flat_en)]
    links: list[Link] = []
    ko_base = en_base = 0
    for block_ko, block_en in blocks:
        for ks, es, p in align_block(block_ko, block_en, terms):
            ks = tuple(ko_base + k for k in ks)
            es = tuple(en_base + e for e in es)
            links.append(
                Link(
                    ks,
                    es,
                    " ".join(flat_ko[k] for k in ks),
                    " ".join(flat_en[e] for e in es),
                    p,
                    flagged=not (ks and es) or p < threshold,
                )
            )
        ko_base += len(block_ko)
        en_base += len(block_en)
    counts: dict[str, int] = {}
    for link in links:
        counts[link.type] = counts.get(link.type, 0) + 1
    return Alignment(links, flat_ko, flat_en, by_paragraph, threshold, counts)


def align_files(
    ko_path: str | Path,
    en_path: str | Path,
    terms: Sequence[tuple[str, str]] = (),
    threshold: float = THRESHOLD,
) -> Alignment:
    """Read, split and align a Korean plain-text file and its English translation (UTF-8 or UTF-16 with BOM).

    Raises InputError for a missing, empty, binary or wrongly encoded file, or a Korean file without Hangul.
    """
    from kotm.errors import InputError
    from kotm.tm import sentences

    ko_text = sentences.read_text(ko_path)
    en_text = sentences.read_text(en_path)
    if not korean.has_hangul(ko_text):
        raise InputError(f"{ko_path} holds no Korean (Hangul) text; is it the Korean file?")
    ko = sentences.split(ko_text, "ko")
    en = sentences.split(en_text, "en")
    return align(ko, en, terms, threshold)


def write_tsv(links: Iterable[Link], path: str | Path) -> int:
    """Write links as TSV (ko, en, type, confidence, flagged) with a header; ``-`` writes to stdout.

    The TSV is kotm's one dialect (``kotm.formats.tsv``: no quoting, tabs, line ends and backslashes escaped), so
    ``kotm import`` reads a reviewed file back as it was written. A file is written beside its final name and
    renamed into place once complete. Returns the number of links.
    """
    import io

    from kotm.formats import write_output
    from kotm.formats.tsv import row

    def dump(out) -> int:
        text = io.TextIOWrapper(out, encoding="utf-8", newline="")
        text.write(row(["ko", "en", "type", "confidence", "flagged"]))
        count = 0
        for link in links:
            text.write(row([link.ko_text, link.en_text, link.type, f"{link.confidence:.3f}", str(int(link.flagged))]))
            count += 1
        text.flush()
        text.detach()  # leave the binary stream open for its owner
        return count

    return write_output(path, dump)
