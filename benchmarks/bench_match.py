"""Fuzzy-match benchmark: kotm's index-candidate lookup against brute force and translate-toolkit's matcher.

Usage: python benchmarks/bench_match.py [N] [--queries 200] [--no-ttk]

Builds an N-segment database from the deterministic corpus (benchmarks/corpus.py), then runs the query set (real
Korean sentences with one small edit) through:
- kotm: ``kotm.tm.fuzzy.match(db, q, min_score=75, limit=None)`` inside the library (index retrieval + rescoring);
- brute force: rapidfuzz ``process.extract`` with the same scorer over every segment (the exact answer);
- translate-toolkit: ``translate.search.match.matcher`` over the same units (min_similarity=75, max_candidates=10,
  max_length raised to 1000 from its default 70, which skips longer segments; its ``matches()`` raises TypeError
  on tied scores, counted as a failed query).
Recall is the share of brute force's ≥ 75 matches that each method returns. Prints a markdown table.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus

TTK_QUERIES = 200  # every query of the default set


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def build(n: int, path: Path) -> float:
    from kotm.store import add_segments, open_db
    from kotm.units import Segment

    db = open_db(path)
    start = time.perf_counter()
    add_segments(db, (Segment(ko, en, source="bench") for ko, en in corpus.segments(n)))
    seconds = time.perf_counter() - start
    db.close()
    return n / seconds


def measures(pairs: list[tuple[str, str]]) -> None:
    """How each similarity measure scores a real sentence against itself with one small edit (the query set)."""
    from rapidfuzz.distance import Levenshtein

    from kotm import korean

    rows = {
        "characters, Levenshtein (kotm, memoQ, Trados)": lambda a, b: Levenshtein.normalized_similarity(a, b),
        "words, Levenshtein (OmegaT-like tokens)": lambda a, b: Levenshtein.normalized_similarity(a.split(), b.split()),
    }
    print("\n| measure | median score of original vs edited | p10 |")
    print("|---|---:|---:|")
    for name, fn in rows.items():
        scores = [100 * fn(korean.normalize(a), korean.normalize(b)) for a, b in pairs]
        print(f"| {name} | {statistics.median(scores):.1f} | {pct(scores, 10):.1f} |")


def against_brute_force(
    db, queries: list[str], lang: str = "ko"
) -> tuple[list[float], list[float], int, int, dict[str, set[int]]]:
    """Run each query through kotm (library, min score 75) and through brute-force rapidfuzz over every segment's
    ``lang`` side.

    Returns kotm's and brute force's times (ms), how many of brute force's ≥ 75 matches kotm found, how many there
    are, and brute force's answer per query.
    """
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    from kotm import korean
    from kotm.tm.fuzzy import match

    ids, choices = [], []
    for id_, text in db.execute(f"SELECT id, {lang} FROM segments ORDER BY id"):
        ids.append(id_)
        choices.append(korean.normalize(text))
    # kotm's lookups run back to back, as in a translator's session, then brute force's: interleaved, each
    # brute-force pass over every segment evicts kotm's working set from the CPU caches before its next lookup.
    kotm_ms, brute_ms, found, exact = [], [], 0, 0
    got: dict[str, set[int]] = {}
    for q in queries:
        t = time.perf_counter()
        got[q] = {m.segment.id for m in match(db, q, lang=lang, min_score=75, limit=None)}
        kotm_ms.append((time.perf_counter() - t) * 1000)
    truth_by_query: dict[str, set[int]] = {}
    for q in queries:
        t = time.perf_counter()
        truth = process.extract(
            korean.normalize(q), choices, scorer=Levenshtein.normalized_similarity, score_cutoff=0.75, limit=None
        )
        brute_ms.append((time.perf_counter() - t) * 1000)
        truth_by_query[q] = {ids[i] for _, _, i in truth}
        exact += len(truth_by_query[q])
        found += len(truth_by_query[q] & got[q])
    return kotm_ms, brute_ms, found, exact, truth_by_query


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", type=int, nargs="?", default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--no-ttk", action="store_true", help="skip translate-toolkit (slow to build at 1M)")
    args = parser.parse_args()

    from kotm.store import open_db

    tmp = Path(tempfile.mkdtemp())
    rate = build(args.n, tmp / "bench.db")
    db = open_db(tmp / "bench.db")
    rows = list(db.query("SELECT id, ko, en FROM segments ORDER BY id"))
    queries = corpus.queries(args.queries)
    kotm_ms, brute_ms, found, exact, truth_by_query = against_brute_force(db, queries)

    table = [
        ("kotm match (library)", kotm_ms, found / exact if exact else 1.0, ""),
        ("brute-force rapidfuzz", brute_ms, 1.0, "exact answer"),
    ]
    if not args.no_ttk:
        from translate.search.match import matcher
        from translate.storage import base

        store = base.TranslationStore()
        for r in rows:
            unit = base.TranslationUnit(r["ko"])
            unit.target = r["en"]
            store.addunit(unit)
        t = time.perf_counter()
        ttk = matcher(store, max_candidates=10, min_similarity=75, max_length=1000)
        build_s = time.perf_counter() - t
        ttk_ms, ttk_found, ttk_truth, failures = [], 0, 0, 0
        by_ko: dict[str, set[int]] = {}
        for r in rows:
            by_ko.setdefault(r["ko"], set()).add(r["id"])
        for q in queries[:TTK_QUERIES]:
            t = time.perf_counter()
            try:
                hits = ttk.matches(q)
            except TypeError:
                hits, failures = [], failures + 1
            ttk_ms.append((time.perf_counter() - t) * 1000)
            truth_ids = truth_by_query[q]
            got = set().union(*(by_ko.get(h.source, set()) for h in hits))
            ttk_found += len(truth_ids & got)
            ttk_truth += len(truth_ids)
        note = f"first {len(ttk_ms)} queries; built in {build_s:.1f} s; {failures} TypeError"
        table.append(("translate-toolkit matcher", ttk_ms, ttk_found / ttk_truth if ttk_truth else 1.0, note))

    print(f"## Fuzzy match, {args.n:,} segments, {len(queries)} queries (insert rate {rate:,.0f} segments/s)\n")
    print("| method | p50 ms | p95 ms | recall of ≥75% matches | note |")
    print("|---|---:|---:|---:|---|")
    for name, times, recall, note in table:
        print(f"| {name} | {statistics.median(times):.1f} | {pct(times, 95):.1f} | {recall:.3f} | {note} |")
    measures(corpus.query_pairs(args.queries))
    ratio = statistics.median(brute_ms) / statistics.median(kotm_ms)
    print(f"\nkotm is {ratio:.0f}× faster than brute force at p50; {exact} matches ≥ 75 in all.")


if __name__ == "__main__":
    main()
