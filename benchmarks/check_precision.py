"""Precision of `kotm check` on real files, measured on a blind, hand-labelled random sample of its findings.

Usage:
    python benchmarks/check_precision.py sample --seed N [--per-check 50] [--work DIR]
    python benchmarks/check_precision.py table [--labels benchmarks/check_labels.tsv] [--work DIR]
    python benchmarks/check_precision.py recall [--seed N] [--per-check 50] [--work DIR]

The files (../shared/corpora, read-only): the three Godot editor PO files, the 508 Python-docs PO files of the
.tar.xz (extracted into --work), and both OmegaT TMX files. Each group is checked with the glossary that fits it:

- lean4game TMX: its own project glossary (glossary/lean4game-ko.glossary.txt, OmegaT format), the only glossary in
  the corpora written for one of these texts;
- Godot, Python docs, OmegaT's own UI strings: no glossary. None in the corpora was written for them: the built-in
  glossary is the 2019 Korea–Kazakhstan summit's (diplomacy, person, place …; space → 우주), and a glossary made
  from the files' own most frequent translations would grade the files against themselves. Their term findings with
  the built-in glossary are counted (not sampled) as the price of checking with a glossary that does not fit.

`sample` runs every check over every group (the library call `kotm.api.check`, as `kotm check --json` does), draws a
seeded random sample of up to --per-check findings of each check (``untranslated`` counted as two: an empty target,
and a copied or wrong-script one), and writes them shuffled together to benchmarks/check_sample-N.md for labelling:
each finding's key, place and direction, the source and the target with the highlighted spans in ⟦ ⟧, the
suggestion, and for a group (two units that disagree) the other units, but not the check's id nor its message. The
check of each key goes to benchmarks/check_sample-N.keys.tsv, which the labeller does not read before labelling.

Labels live in benchmarks/check_labels.tsv: ``key``, ``sample`` (the seed), ``label`` (1: a real error a reviewer
wants flagged; 0: a false alarm), and a one-line reason. `table` joins them with the keys files and prints, per
sample and per check, the precision of the sampled findings as they were drawn and of those the current code still
reports; with the findings of the current code per group.

`recall` plants one real error of each kind (a particle swapped for its other form, a number changed, a placeholder
dropped, the English copied into the Korean, a glossary rendering replaced) into up to --per-check real units that
were clean for that check, and counts how many are found, and with the suggestion the planted error calls for.

A finding's key is a hash of its file (relative to the corpora), line, check, spans and suggestion: stable across
runs of the same code, and across code changes that leave the finding as it was.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import sys
import tarfile
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPORA = HERE.parent.parent / "shared/corpora"
LABELS = HERE / "check_labels.tsv"
GLOSSARY = CORPORA / "glossary/lean4game-ko.glossary.txt"
TARBALL = CORPORA / "po/python-docs-ko/python-docs-ko-3.13.po.tar.xz"


def groups(work: Path) -> dict[str, tuple[list[Path], Path | None]]:
    """Group name → (files, glossary file or None)."""
    docs = work / "python-docs-ko-3.13"
    if not docs.exists():
        with tarfile.open(TARBALL) as tar:
            tar.extractall(work, filter="data")
    godot = sorted((CORPORA / "po/godot-editor-l10n").glob("*.po"))
    return {
        "godot": (godot, None),
        "python-docs": (sorted(docs.rglob("*.po")), None),
        "omegat-l10n": ([CORPORA / "tmx/omegat-l10n-ko.project_save.tmx"], None),
        "lean4game": ([CORPORA / "tmx/lean4game-ko.project_save.tmx"], GLOSSARY),
    }


def database(work: Path, glossary: Path | None, builtin: bool = False):
    """A database holding only the glossary (no segments): a file is checked against its glossary alone."""
    from kotm import api

    name = "builtin" if builtin else (glossary.stem if glossary else "empty")
    path = work / f"precision-{name}.db"
    if path.exists():
        path.unlink()
    api.create(path, empty=not builtin)
    db = api.open_existing(path)
    if glossary is not None:
        api.import_files(db, [glossary], into="terms")
    return db


def relative(path: str, work: Path) -> str:
    p = Path(path).resolve()
    for base in (CORPORA.resolve(), work.resolve()):
        if p.is_relative_to(base):
            return str(p.relative_to(base))
    return str(p)


def key(f: dict) -> str:
    data = json.dumps([f["file"], f["line"], f["check"], f["spans"], f["suggestion"]], ensure_ascii=False)
    return hashlib.sha1(data.encode()).hexdigest()[:12]


def category(f: dict) -> str:
    if f["check"] == "untranslated":
        return "untranslated (empty)" if "is empty" in f["message"] else "untranslated (copied / wrong script)"
    return f["check"]


def findings(work: Path) -> tuple[list[dict], dict[str, Counter]]:
    """Every finding of every check over every group, as dicts with "file" relative, "key" and "category"; and the
    count per category per group (the built-in glossary's term findings as "term (built-in glossary)")."""
    from kotm import api

    out: list[dict] = []
    counts: dict[str, Counter] = defaultdict(Counter)
    builtin = None
    for name, (files, glossary) in groups(work).items():
        db = database(work, glossary)
        report = api.check(db, files=files)
        for f in report.findings:
            d = f.to_dict()
            d["file"] = relative(d["file"], work)
            d["key"], d["category"], d["group_name"] = key(d), category(d), name
            counts[name][d["category"]] += 1
            out.append(d)
        if glossary is None:
            builtin = builtin or database(work, None, builtin=True)
            terms = api.check(builtin, files=files, checks=["term"])
            counts[name]["term (built-in glossary)"] += len(terms.findings)
    return out, counts


def marked(text: str, spans: list[list[int]]) -> str:
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + "⟦" + text[start:end] + "⟧" + text[end:]
    return text


def blind(f: dict) -> str:
    src = f["source_lang"]
    tgt = "en" if src == "ko" else "ko"
    lines = [
        f"## {f['key']}  {f['file']}:{f['line']}  ({src}→{tgt})",
        f"- source: {marked(f[src], f['spans'][src])!r}",
        f"- target: {marked(f[tgt], f['spans'][tgt])!r}",
    ]
    for m in f.get("group", [])[1:]:
        lines.append(f"- other unit (line {m.get('line')}): {m[src]!r} → {m[tgt]!r}")
    lines.append(f"- suggestion: {f['suggestion']!r}")
    return "\n".join(lines) + "\n"


def sample(args) -> None:
    found, counts = findings(args.work)
    rng = random.Random(args.seed)
    by: dict[str, list[dict]] = defaultdict(list)
    for f in found:
        by[f["category"]].append(f)
    drawn = []
    for cat in sorted(by):
        items = sorted(by[cat], key=lambda f: f["key"])
        drawn.extend(rng.sample(items, min(args.per_check, len(items))))
    rng.shuffle(drawn)
    md = HERE / f"check_sample-{args.seed}.md"
    with md.open("w", encoding="utf-8") as out:
        out.write(
            f"# Blind sample {args.seed} of kotm check's findings on real files\n\n"
            "Label each: is the highlighted text (or the suggestion) a real error in the translation that a "
            "reviewer wants flagged? Write `key<TAB>sample<TAB>1 or 0<TAB>reason` to benchmarks/check_labels.tsv.\n\n"
        )
        for f in drawn:
            out.write(blind(f) + "\n")
    keys = HERE / f"check_sample-{args.seed}.keys.tsv"
    with keys.open("w", encoding="utf-8", newline="") as out:
        w = csv.writer(out, delimiter="\t", lineterminator="\n")
        w.writerow(["key", "category"])
        for f in sorted(drawn, key=lambda f: f["key"]):
            w.writerow([f["key"], f["category"]])
    print(f"{len(drawn)} findings of {len(found)} to {md.name} (checks in {keys.name})")
    print_counts(counts)


def print_counts(counts: dict[str, Counter]) -> None:
    cats = sorted({c for per in counts.values() for c in per})
    names = list(counts)
    print("\n| check | " + " | ".join(names) + " |")
    print("|---|" + "---:|" * len(names))
    for c in cats:
        print(f"| {c} | " + " | ".join(f"{counts[n][c]:,}" for n in names) + " |")


def read_labels(path: Path) -> dict[tuple[str, str], tuple[int, str]]:
    out = {}
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            out[(row["sample"], row["key"])] = (int(row["label"]), row["reason"])
    return out


def table(args) -> None:
    labels = read_labels(args.labels)
    found, counts = findings(args.work)
    current = {f["key"] for f in found}
    print("## Findings of the current code\n")
    print_counts(counts)
    for seed in sorted({s for s, _ in labels}, key=int):
        keys_file = HERE / f"check_sample-{seed}.keys.tsv"
        with keys_file.open(encoding="utf-8") as f:
            cats = {row["key"]: row["category"] for row in csv.DictReader(f, delimiter="\t")}
        print(f"\n## Sample {seed}: precision as drawn, and of the findings the current code still reports\n")
        print("| check | drawn | labelled | precision as drawn | still reported | precision now |")
        print("|---|---:|---:|---:|---:|---:|")
        per: dict[str, list] = defaultdict(list)
        for k, cat in cats.items():
            per[cat].append(k)
        missing = 0
        for cat in sorted(per):
            ks = per[cat]
            lab = [labels[(seed, k)][0] for k in ks if (seed, k) in labels]
            missing += len(ks) - len(lab)
            now = [labels[(seed, k)][0] for k in ks if (seed, k) in labels and k in current]
            p = f"{sum(lab) / len(lab):.2f} ({sum(lab)}/{len(lab)})" if lab else "–"
            q = f"{sum(now) / len(now):.2f} ({sum(now)}/{len(now)})" if now else "–"
            print(f"| {cat} | {len(ks)} | {len(lab)} | {p} | {len(now)} | {q} |")
        if missing:
            print(f"\n{missing} drawn findings have no label", file=sys.stderr)


# ---- recall: real errors planted into real units


def plant(kind: str, unit, glossary) -> tuple[object, str] | None:
    """The unit with one error of ``kind`` planted in its target, and the suggestion that should come back; None
    when the unit has no place for that error."""
    import re
    from dataclasses import replace

    from kotm.qa.particles import PAIRS
    from kotm.qa.placeholders import placeholders

    ko = unit.ko
    if kind == "particle":
        # swap a particle after a Hangul word for its other form: 서버를 → 서버을
        swaps = {a: b for a, b, _ in PAIRS if len(a) == len(b) == 1} | {b: a for a, b, _ in PAIRS if len(a) == 1}
        from kotm import korean

        for m in re.finditer(r"([가-힣]{2,})([을를은는이가과와]) ", ko):
            word, particle = m.group(1), m.group(2)
            tags = {start: tag for _, tag, start, _ in korean.morphemes(m.group())}
            # a particle after a noun (서버를), not a verb's ending (호출되는)
            if particle in swaps and word[-1] not in "이가" and tags.get(len(word), "").startswith("J"):
                wrong = ko[: m.start(2)] + swaps[particle] + ko[m.end(2) :]
                return replace(unit, ko=wrong), word + particle
        return None
    if kind == "number":
        for m in re.finditer(r"(?<![\w.,])([1-9]\d{1,3})(?![\w.,%])", ko):
            if m.group(1) in unit.en and not re.search(r"[A-Za-z_-]$", ko[: m.start()]):
                changed = str(int(m.group(1)) + 1)
                return replace(unit, ko=ko[: m.start()] + changed + ko[m.end() :]), m.group(1)
        return None
    if kind == "placeholder":
        found = [p for p in placeholders(ko) if p.text.startswith(("%", "{"))]
        if found:
            p = found[0]
            return replace(unit, ko=ko[: p.start] + ko[p.end :]), f"keep {p.text}"
        return None
    if kind == "untranslated":
        words = re.findall(r"[A-Za-z]{2,}", unit.en)
        if len(words) >= 6 and "`" not in unit.en and "\n" not in unit.en:
            return replace(unit, ko=unit.en), "translate it"
        return None
    if kind == "term" and glossary is not None:
        for f in glossary.found_in_source(unit.en, "en"):
            for t in f.terms:
                if len(t.ko) >= 2 and t.ko in ko:
                    return replace(unit, ko=ko.replace(t.ko, "그것")), t.ko
        return None
    return None


def recall(args) -> None:
    """Plant one real error of each kind into up to --per-check clean real units (seeded) and count how many the
    check finds, and with the suggestion it should have."""
    from kotm import formats, qa, queries
    from kotm.qa.terms import Glossary

    rng = random.Random(args.seed)
    units = []
    lean = None
    for name, (files, glossary) in groups(args.work).items():
        if glossary is not None:
            lean = Glossary(queries.iter_term_keys(database(args.work, glossary)))
        for path in files:
            for unit in formats.read(path, formats.format_for(path), lines=True, keep_empty=True):
                if unit.ko.strip() and unit.en.strip():
                    units.append((name, unit))
    rng.shuffle(units)
    print("| check | planted | found | with the right suggestion |")
    print("|---|---:|---:|---:|")
    for kind in ("particle", "number", "placeholder", "untranslated", "term"):
        planted = found = right = 0
        for name, unit in units:
            glossary = lean if name == "lean4game" else None
            if kind == "term" and glossary is None:
                continue
            if qa.check_unit(unit, [kind], glossary):
                continue  # only units that are clean for this check
            made = plant(kind, unit, glossary)
            if made is None:
                continue
            bad, suggestion = made
            planted += 1
            hits = qa.check_unit(bad, [kind], glossary)
            found += bool(hits)
            right += any(suggestion.replace(",", "") in h.suggestion.replace(",", "") for h in hits)
            if not hits and args.verbose:
                print(f"missed {kind}: {bad.ko[:200]!r} | {bad.en[:120]!r}", file=sys.stderr)
            elif args.verbose and not any(suggestion.replace(",", "") in h.suggestion.replace(",", "") for h in hits):
                print(f"other suggestion {kind}: {[h.suggestion for h in hits]} for {suggestion!r}", file=sys.stderr)
            if planted == args.per_check:
                break
        print(f"| {kind} | {planted} | {found} | {right} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="mode", required=True)
    s = sub.add_parser("sample")
    s.add_argument("--seed", type=int, required=True)
    s.add_argument("--per-check", type=int, default=50)
    t = sub.add_parser("table")
    t.add_argument("--labels", type=Path, default=LABELS)
    r = sub.add_parser("recall")
    r.add_argument("--seed", type=int, default=1)
    r.add_argument("--per-check", type=int, default=50)
    r.add_argument("--verbose", action="store_true", help="print the planted errors that were missed")
    for p in (s, t, r):
        p.add_argument("--work", type=Path, default=Path("/tmp/kotm-check-precision"))
    args = parser.parse_args()
    if not CORPORA.exists():
        sys.exit(f"no corpora at {CORPORA}")
    args.work.mkdir(parents=True, exist_ok=True)
    {"sample": sample, "table": table, "recall": recall}[args.mode](args)


if __name__ == "__main__":
    main()
