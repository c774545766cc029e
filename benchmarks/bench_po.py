"""PO export: peak memory and time of kotm's streaming writer against a whole polib file; not collected by pytest.

    python benchmarks/bench_po.py [UNITS]     (default 60,000)

The units are made lazily from ../shared/corpora/derived/godot-editor-l10n.en-ko.tsv (10,661 real pairs), repeated
with a numbered suffix so that each msgid is distinct. Each step runs in its own subprocess so that its peak RSS
(ru_maxrss) is its own; "units only" is the floor (reading the pairs and making the units, writing nothing). The peer
is what kotm's PO writer did before issue 16: build a ``polib.POFile`` of every entry, then ``str()`` it.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
RUNS = 3

UNITS = """
import io
from kotm.formats import tsv
from kotm.units import Segment
with open(TSV, "rb") as f:
    pairs = [(s.ko, s.en) for s in tsv.read(io.BufferedReader(f))]

def units():
    for i in range(N):
        ko, en = pairs[i % len(pairs)]
        yield Segment(f"{ko} {i}", f"{en} {i}", source="godot", id=i + 1, created="2024-01-01T00:00:00Z")
"""

STEPS = {
    "units only (floor)": "n = sum(1 for _ in units())",
    "polib POFile, str() (before)": """
import polib
po = polib.POFile(wrapwidth=0)
for u in units():
    po.append(polib.POEntry(msgid=u.ko, msgstr=u.en, comment="domain: x", occurrences=[(u.source, str(u.id))]))
po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
with open(OUT, "wb") as out:
    out.write(str(po).encode("utf-8"))
n = len(po)
""",
    "kotm po.write (spooled header)": """
from kotm.formats import po
with open(OUT, "wb") as out:
    n = po.write(units(), out)
""",
    "kotm po.write (revision_date)": """
from kotm.formats import po
with open(OUT, "wb") as out:
    n = po.write(units(), out, revision_date="2024-01-01T00:00:00Z")
""",
    "kotm tmx.write (for scale)": """
from kotm.formats import tmx
with open(OUT, "wb") as out:
    n = tmx.write(units(), out)
""",
}


def run(code: str, env: dict) -> tuple[float, int, float]:
    prelude = "".join(f"{k} = {v!r}\n" for k, v in env.items()) + UNITS
    script = (
        "import json, resource, time\n"
        + prelude
        + "t = time.perf_counter()\n"
        + code
        + "\nprint(json.dumps([time.perf_counter() - t, n, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss]))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    seconds, n, rss_kb = json.loads(result.stdout.strip().splitlines()[-1])
    return seconds, n, rss_kb / 1024


def main() -> None:
    from tabulate import tabulate

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 60_000
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        env = {"N": n, "TSV": str(SHARED / "corpora/derived/godot-editor-l10n.en-ko.tsv"), "OUT": f"{tmp}/out"}
        for name, code in STEPS.items():
            results = [run(code, env) for _ in range(RUNS)]
            seconds = statistics.median(r[0] for r in results)
            rss = statistics.median(r[2] for r in results)
            size = Path(env["OUT"]).stat().st_size / 2**20 if Path(env["OUT"]).exists() else 0
            rows.append([name, results[0][1], f"{seconds:.2f}", f"{results[0][1] / seconds:,.0f}", f"{rss:.0f}", size])
            Path(env["OUT"]).unlink(missing_ok=True)
    floor = float(rows[0][4])
    for row in rows:
        row.append(f"{float(row[4]) - floor:+.0f}")
        row[5] = f"{row[5]:.1f}" if row[5] else ""
    headers = ["step", "units", "s (median of 3)", "units/s", "peak RSS MB", "file MB", "RSS over floor"]
    print(tabulate(rows, headers))


if __name__ == "__main__":
    main()
