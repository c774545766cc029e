"""Check benchmark: `kotm check` over the whole memory at N segments (100k by default) and over one file of 1,000
units as a whole process, beside translate-toolkit's pofilter on the same file.

Usage: python benchmarks/bench_check.py [N] [--work DIR]

1. The memory: `api.check(db)` with every check, in a fresh process, at N/10 and N segments (the deterministic
   corpus of benchmarks/corpus.py, imported into a database with the built-in glossary): segments/s and peak memory
   (ru_maxrss), to show that memory stays flat as the memory grows.
2. One file: the first 1,000 translated entries of the Godot editor PO file (../shared/corpora), checked by
   `kotm check FILE` and by `pofilter` (its default tests) as whole processes, median of 5.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = sys.executable
KOTM = str(Path(PY).with_name("kotm"))
POFILTER = str(Path(PY).with_name("pofilter"))
GODOT = HERE.parent.parent / "shared/corpora/po/godot-editor-l10n/editor.ko.po"

CHECK_MEMORY = """
import sys, time
from kotm import api
db = api.open_existing(sys.argv[1])
start = time.perf_counter()
report = api.check(db)
RESULT = {"n": report.units, "s": time.perf_counter() - start, "findings": len(report.findings),
          "counts": report.counts}
"""


def child(code: str, *args: str) -> dict:
    """Run Python code in a fresh process that prints JSON; add its peak memory (MB) as "rss"."""
    wrapped = code + "\nimport resource\nRESULT['rss'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
    wrapped += "import json\nprint(json.dumps(RESULT))\n"
    out = subprocess.run([PY, "-c", wrapped, *args], capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def build(n: int, work: Path) -> Path:
    """A database with the built-in corpus and glossary and ``n`` benchmark segments (built once, then reused)."""
    db_path = work / f"check-{n}.db"
    if db_path.exists():
        return db_path
    tmx_path = work / f"corpus-{n}.tmx"
    if not tmx_path.exists():
        subprocess.run([PY, str(HERE / "make_tmx.py"), str(n), str(tmx_path)], check=True)
    env = dict(os.environ, KOTM_DB=str(db_path))
    subprocess.run([KOTM, "init"], env=env, check=True, capture_output=True)
    subprocess.run([KOTM, "import", str(tmx_path), "--silent"], env=env, check=True, capture_output=True)
    return db_path


def thousand_units(work: Path) -> Path:
    """The first 1,000 translated entries of the Godot editor PO file, as a PO file."""
    import polib

    out = work / "godot-1000.ko.po"
    if not out.exists():
        po = polib.pofile(str(GODOT), wrapwidth=0)
        keep = [e for e in po if e.msgstr and not e.obsolete and "fuzzy" not in e.flags][:1000]
        new = polib.POFile(wrapwidth=0)
        new.metadata = po.metadata
        new.extend(keep)
        new.save(str(out))
    return out


def timed(cmd: list[str], env: dict[str, str], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, env=env, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", type=int, nargs="?", default=100_000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/kotm-bench"))
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)

    print(f"# kotm check benchmark ({args.n:,} segments)\n")
    print("## The whole memory (library call in a fresh process, every check)\n")
    print("| segments | seconds | segments/s | peak MB | findings (by check) |")
    print("|---:|---:|---:|---:|---|")
    for n in (args.n // 10, args.n):
        db_path = build(n, args.work)
        r = child(CHECK_MEMORY, str(db_path))
        by = ", ".join(f"{k} {v:,}" for k, v in r["counts"].items() if v)
        print(f"| {r['n']:,} | {r['s']:.2f} | {r['n'] / r['s']:,.0f} | {r['rss']:.0f} | {r['findings']:,} ({by}) |")

    print("\n## One file of 1,000 units, whole process (median of 5)\n")
    path = thousand_units(args.work)
    env = dict(os.environ, KOTM_DB=str(build(args.n // 10, args.work)))
    print("| tool | seconds |")
    print("|---|---:|")
    print(f"| `kotm check {path.name}` (every check) | {timed([KOTM, 'check', str(path)], env):.2f} |")
    out = args.work / "pofilter-out.po"
    print(f"| `pofilter {path.name}` (its default tests) | {timed([POFILTER, str(path), str(out)], env):.2f} |")


if __name__ == "__main__":
    main()
