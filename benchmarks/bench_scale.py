"""Scale benchmark: kotm at N segments (100k by default, 1M with `1000000`), beside its peers, in one run.

Usage: python benchmarks/bench_scale.py [N] [--queries 200] [--work DIR]

Prints a markdown report (the source of benchmarks/RESULTS.md):
1. TMX import (`kotm import`, a whole process: parsing, indexes, per-key counts, history) and TMX export
   (`kotm export`), units/s and peak memory (ru_maxrss of the child process).
2. TMX reading alone: kotm's streaming reader against translate-toolkit's `tmxfile`, each in its own process.
3. Fuzzy match inside the library (`benchmarks/bench_match.py` measures the same against translate-toolkit).
4. Concordance search inside the library, first page (20 hits), per query class, with recall against a substring
   scan of every segment.
5. Whole-process times of `kotm --help`, `--version`, `search` and `match` on the N-segment database.
6. Database size per segment.
The corpus and queries are deterministic (benchmarks/corpus.py); figures are medians (p50) and 95th percentiles.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
from bench_match import against_brute_force, pct  # noqa: E402

PY = sys.executable
KOTM = str(Path(PY).with_name("kotm"))


def child(code: str, *args: str) -> dict:
    """Run Python code in a fresh process that prints JSON; add its peak memory (MB) as "rss"."""
    wrapped = code + "\nimport resource\nRESULT['rss'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
    wrapped += "import json\nprint(json.dumps(RESULT))\n"
    out = subprocess.run([PY, "-c", wrapped, *args], capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def timed_process(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds and peak memory (MB) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr.read().decode()}")
    return seconds, usage.ru_maxrss / 1024


READ_KOTM = """
import sys, time
from kotm.formats import tmx
start = time.perf_counter(); n = 0
with open(sys.argv[1], "rb") as f:
    for _ in tmx.read(f):
        n += 1
RESULT = {"n": n, "s": time.perf_counter() - start}
"""

READ_TTK = """
import sys, time
from translate.storage.tmx import tmxfile
start = time.perf_counter()
with open(sys.argv[1], "rb") as f:
    store = tmxfile(f)
n = len(store.units)
RESULT = {"n": n, "s": time.perf_counter() - start}
"""


def search_classes(segments: list[tuple[int, str, str]], count: int) -> dict[str, list[str]]:
    """Query sets per class, drawn from the corpus's own words (deterministic)."""
    import random

    rng = random.Random(11)
    words = [w for _, ko, _ in segments[:50_000] for w in re.findall(r"[가-힣]+", ko)]
    english = [w for _, _, en in segments[:50_000] for w in re.findall(r"[A-Za-z]{4,}", en)]
    pick = lambda pool: [rng.choice(pool) for _ in range(count)]  # noqa: E731
    two = [w for w in words if len(w) >= 2]
    three = [w for w in words if len(w) >= 3]
    phrases = []
    for _, ko, _ in segments[:50_000]:
        tokens = ko.split()
        if len(tokens) >= 3 and all(re.fullmatch(r"[가-힣]+", t) for t in tokens[:2]):
            phrases.append(" ".join(tokens[:2]))
    return {
        "Korean, 1 syllable": [w[0] for w in pick(words)],
        "Korean, 2 syllables": [w[:2] for w in pick(two)],
        "Korean, 3+ syllables": [w[:3] for w in pick(three)],
        "Korean phrase": pick(phrases),
        "English word": pick(english),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", type=int, nargs="?", default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--work", type=Path, default=Path("/tmp/kotm-bench"))
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    tmx_path = args.work / f"corpus-{args.n}.tmx"
    db_path = args.work / f"kotm-{args.n}.db"
    if not tmx_path.exists():
        subprocess.run([PY, str(HERE / "make_tmx.py"), str(args.n), str(tmx_path)], check=True)
    for stale in (db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm")):
        stale.unlink(missing_ok=True)
    env = dict(os.environ, KOTM_DB=str(db_path))
    subprocess.run([KOTM, "init", "--empty"], env=env, check=True, capture_output=True)

    # As `pip install` leaves it: kotm's modules compiled to bytecode, so the start-up times below are not the
    # compiling of the sources (an editable install under PYTHONDONTWRITEBYTECODE=1 would compile on every run).
    import kotm
    import kotm.cli
    import kotm.glossary
    import kotm.tm

    packages = [str(Path(m.__file__).parent) for m in (kotm, kotm.cli, kotm.tm, kotm.glossary)]
    subprocess.run([PY, "-m", "compileall", "-q", *packages], check=True)
    print(f"# kotm at {args.n:,} segments\n")
    print("## Import, export, reading\n")
    print("| step | seconds | units/s | peak MB |")
    print("|---|---:|---:|---:|")
    seconds, rss = timed_process([KOTM, "import", str(tmx_path), "--silent"], env)
    print(
        f"| `kotm import` (TMX → SQLite, everything included) | {seconds:.1f} | {args.n / seconds:,.0f} | {rss:.0f} |"
    )
    out = args.work / "export.tmx"
    seconds, rss = timed_process([KOTM, "export", str(out)], env)
    print(f"| `kotm export` (SQLite → TMX) | {seconds:.1f} | {args.n / seconds:,.0f} | {rss:.0f} |")
    for name, code in (("kotm TMX reader", READ_KOTM), ("translate-toolkit `tmxfile`", READ_TTK)):
        r = child(code, str(tmx_path))
        print(f"| {name}, parse only | {r['s']:.1f} | {r['n'] / r['s']:,.0f} | {r['rss']:.0f} |")

    from kotm.store import open_db
    from kotm.tm.concordance import search

    db = open_db(db_path)
    rows = [(r[0], r[1], r[2]) for r in db.execute("SELECT id, ko, en FROM segments ORDER BY id")]

    print("\n## Fuzzy match (library: index retrieval + rescoring), min score 75\n")
    queries = corpus.queries(args.queries)
    print("| side | method | p50 ms | p95 ms | recall of ≥75 matches |")
    print("|---|---|---:|---:|---:|")
    for lang, qs in (("Korean", queries), ("English", corpus.english_queries(args.queries))):
        kotm_ms, brute_ms, found, exact, _ = against_brute_force(db, qs, "ko" if lang == "Korean" else "en")
        recall = found / exact if exact else 1.0
        print(f"| {lang} | kotm | {statistics.median(kotm_ms):.1f} | {pct(kotm_ms, 95):.1f} | {recall:.4f} |")
        brute = f"{statistics.median(brute_ms):.1f} | {pct(brute_ms, 95):.1f}"
        print(f"| {lang} | brute-force rapidfuzz over every segment | {brute} | 1 ({exact} matches) |")
    print("\n## Concordance search (library), first page of 20 hits\n")
    print("| query class | p50 ms | p95 ms | recall vs substring scan |")
    print("|---|---:|---:|---:|")
    for name, qs in search_classes(rows, args.queries).items():
        times = []
        for q in qs:
            t = time.perf_counter()
            search(db, q, limit=20)
            times.append((time.perf_counter() - t) * 1000)
        hits = total = 0  # hits: wanted segments found
        for q in qs[:20]:  # recall: every matching segment, against a scan of all of them
            got = {h.segment.id for h in search(db, q, limit=None).hits}
            if name.startswith("English"):  # every segment with the word as typed (stemming finds more)
                pattern = re.compile(r"(?<!\w)" + re.escape(q) + r"(?!\w)", re.IGNORECASE)
                want = {i for i, _, en in rows if pattern.search(en)}
            else:
                squeezed = q.replace(" ", "")
                want = {i for i, ko, _ in rows if squeezed in ko.replace(" ", "")}
            total += len(want)
            hits += len(want & got)
        recall = hits / total if total else 1.0
        print(f"| {name} | {statistics.median(times):.1f} | {pct(times, 95):.1f} | {recall:.4f} |")

    print("\n## Whole processes on this database (start-up included), median of 21\n")
    print("| command | median ms |")
    print("|---|---:|")
    cases = [
        ("python -c 'import click' (peer)", [PY, "-c", "import click"]),
        ("kotm --help", [KOTM, "--help"]),
        ("kotm --version", [KOTM, "--version"]),
        ("kotm search 협력", [KOTM, "search", "협력"]),
        ("kotm search function", [KOTM, "search", "function"]),
        ("kotm match <sentence>", [KOTM, "match", queries[0]]),
    ]
    for name, cmd in cases:
        times = []
        for _ in range(21):
            t = time.perf_counter()
            subprocess.run(cmd, env=env, capture_output=True, check=True)
            times.append((time.perf_counter() - t) * 1000)
        print(f"| {name} | {statistics.median(times):.0f} |")

    size = db_path.stat().st_size
    tables = dict(db.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall())
    text = sum(v for k, v in tables.items() if k == "segments")
    print(f"\n## Size\n\n{size / 1e6:.0f} MB in all, {size / args.n:.0f} bytes per segment; the segments table")
    print(
        f"{text / 1e6:.0f} MB, indexes and history {(size - text) / 1e6:.0f} MB ({(size - text) / args.n:.0f} bytes per segment)."
    )


if __name__ == "__main__":
    main()
