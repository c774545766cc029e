"""Write the deterministic benchmark corpus (benchmarks/corpus.py) as a TMX 1.4b file.

Usage: python benchmarks/make_tmx.py N OUTPUT.tmx [--seed 2019]

The same N and seed always give the same file. 100k and 1M are the sizes the scale benchmark uses.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", type=int)
    parser.add_argument("output", type=Path)
    parser.add_argument("--seed", type=int, default=2019)
    args = parser.parse_args()

    from kotm.formats import tmx
    from kotm.units import Segment

    start = time.perf_counter()
    units = (
        Segment(ko, en, source="bench", created="2020-01-01T00:00:00Z", id=n)
        for n, (ko, en) in enumerate(corpus.segments(args.n, args.seed), start=1)
    )
    with args.output.open("wb") as out:
        count = tmx.write(units, out)
    seconds = time.perf_counter() - start
    size = args.output.stat().st_size
    print(f"{count:,} units, {size / 1e6:.1f} MB, {seconds:.1f} s → {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
