"""XLIFF reading throughput (units/s) and peak memory on a large generated XLIFF 1.2 file; not collected by pytest.

    python benchmarks/bench_xliff.py [UNITS]     (default 100,000)

The file is built deterministically from ../shared/corpora/derived/godot-editor-l10n.en-ko.tsv (10,661 real pairs
with their real lengths), en→ko, each unit numbered so that every pair is distinct; every third unit wraps its
first word in a <g> code, and the states cycle through translated, final, needs-review-translation and new (so half
the units are taken). Each step runs in its own subprocess so that its peak RSS (ru_maxrss) is its own. The peer is
translate-toolkit's xlifffile, which parses the whole file into a tree (its units are counted, translated or not).
"""

from __future__ import annotations

import io
import statistics
import sys
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

from bench_interchange import run  # one child process timed and measured, as the interchange benchmark does

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"

STEPS = {
    "kotm read (confirmed)": """
from kotm.formats import read
n = sum(1 for _ in read(PATH))
""",
    "kotm read_document (all)": """
from kotm.formats.xliff import read_document
with open(PATH, "rb") as f:
    n = sum(1 for _ in read_document(f, path=PATH))
""",
    "translate-toolkit xlifffile": """
from translate.storage.xliff import xlifffile
with open(PATH, "rb") as f:
    n = len(xlifffile(f).units)
""",
    "kotm import (into SQLite)": """
from kotm import api
api.create(DB, empty=True)
n = api.import_files(api.open_existing(DB), [PATH]).files[0].added
""",
}
STATES = ("translated", "final", "needs-review-translation", "new")


def generate(path: Path, units: int) -> None:
    from kotm.formats import tsv

    with open(SHARED / "corpora/derived/godot-editor-l10n.en-ko.tsv", "rb") as f:
        pairs = [(s.ko, s.en) for s in tsv.read(io.BufferedReader(f))]
    with open(path, "w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" '
            'xmlns="urn:oasis:names:tc:xliff:document:1.2">\n<file original="editor.po" source-language="en" '
            'target-language="ko" datatype="po"><body>\n'
        )
        for i in range(units):
            ko, en = pairs[i % len(pairs)]
            source, target = escape(f"{en} {i}"), escape(f"{ko} {i}")
            if i % 3 == 0 and " " in source:
                head, rest = source.split(" ", 1)
                source = f'<g id="1" ctype="bold">{head}</g> {rest}'
            out.write(
                f'<trans-unit id="{i}"><source>{source}</source>'
                f'<target state="{STATES[i % 4]}">{target}</target></trans-unit>\n'
            )
        out.write("</body></file></xliff>\n")


def main() -> None:
    units = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    runs = 3
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.xlf"
        generate(path, units)
        env = {"PATH": str(path), "DB": str(Path(tmp) / "bench.db")}
        print(f"{units:,} units, {path.stat().st_size / 1e6:.0f} MB XLIFF 1.2; median of {runs} runs\n")
        print(f"{'step':28} {'units':>9} {'seconds':>8} {'units/s':>9} {'peak MB':>8}")
        for name, code in STEPS.items():
            results = []
            for _ in range(runs):
                if "import" in name:
                    for suffix in ("", "-wal", "-shm"):
                        Path(env["DB"] + suffix).unlink(missing_ok=True)
                results.append(run(code, env))
            seconds = statistics.median(r[0] for r in results)
            n, rss = results[0][1], max(r[2] for r in results)
            print(f"{name:28} {n:>9,} {seconds:>8.2f} {n / seconds:>9,.0f} {rss:>8.0f}")


if __name__ == "__main__":
    main()
