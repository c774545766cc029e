"""Import and export throughput (TU/s) and peak memory on a large generated TMX; not collected by pytest.

    python benchmarks/bench_interchange.py [UNITS]     (default 200,000)

The TMX is built deterministically from ../shared/corpora/derived/godot-editor-l10n.en-ko.tsv (10,661 real pairs
with their real lengths), repeated with a numbered suffix so that every pair is distinct. Each step runs in its own
subprocess so that its peak RSS (ru_maxrss) is its own. The peer for parsing is translate-toolkit's tmxfile.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"

STEPS = {
    "kotm read (parse only)": """
from kotm.formats import read
n = sum(1 for _ in read(PATH))
""",
    "translate-toolkit tmxfile": """
from translate.storage.tmx import tmxfile
with open(PATH, "rb") as f:
    n = len(tmxfile(f).units)
""",
    "kotm import (into SQLite)": """
from kotm import api
api.create(DB, empty=True)
n = api.import_files(api.open_existing(DB), [PATH]).files[0].added
""",
    "kotm export (TMX)": """
from kotm import api
n = api.export(api.open_existing(DB), OUT).count
""",
}


def generate(path: Path, units: int) -> None:
    from kotm.formats import tmx, tsv
    from kotm.units import Segment

    with open(SHARED / "corpora/derived/godot-editor-l10n.en-ko.tsv", "rb") as f:
        import io

        pairs = [(s.ko, s.en) for s in tsv.read(io.BufferedReader(f))]

    def segments():
        for i in range(units):
            ko, en = pairs[i % len(pairs)]
            yield Segment(f"{ko} {i}", f"{en} {i}", created="2024-01-01T00:00:00Z")

    with open(path, "wb") as out:
        tmx.write(segments(), out)


def run(code: str, env: dict) -> tuple[float, int, float]:
    script = (
        "\n".join(f"{k} = {v!r}" for k, v in env.items()) + "\nimport time, resource, json\nt = time.perf_counter()\n"
    )
    script += (
        code + "\nprint(json.dumps([time.perf_counter() - t, n, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss]))"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    seconds, n, rss = json.loads(out.splitlines()[-1])
    return seconds, n, rss / 1024


def main() -> None:
    units = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    runs = 3
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.tmx"
        generate(path, units)
        env = {
            "PATH": str(path),
            "DB": str(Path(tmp) / "bench.db"),
            "OUT": str(Path(tmp) / "out.tmx"),
        }
        print(f"{units:,} units, {path.stat().st_size / 1e6:.0f} MB TMX; median of {runs} runs\n")
        print(f"{'step':28} {'units':>9} {'seconds':>8} {'TU/s':>9} {'peak MB':>8}")
        for name, code in STEPS.items():
            results = []
            for _ in range(runs):
                if "import" in name:
                    Path(env["DB"]).unlink(missing_ok=True)
                    for suffix in ("-wal", "-shm"):
                        Path(env["DB"] + suffix).unlink(missing_ok=True)
                results.append(run(code, env))
            seconds = statistics.median(r[0] for r in results)
            n, rss = results[0][1], max(r[2] for r in results)
            print(f"{name:28} {n:>9,} {seconds:>8.2f} {n / seconds:>9,.0f} {rss:>8.0f}")


if __name__ == "__main__":
    main()
