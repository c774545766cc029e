"""kotm analyze on a 1,000-segment document against a generated memory, checked against brute force.

Usage: python benchmarks/bench_analyze.py [N] [--segments 1000] [--work /tmp/kotm-bench]

1. The memory: the deterministic corpus of benchmarks/corpus.py (N pairs, 20,000 by default; 100,000 as in
   bench_scale.py works too), written as TMX by make_tmx.py and imported with `kotm import` once per N.
2. The document (deterministic, seed 18), one segment a paragraph in a plain-text file: 35% sentences of the memory
   as they are (runs of them give 101s), 35% memory sentences with one small edit (a particle, a number, a dropped or
   an added word, as corpus.queries edits), 20% sentences not in the memory (base pairs beyond the first N, else two
   halves of unrelated sentences joined), 10% repetitions of earlier segments.
3. `kotm analyze DOC --json` as a whole process (start-up, reading, splitting, matching): seconds and peak memory,
   for the document as plain text, as TMX (no sentence splitting, so no kiwipiepy model: about 500 MB of the plain
   text's peak is that model) and for a document ``--long`` (5) times longer, to show memory flat in its length.
4. Brute force: the same segments (``kotm.tm.analysis.segments``), each scored against every stored segment of its
   language with ``rapidfuzz.process.extractOne`` (Levenshtein normalized similarity on normalised text, rounded
   to one decimal as kotm.tm.fuzzy scores; identical text is 100), through the same Analyzer, so repetitions and
   101s are counted alike. Both tables are printed, with the segments whose band differs.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
from bench_scale import timed_process  # noqa: E402

PY = sys.executable
KOTM = str(Path(PY).with_name("kotm"))


# A process's peak memory as wait4 reports it starts from its parent's at the fork, and this process holds the
# kiwipiepy model (500 MB) once it has built the document: so each run is started from a small Python process.
MEASURE = """
import resource, subprocess, sys, time
start = time.perf_counter()
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
"""


def measured(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds and peak memory (MB) of one process, started from a fresh small one."""
    out = subprocess.run([PY, "-c", MEASURE, *cmd], env=env, capture_output=True, text=True, check=True).stdout
    seconds, rss = out.split()
    return float(seconds), float(rss)


def edit(rng: random.Random, ko: str) -> str:
    """One small edit, as corpus.query_pairs makes them."""
    words = ko.split(" ")
    kind = rng.randrange(4)
    if kind == 0 and corpus.PARTICLE.search(ko):
        return corpus.PARTICLE.sub("도", ko, count=1)
    if kind == 1 and re.search(r"\d", ko):
        return re.sub(r"\d+", lambda m: str(int(m.group()) + 1), ko, count=1)
    if kind == 2 and len(words) > 3:
        del words[rng.randrange(len(words))]
        return " ".join(words)
    words.insert(rng.randrange(len(words) + 1), rng.choice(["또한", "특히", "다시", "모두"]))
    return " ".join(words)


def document(memory: list[str], size: int, seed: int = 18) -> list[str]:
    """The document's segments (see the module docstring)."""
    from kotm import korean

    rng = random.Random(seed)
    stored = set(memory)

    def usable(ko: str) -> bool:
        return 10 <= len(ko) <= 150 and " " in ko and "\n" not in ko and korean.split_sentences(ko) == [ko]

    pool = [ko for ko in memory if 10 <= len(ko) <= 150 and " " in ko and "\n" not in ko]
    rng.shuffle(pool)
    picked = []
    for ko in pool:
        if usable(ko):
            picked.append(ko)
        if len(picked) >= size:
            break
    unseen = [ko for ko, _ in corpus.base_pairs() if ko not in stored and usable(ko)]
    rng.shuffle(unseen)
    out: list[str] = []
    while len(out) < size:
        roll = rng.random()
        if roll < 0.10 and out:
            out.append(rng.choice(out))
        elif roll < 0.30:
            if unseen:
                out.append(unseen.pop())
            else:
                a, b = rng.sample(picked, 2)
                wa, wb = a.split(" "), b.split(" ")
                out.append(" ".join(wa[: len(wa) // 2] + wb[len(wb) // 2 :]))
        elif roll < 0.65:
            out.append(edit(rng, picked.pop()))
        else:
            run = rng.randint(1, 3)  # identical sentences, some in a row
            out.extend(picked.pop() for _ in range(run))
    return out[:size]


def brute_matcher(db):
    """Best score over every stored segment of the text's language, as kotm.tm.fuzzy scores."""
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    from kotm import korean

    choices = {}
    for lang in ("ko", "en"):
        choices[lang] = [korean.normalize(t) for (t,) in db.execute(f"SELECT {lang} FROM segments")]
    exact = {lang: set(texts) for lang, texts in choices.items()}

    def best(text: str, lang: str) -> float | None:
        if text in exact[lang]:
            return 100.0
        found = process.extractOne(text, choices[lang], scorer=Levenshtein.normalized_similarity, score_cutoff=0.5)
        if found is None:
            return None
        score = round(found[1] * 100, 1)
        return min(score, 99.9) if score >= 50 else None

    return best


def recording(best, scores: dict):
    def wrapped(text: str, lang: str):
        scores[text] = s = best(text, lang)
        return s

    return wrapped


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", type=int, nargs="?", default=20_000)
    parser.add_argument("--segments", type=int, default=1000)
    parser.add_argument("--long", type=int, default=5, help="the longer document, for memory: this many times longer")
    parser.add_argument("--work", type=Path, default=Path("/tmp/kotm-bench"))
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    tmx_path = args.work / f"corpus-{args.n}.tmx"
    db_path = args.work / f"analyze-{args.n}.db"
    env = dict(os.environ, KOTM_DB=str(db_path))
    if not tmx_path.exists():
        subprocess.run([PY, str(HERE / "make_tmx.py"), str(args.n), str(tmx_path)], check=True)
    if not db_path.exists():
        subprocess.run([KOTM, "init", "--empty"], env=env, check=True, capture_output=True)
        seconds, _ = timed_process([KOTM, "import", str(tmx_path), "--silent"], env)
        print(f"(imported {args.n:,} segments in {seconds:.1f} s)", file=sys.stderr)

    from kotm import api
    from kotm.tm.analysis import Analyzer, band_for, memory_matcher, segments

    memory = [ko for ko, _ in corpus.segments(args.n)]
    doc = args.work / f"analyze-doc-{args.n}-{args.segments}.ko.txt"
    doc.write_text("\n\n".join(document(memory, args.segments)) + "\n", encoding="utf-8")

    texts = document(memory, args.segments * args.long)
    long_doc = args.work / f"analyze-doc-{args.n}-{len(texts)}.ko.txt"
    long_doc.write_text("\n\n".join(texts) + "\n", encoding="utf-8")
    tmx_doc = args.work / f"analyze-doc-{args.n}-{args.segments}.tmx"
    from kotm.formats import tmx
    from kotm.units import Segment

    with tmx_doc.open("wb") as out:
        tmx.write((Segment(ko, "-") for ko in texts[: args.segments]), out)

    print(f"# kotm analyze: {args.segments:,}-segment document, {args.n:,}-segment memory\n")
    print("| `kotm analyze …` (whole process) | segments | seconds | peak MB |")
    print("|---|---:|---:|---:|")
    for path, what in ((doc, "plain text"), (tmx_doc, "TMX"), (long_doc, "plain text")):
        seconds, rss = measured([KOTM, "analyze", str(path), "--json"], env)
        count = args.segments * args.long if path == long_doc else args.segments
        print(f"| {what} | {count:,} | {seconds:.1f} | {rss:.0f} |")
    print()

    db = api.open_existing(db_path)
    kotm_scores: dict[str, float | None] = {}
    brute_scores: dict[str, float | None] = {}
    t = time.perf_counter()
    kotm = Analyzer(recording(memory_matcher(db), kotm_scores))
    kotm_file = kotm.analyze(str(doc), segments(doc))
    kotm_s = time.perf_counter() - t
    t = time.perf_counter()
    brute = Analyzer(recording(brute_matcher(db), brute_scores))
    brute_file = brute.analyze(str(doc), segments(doc))
    brute_s = time.perf_counter() - t
    cli_json = json.loads(
        subprocess.run(
            [KOTM, "analyze", str(doc), "--json"], env=env, capture_output=True, text=True, check=True
        ).stdout
    )
    assert cli_json["total"]["bands"] == kotm_file.to_dict()["bands"], "the command and the library disagree"

    print(
        f"library: {kotm_s:.1f} s ({kotm_s / len(kotm_scores) * 1000:.1f} ms a distinct segment); "
        f"brute force: {brute_s:.1f} s ({brute_s / len(brute_scores) * 1000:.1f} ms a distinct segment)\n"
    )
    print(
        "| band | kotm segments | brute-force segments | kotm words | brute-force words | kotm characters | "
        "brute-force characters |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, ours in kotm_file.bands.items():
        theirs = brute_file.bands[label]
        print(
            f"| {label} | {ours.segments:,} | {theirs.segments:,} | {ours.words:,} | {theirs.words:,} | "
            f"{ours.characters:,} | {theirs.characters:,} |"
        )
    t_ours, t_theirs = kotm_file.total, brute_file.total
    print(
        f"| total | {t_ours.segments:,} | {t_theirs.segments:,} | {t_ours.words:,} | {t_theirs.words:,} | "
        f"{t_ours.characters:,} | {t_theirs.characters:,} |"
    )
    moved = [
        (text, kotm_scores[text], brute_scores[text])
        for text in kotm_scores
        if band_for(kotm_scores[text], kotm.bands) != band_for(brute_scores[text], kotm.bands)
    ]
    print(f"\n{len(moved)} of {len(kotm_scores):,} distinct segments in another band than brute force's")
    for text, ours, theirs in moved[:10]:
        print(f"  kotm {ours}  brute force {theirs}  {text[:60]}")


if __name__ == "__main__":
    main()
