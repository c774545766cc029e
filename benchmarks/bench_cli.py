"""Whole-process timings of kotm commands on the built-in database, beside ``python -c "import click"``.

Usage: python benchmarks/bench_cli.py [--runs 15] [--db PATH]

Each command runs as a fresh process (start-up included) ``--runs`` times after one warm-up; the table gives the
median and the worst run in milliseconds, and the ratio of the median to the peer's.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def timed(cmd: list[str], env: dict[str, str], runs: int) -> list[float]:
    subprocess.run(cmd, env=env, capture_output=True, check=True)
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, env=env, capture_output=True, check=True)
        out.append((time.perf_counter() - start) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--db", help="database to query (default: a new one with the built-in corpus)")
    args = parser.parse_args()
    kotm = str(Path(sys.executable).with_name("kotm"))
    env = dict(os.environ, KOTM_DB=args.db or str(Path(tempfile.mkdtemp()) / "kotm.db"))
    subprocess.run([kotm, "stats"], env=env, capture_output=True, check=True)  # creates the database
    cases = [
        ("python -c 'import click' (peer)", [sys.executable, "-c", "import click"]),
        ("kotm --help", [kotm, "--help"]),
        ("kotm --version", [kotm, "--version"]),
        ("kotm search 협력", [kotm, "search", "협력"]),
        ("kotm search cooperation", [kotm, "search", "cooperation"]),
        ("kotm term 카자흐스탄과의", [kotm, "term", "카자흐스탄과의"]),
        ("kotm match (Korean sentence)", [kotm, "match", "양국은 사법분야 협력을 강화하기로 했습니다."]),
        ("kotm scan (Korean sentence)", [kotm, "scan", "양국은 카자흐스탄과의 전략적 동반자 관계를 강화하기로 했다."]),
    ]
    peer = None
    print(f"## Whole-process times, {args.runs} runs each\n")
    print("| command | median ms | max ms | × peer |")
    print("|---|---:|---:|---:|")
    for name, cmd in cases:
        times = timed(cmd, env, args.runs)
        median = statistics.median(times)
        peer = peer or median
        print(f"| {name} | {median:.0f} | {max(times):.0f} | {median / peer:.1f} |")


if __name__ == "__main__":
    main()
