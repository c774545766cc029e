"""Benchmark: term recognition on the hand-labelled set ``tests/data/recognition.tsv``, kotm against two peers.

    python benchmarks/bench_recognition.py [--runs N]

Methods, all given the built-in glossary (loaded with ``kotm.api.create`` into a temporary database) plus the
entries of ``tests/data/recognition.terms.tsv`` (predicate terms in dictionary form, with English verbs, and nouns
whose spelling is also an adverb, a particle, an ending or part of other words: 도로, 수도, 말, 차, 안 …):

- **kotm**: ``kotm.glossary.recognize.scan``.
- **substring**: what a plain CAT-tool termbase does. Each term's surface (its Korean in a Korean row, its English
  in an English row), lower-cased and without whitespace, is looked for as a substring of the text without
  whitespace; longest term first, a match that overlaps an earlier one is dropped.
- **eojeol prefix**: the text is split on whitespace into eojeols (words), leading punctuation (quotes, brackets)
  stripped from each; a term of n words matches n consecutive eojeols when the first n-1 equal its first words and
  the n-th starts with its last word (case-insensitive). Longest term first, non-overlapping.

Scoring (micro-averaged over term occurrences):

1. Gold spans. The labels of a row name glossary terms by their ``ko``, in order of position. Each label is placed
   at the first occurrence of the term after the end of the previous label's span: for a Korean row, the term's
   Korean exactly as written, or failing that with any spacing (and any hyphen/middle-dot between its parts), or
   for a predicate term in dictionary form where its conjugated form starts (``_predicate_pattern``); for
   an English row, one of the English renderings of the term, case-insensitive, word-initial, with any suffix
   allowed (plural, possessive). A label that cannot be placed is a data error and stops the run.
2. A found occurrence is a true positive when it is paired with a gold span such that the gold ``ko`` is the
   ``ko`` of one of the found occurrence's glossary entries (``scan`` returns all entries sharing a surface, so
   English "leaders" offers both 지도자 and 정상) and the two spans overlap by at least one character. Pairing is
   one-to-one, gold spans taken in order, each paired with the first unpaired found occurrence that qualifies.
3. Unpaired found occurrences are false positives, unpaired gold spans false negatives.
   precision = TP / (TP + FP), recall = TP / (TP + FN), F1 their harmonic mean.

Timing: every method runs over the whole set ``--runs`` times (after one warm-up call); per sentence we take the
median of its runs, then report the median over sentences and the sum (one pass over the set).
"""

from __future__ import annotations

import argparse
import csv
import re
import statistics
import tempfile
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "recognition.tsv"
EXTRA_TERMS = DATA.with_name("recognition.terms.tsv")
CATEGORIES = ("corpus", "written", "predicate", "trap", "homograph", "english")
KINDS = ("noun", "predicate", "english", "trap", "homograph")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_DASHES = "-‐‑–—·・"


@dataclass(frozen=True)
class Row:
    text: str
    labels: tuple[str, ...]
    category: str

    @property
    def lang(self) -> str:
        return "ko" if _HANGUL.search(self.text) else "en"


@dataclass(frozen=True)
class Hit:
    """An occurrence: the ``ko`` of every glossary entry it stands for, and its character span."""

    kos: frozenset[str]
    start: int
    end: int


def load_rows(path: Path = DATA) -> list[Row]:
    rows = []
    with path.open(encoding="utf-8", newline="") as f:
        for n, rec in enumerate(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE), start=2):
            text = rec["text"]
            if text != " ".join(unicodedata.normalize("NFC", text).split()):
                raise ValueError(f"line {n}: text is not normalised (NFC, single spaces)")
            labels = tuple(t.strip() for t in rec["terms"].split(" | ")) if rec["terms"].strip() else ()
            rows.append(Row(text, labels, rec["category"]))
    return rows


def create_db(path: Path) -> None:
    """The benchmark's glossary: the built-in corpus plus ``recognition.terms.tsv``."""
    from kotm.api import create
    from kotm.store import add_terms, open_db
    from kotm.units import Term

    create(path)
    db = open_db(path)
    with EXTRA_TERMS.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    add_terms(db, [Term(r["ko"], r["en"], domain=r["domain"], source="recognition-set") for r in rows])
    db.close()


def kind(row: Row, ko: str) -> str:
    """The kind an occurrence of term ``ko`` in ``row`` is scored under: english for an English row, trap for a row
    of the trap category, homograph for one of a noun spelled like a term with another sense of the same part of
    speech (정상 "normal"; scoping tells them apart), else predicate (a term in dictionary form) or noun."""
    from kotm.keys import term_lemma_key as term_analysis_key

    if row.lang == "en":
        return "english"
    if row.category in ("trap", "homograph"):
        return row.category
    return "predicate" if term_analysis_key(ko) else "noun"


def load_terms(db) -> list[tuple[str, str]]:
    """(ko, en) of every glossary entry."""
    return [(r["ko"], r["en"]) for r in db.query("SELECT ko, en FROM terms ORDER BY id")]


# ---------------------------------------------------------------------------------------------------- gold spans


def _spaced_pattern(ko: str) -> re.Pattern[str]:
    parts = []
    for ch in ko:
        if ch.isspace():
            continue
        parts.append(f"[{re.escape(_DASHES)}]?" if ch in _DASHES else re.escape(ch))
    return re.compile(r"\s*".join(parts), re.IGNORECASE)


def _predicate_pattern(ko: str) -> re.Pattern[str] | None:
    """Where a predicate term in dictionary form occurs conjugated: an X하다/X되다 term at its X (개최하다 at 개최 of
    개최했다), another at its stem with the last syllable in any final consonant (돕다 at 도 of 도와, 아름답다 at
    아름다 of 아름다운, 책임을 지다 at 책임을 진 of 진다). None for a term that does not end in 다."""
    if not ko.endswith("다") or len(ko) < 2:
        return None
    stem = ko[:-1]
    if stem[-1] in "하되" and len(stem) > 1:
        return _spaced_pattern(stem[:-1])
    last = ord(stem[-1])
    if not 0xAC00 <= last <= 0xD7A3:
        return None
    base = 0xAC00 + (last - 0xAC00) // 28 * 28
    head = _spaced_pattern(stem[:-1]).pattern if len(stem) > 1 else ""
    return re.compile(head + r"\s*" + f"[{chr(base)}-{chr(base + 27)}]")


def _english_pattern(en: str) -> re.Pattern[str]:
    words = re.findall(r"\w+", en)
    return re.compile(r"\b" + r"\W+".join(re.escape(w) for w in words), re.IGNORECASE)


def locate(row: Row, terms: list[tuple[str, str]]) -> list[tuple[str, int, int]]:
    """The gold spans of a row: (ko, start, end) for each label (rule 1 in the module docstring)."""
    spans = []
    pos = 0
    for ko in row.labels:
        if row.lang == "ko":
            patterns = [re.compile(re.escape(ko), re.IGNORECASE), _spaced_pattern(ko)]
            patterns += [p for p in [_predicate_pattern(ko)] if p is not None]
            match = next((m for p in patterns if (m := p.search(row.text, pos))), None)
        else:
            renderings = sorted({en for k, en in terms if k == ko})
            found = [m for en in renderings if (m := _english_pattern(en).search(row.text, pos))]
            match = min(found, key=lambda m: (m.start(), -m.end()), default=None)
        if match is None:
            raise ValueError(f"label {ko!r} not found after offset {pos} in {row.text!r}")
        spans.append((ko, match.start(), match.end()))
        pos = match.end()
    return spans


def score(gold: list[tuple[str, int, int]], found: list[Hit]) -> tuple[list, list[Hit], list]:
    """(true positives as (gold, hit) pairs, false positives, false negatives) for one row (rules 2–3)."""
    paired: set[int] = set()
    tps, fns = [], []
    for g in gold:
        ko, start, end = g
        for i, h in enumerate(found):
            if i not in paired and ko in h.kos and h.start < end and start < h.end:
                paired.add(i)
                tps.append((g, h))
                break
        else:
            fns.append(g)
    fps = [h for i, h in enumerate(found) if i not in paired]
    return tps, fps, fns


# ---------------------------------------------------------------------------------------------------- methods


def kotm_method(db) -> Callable[[str], list[Hit]]:
    from kotm.glossary.recognize import scan

    def run(text: str) -> list[Hit]:
        return [Hit(frozenset(t.ko for t in f.terms), f.start, f.end) for f in scan(db, text)]

    return run


def _longest_first(candidates: list[tuple[int, int, int, frozenset[str]]]) -> list[Hit]:
    """candidates: (length, start, end, kos); keep the longest, then leftmost, dropping overlaps."""
    chosen: list[Hit] = []
    for _, start, end, kos in sorted(candidates, key=lambda c: (-c[0], c[1])):
        if all(end <= h.start or start >= h.end for h in chosen):
            chosen.append(Hit(kos, start, end))
    return sorted(chosen, key=lambda h: h.start)


def substring_method(terms: list[tuple[str, str]]) -> Callable[[str], list[Hit]]:
    by_key: dict[str, dict[str, set[str]]] = {"ko": {}, "en": {}}
    for ko, en in terms:
        by_key["ko"].setdefault("".join(ko.lower().split()), set()).add(ko)
        by_key["en"].setdefault("".join(en.lower().split()), set()).add(ko)

    def run(text: str) -> list[Hit]:
        lang = "ko" if _HANGUL.search(text) else "en"
        offsets = [i for i, ch in enumerate(text) if not ch.isspace()]
        squeezed = "".join(text[i] for i in offsets).lower()
        candidates = []
        for key, kos in by_key[lang].items():
            i = squeezed.find(key)
            while i >= 0:
                candidates.append((len(key), offsets[i], offsets[i + len(key) - 1] + 1, frozenset(kos)))
                i = squeezed.find(key, i + 1)
        return _longest_first(candidates)

    return run


def prefix_method(terms: list[tuple[str, str]]) -> Callable[[str], list[Hit]]:
    by_words: dict[str, dict[tuple[str, ...], set[str]]] = {"ko": {}, "en": {}}
    for ko, en in terms:
        by_words["ko"].setdefault(tuple(ko.lower().split()), set()).add(ko)
        by_words["en"].setdefault(tuple(en.lower().split()), set()).add(ko)
    # Terms by the first character of their first word, so that each eojeol is compared with a few terms only.
    by_initial: dict[str, dict[str, list[tuple[tuple[str, ...], set[str]]]]] = {"ko": {}, "en": {}}
    for lang, table in by_words.items():
        for words, kos in table.items():
            by_initial[lang].setdefault(words[0][0], []).append((words, kos))

    def run(text: str) -> list[Hit]:
        lang = "ko" if _HANGUL.search(text) else "en"
        tokens = []
        for m in re.finditer(r"\S+", text):
            tok = m.group()
            lead = len(tok) - len(tok.lstrip("'\"‘’“”(〈《「『[<"))
            tokens.append((m.start() + lead, tok[lead:].lower()))
        candidates = []
        for i in range(len(tokens)):
            for words, kos in by_initial[lang].get(tokens[i][1][:1], ()):
                n = len(words)
                if i + n > len(tokens):
                    continue
                inner_equal = all(tokens[i + k][1] == words[k] for k in range(n - 1))
                if inner_equal and tokens[i + n - 1][1].startswith(words[-1]):
                    start, end = tokens[i][0], tokens[i + n - 1][0] + len(words[-1])
                    candidates.append((end - start, start, end, frozenset(kos)))
        return _longest_first(candidates)

    return run


# ---------------------------------------------------------------------------------------------------- report


@dataclass
class Result:
    name: str
    hits: list[list[Hit]]
    times: list[float]  # seconds per row, median over runs


def run_method(name: str, method: Callable[[str], list[Hit]], rows: list[Row], runs: int) -> Result:
    method(rows[0].text)  # warm-up: loads the analyser
    per_row: list[list[float]] = [[] for _ in rows]
    hits: list[list[Hit]] = []
    for r in range(runs):
        for i, row in enumerate(rows):
            t0 = time.perf_counter()
            out = method(row.text)
            per_row[i].append(time.perf_counter() - t0)
            if r == 0:
                hits.append(out)
    return Result(name, hits, [statistics.median(t) for t in per_row])


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def evaluate(
    rows: list[Row],
    golds: list[list],
    hits: list[list[Hit]],
    category: str | None = None,
    of_kind: str | None = None,
):
    """(tp, fp, fn) counts and the per-row errors, over the rows of ``category`` (all when None) and the occurrences
    of ``of_kind`` (``kind``; all when None: a false positive counts under the kind of its first term)."""
    tp = fp = fn = 0
    errors = []
    for n, (row, gold, found) in enumerate(zip(rows, golds, hits, strict=True)):
        if category and row.category != category:
            continue
        tps, fps, fns = score(gold, found)
        if of_kind:
            tps = [t for t in tps if kind(row, t[0][0]) == of_kind]
            fps = [h for h in fps if kind(row, min(h.kos)) == of_kind]
            fns = [g for g in fns if kind(row, g[0]) == of_kind]
        tp, fp, fn = tp + len(tps), fp + len(fps), fn + len(fns)
        if fps or fns:
            errors.append((n, row, fps, fns))
    return tp, fp, fn, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="passes over the set for timing (default 5)")
    args = parser.parse_args()

    from kotm.store import open_db

    rows = load_rows()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "kotm.db"
        create_db(path)
        db = open_db(path)
        terms = load_terms(db)
        golds = [locate(row, terms) for row in rows]
        methods = {
            "kotm": kotm_method(db),
            "substring": substring_method(terms),
            "eojeol prefix": prefix_method(terms),
        }
        results = [run_method(name, m, rows, args.runs) for name, m in methods.items()]
        db.close()

    n_gold = sum(len(g) for g in golds)
    print(f"# Term recognition: {len(rows)} sentences, {n_gold} labelled term occurrences ({DATA.name})\n")
    print("| method | precision | recall | F1 | TP | FP | FN | median ms/sentence | total ms |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for res in results:
        tp, fp, fn, _ = evaluate(rows, golds, res.hits)
        p, r, f = prf(tp, fp, fn)
        med, total = statistics.median(res.times) * 1000, sum(res.times) * 1000
        print(f"| {res.name} | {p:.3f} | {r:.3f} | {f:.3f} | {tp} | {fp} | {fn} | {med:.3f} | {total:.1f} |")
    base = statistics.median(results[0].times)
    ratios = ", ".join(f"{r.name} {base / statistics.median(r.times):.0f}×" for r in results[1:])
    print(f"\nkotm's median time per sentence relative to the peers: {ratios} slower (median of {args.runs} runs).\n")

    print("## Per category (precision / recall / F1)\n")
    print("| category | sentences | occurrences | " + " | ".join(r.name for r in results) + " |")
    print("|---|---:|---:|" + "---|" * len(results))
    for cat in CATEGORIES:
        n_rows = sum(row.category == cat for row in rows)
        n_occ = sum(len(g) for row, g in zip(rows, golds, strict=True) if row.category == cat)
        cells = []
        for res in results:
            tp, fp, fn, _ = evaluate(rows, golds, res.hits, cat)
            p, r, f = prf(tp, fp, fn)
            cells.append(f"{p:.3f} / {r:.3f} / {f:.3f} ({fp} FP, {fn} FN)")
        print(f"| {cat} | {n_rows} | {n_occ} | " + " | ".join(cells) + " |")

    print("\n## Per kind of occurrence (precision / recall)\n")
    print("| kind | occurrences | " + " | ".join(r.name for r in results) + " |")
    print("|---|---:|" + "---|" * len(results))
    for k in KINDS:
        n_occ = sum(1 for row, g in zip(rows, golds, strict=True) for ko, _, _ in g if kind(row, ko) == k)
        cells = []
        for res in results:
            tp, fp, fn, _ = evaluate(rows, golds, res.hits, of_kind=k)
            p, r, _ = prf(tp, fp, fn)
            cells.append(f"{p:.3f} / {r:.3f} ({fp} FP, {fn} FN)")
        print(f"| {k} | {n_occ} | " + " | ".join(cells) + " |")

    print("\n## kotm errors\n")
    _, _, _, errors = evaluate(rows, golds, results[0].hits)
    if not errors:
        print("None.")
    for n, row, fps, fns in errors:
        parts = [f"FP {row.text[h.start : h.end]!r} as {'/'.join(sorted(h.kos))}" for h in fps]
        parts += [f"FN {row.text[s:e]!r} ({ko})" for ko, s, e in fns]
        print(f"- [{row.category}, line {n + 2}] {row.text} — " + "; ".join(parts))


if __name__ == "__main__":
    main()
