"""Benchmark: link precision, recall and F1 of ``kotm.tm.align`` against NLTK's Gale–Church, and alignment speed.

Both aligners get the same sentences and paragraphs from ``align_eval.py``: paragraph by paragraph when both sides
have as many, else the whole document. NLTK runs twice: with its published parameters (c = 1, s² = 6.8) and with
kotm's Korean→English calibration, which isolates what the anchors add. Needs ``pip install -e ".[bench]"``.

    python benchmarks/bench_align.py
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import align_eval

from kotm.tm import align as kalign

Link = tuple[tuple[int, ...], tuple[int, ...]]


def blocks(doc: align_eval.Document):
    """(Korean sentences, English sentences, Korean offset, English offset) of each block to align."""
    pairs = (
        zip(doc.ko, doc.en, strict=True)
        if len(doc.ko) == len(doc.en)
        else [([s for p in doc.ko for s in p], [s for p in doc.en for s in p])]
    )
    ko_base = en_base = 0
    for ko, en in pairs:
        yield ko, en, ko_base, en_base
        ko_base += len(ko)
        en_base += len(en)


def run_kotm(doc: align_eval.Document) -> set[Link]:
    result = kalign.align(doc.ko, doc.en)
    return {(link.ko, link.en) for link in result.links}


def nltk_params(calibrated: bool):
    from nltk.translate.gale_church import LanguageIndependent

    if not calibrated:
        return LanguageIndependent

    class KoreanEnglish(LanguageIndependent):
        AVERAGE_CHARACTERS = kalign.C
        VARIANCE_CHARACTERS = kalign.S2

    return KoreanEnglish


def run_nltk(doc: align_eval.Document, params) -> set[Link]:
    from nltk.translate.gale_church import align_blocks

    links: set[Link] = set()
    for ko, en, kb, eb in blocks(doc):
        pairs = align_blocks([len(s) for s in ko], [len(s) for s in en], params)
        # NLTK returns sentence pairs: a bead is a connected group of them; sentences in none are 1–0 / 0–1.
        groups: list[tuple[set[int], set[int]]] = []
        for i, j in pairs:
            for g in groups:
                if i in g[0] or j in g[1]:
                    g[0].add(i)
                    g[1].add(j)
                    break
            else:
                groups.append(({i}, {j}))
        seen_k = {i for i, _ in pairs}
        seen_e = {j for _, j in pairs}
        for gk, ge in groups:
            links.add((tuple(kb + i for i in sorted(gk)), tuple(eb + j for j in sorted(ge))))
        links |= {((kb + i,), ()) for i in range(len(ko)) if i not in seen_k}
        links |= {((), (eb + j,)) for j in range(len(en)) if j not in seen_e}
    return links


def score(docs, aligner) -> tuple[float, float, float, float, int]:
    tp = n_pred = n_gold = 0
    pairs = 0
    start = time.perf_counter()
    for doc in docs:
        pred = aligner(doc)
        tp += len(pred & doc.gold)
        n_pred += len(pred)
        n_gold += len(doc.gold)
        pairs += (sum(map(len, doc.ko)) + sum(map(len, doc.en))) / 2
    elapsed = time.perf_counter() - start
    p, r = tp / n_pred, tp / n_gold
    return p, r, 2 * p * r / (p + r), pairs / elapsed, int(pairs)


def calibration(docs) -> list[str]:
    """Precision of kotm's confident (unflagged) pairs and of its flagged links."""
    ok = {True: 0, False: 0}
    total = {True: 0, False: 0}
    for doc in docs:
        for link in kalign.align(doc.ko, doc.en).links:
            total[link.flagged] += 1
            ok[link.flagged] += (link.ko, link.en) in doc.gold
    return [
        f"{total[False]} confident links, {ok[False] / max(1, total[False]):.3f} correct; "
        f"{total[True]} flagged, {ok[True] / max(1, total[True]):.3f} correct"
    ]


def flat_speed(n: int = 10_000) -> tuple[float, float]:
    """Seconds to align one 10,000-pair document with no paragraphs (both corpora, 3% drops)."""
    rng = random.Random(align_eval.SEED)
    pairs = align_eval.load("ntrex") + align_eval.load("flores")
    pairs = (pairs * (n // len(pairs) + 1))[:n]
    ko = [k for k, _ in pairs]
    en = [e for _, e in pairs if rng.random() > 0.03]
    start = time.perf_counter()
    kalign.align([ko], [en])
    return time.perf_counter() - start, n / (time.perf_counter() - start)


def main() -> None:
    print("| set | aligner | links | precision | recall | F1 | pairs/s |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for name in align_eval.SETS:
        docs = align_eval.build(name)
        rows = [
            ("kotm", run_kotm),
            ("NLTK gale_church", lambda d: run_nltk(d, nltk_params(False))),
            ("NLTK, kotm's c/s²", lambda d: run_nltk(d, nltk_params(True))),
        ]
        gold = sum(len(d.gold) for d in docs)
        for label, fn in rows:
            p, r, f, speed, _ = score(docs, fn)
            print(f"| {name} | {label} | {gold} | {p:.3f} | {r:.3f} | {f:.3f} | {speed:,.0f} |")
        for line in calibration(docs):
            print(f"\n{name}: {line}", file=sys.stderr)
    seconds, speed = flat_speed()
    print(f"\nOne document of 10,000 pairs without paragraphs: {seconds:.1f} s ({speed:,.0f} pairs/s).")


if __name__ == "__main__":
    main()
