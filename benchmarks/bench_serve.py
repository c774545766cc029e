"""Load benchmark of ``kotm serve``: concurrent clients on 127.0.0.1 mixing search, match, term and add-segment on
a 100k memory, beside the same look-ups as one ``kotm`` process each (what a team without the service would do).

Usage: python benchmarks/bench_serve.py [--clients 50] [--seconds 60] [--n 100000] [--work DIR]

The memory is built once as bench_scale.py builds it (benchmarks/make_tmx.py, then ``kotm import``) and copied for
each run, so the writes of one run do not pile up. Prints a markdown table: p50/p95 latency per kind, requests per
second, errors (any answer that is not 200/201, or no answer), and whether every write is in the memory afterwards.
The clients run in this process (asyncio, one connection each), the server in its own (one uvicorn worker): on a
small machine they share the cores.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402

PY = sys.executable
KOTM = str(Path(PY).with_name("kotm"))
TOKEN = "bench-token-0001"
MIX = [("search", 40), ("match", 30), ("term", 20), ("add", 10)]  # percent of requests


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def build(n: int, work: Path) -> Path:
    base = work / f"serve-base-{n}.db"
    if base.exists():
        return base
    tmx = work / f"corpus-{n}.tmx"
    if not tmx.exists():
        subprocess.run([PY, str(HERE / "make_tmx.py"), str(n), str(tmx)], check=True)
    env = dict(os.environ, KOTM_DB=str(base))
    subprocess.run([KOTM, "init", "--empty"], env=env, check=True, capture_output=True)
    subprocess.run([KOTM, "import", str(tmx), "--silent"], env=env, check=True, capture_output=True)
    return base


def workload(seed: int = 19) -> dict[str, list[str]]:
    """Deterministic queries: edited real sentences to match, and words of them to search and look up."""
    rng = random.Random(seed)
    sentences = corpus.queries(300)
    hangul = re.compile("[가-힣]{2,}")
    words = [m.group() for s in sentences for m in hangul.finditer(s)]
    short = [w[: rng.choice((2, 3))] for w in rng.sample(words, 300)]
    return {"search": short, "term": short, "match": sentences}


def start_server(db: Path, tokens: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([KOTM, "--db", str(db), "serve", "--port", str(port), "--tokens", str(tokens)])
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            urllib.request.urlopen(f"{url}/api/v1/stats", timeout=5).close()
            return proc, url
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("kotm serve did not start")


async def client(
    n: int, url: str, queries: dict[str, list[str]], until: float, out: dict, written: list, run: str
) -> None:
    import httpx2 as httpx

    rng = random.Random(n)
    kinds = [k for k, w in MIX for _ in range(w)]
    count = 0
    async with httpx.AsyncClient(base_url=url, timeout=120, headers={"Authorization": f"Bearer {TOKEN}"}) as http:
        while time.monotonic() < until:
            kind = rng.choice(kinds)
            start = time.perf_counter()
            try:
                if kind == "add":
                    count += 1
                    ko = f"부하 시험 {run} {n}번 클라이언트가 {count}번째로 추가한 문장입니다."
                    body = {"ko": ko, "en": f"Sentence {count} added by load client {n}.", "source": "bench-serve"}
                    response = await http.post("/api/v1/segments", json=body)
                    if response.status_code == 201:
                        written.append(ko)
                else:
                    param = "q"
                    response = await http.get(f"/api/v1/{kind}", params={param: rng.choice(queries[kind])})
                status = response.status_code
            except Exception as e:  # a refused or dropped connection is an error of the run
                status = type(e).__name__
            out[kind].append(time.perf_counter() - start)
            if status not in (200, 201):
                out["errors"].append(f"{kind}: {status} {getattr(response, 'text', '')[:200]}")


async def load(
    url: str, clients: int, seconds: float, queries: dict[str, list[str]], run: str
) -> tuple[dict, list, float]:
    out: dict[str, list] = {k: [] for k, _ in MIX} | {"errors": []}
    written: list[str] = []
    start = time.monotonic()
    await asyncio.gather(*(client(n, url, queries, start + seconds, out, written, run) for n in range(clients)))
    return out, written, time.monotonic() - start


def one_process_each(db: Path, queries: dict[str, list[str]], runs: int) -> dict[str, list[float]]:
    """The same look-ups and adds as one ``kotm`` process each, one after another."""
    env = dict(os.environ, KOTM_DB=str(db))
    rng = random.Random(7)
    times: dict[str, list[float]] = {k: [] for k, _ in MIX}
    for i in range(runs):
        for kind in times:
            if kind == "add":
                cmd = [KOTM, "add-segment", f"한 번씩 실행한 {i}번째 문장입니다.", f"One-shot sentence {i}."]
            else:
                cmd = [KOTM, kind, rng.choice(queries[kind])]
            start = time.perf_counter()
            subprocess.run(cmd, env=env, check=True, capture_output=True)
            times[kind].append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20, help="one-process runs of each kind, for the peer column")
    parser.add_argument("--work", type=Path, default=Path("/tmp/kotm-bench"))
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    base = build(args.n, args.work)
    db = args.work / "serve-run.db"
    for stale in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        stale.unlink(missing_ok=True)
    shutil.copy(base, db)
    tokens = args.work / "serve-tokens.txt"
    tokens.write_text(f"bench:{TOKEN}\n")
    queries = workload()

    from kotm import api

    before = api.stats(api.open_existing(db))["segments"]
    proc, url = start_server(db, tokens)
    try:
        asyncio.run(load(url, args.clients, 5, queries, "warm-up"))  # warm-up: caches, the analyser, connections
        warm_written = api.stats(api.open_existing(db))["segments"] - before
        out, written, elapsed = asyncio.run(load(url, args.clients, args.seconds, queries, "run"))
    finally:
        proc.terminate()
        proc.wait(30)
    check = api.open_existing(db)
    stored = {u.ko for u in api.list_units(check, "segments", source="bench-serve")[0]}
    present = all(ko in stored for ko in written)
    total_added = api.stats(check)["segments"] - before
    check.close()

    peer_db = args.work / "serve-peer.db"
    for stale in (peer_db, Path(f"{peer_db}-wal"), Path(f"{peer_db}-shm")):
        stale.unlink(missing_ok=True)
    shutil.copy(base, peer_db)
    peer = one_process_each(peer_db, queries, args.runs)

    requests = sum(len(out[k]) for k, _ in MIX)
    print(f"# kotm serve under load: {args.clients} clients, {args.seconds:.0f} s, {args.n:,}-segment memory\n")
    print("| kind | requests | served p50 / p95 ms | one `kotm` process each, p50 / p95 ms | ratio (p50) |")
    print("|---|---:|---:|---:|---:|")
    for kind, _ in MIX:
        served, alone = [t * 1000 for t in out[kind]], [t * 1000 for t in peer[kind]]
        print(
            f"| {kind} | {len(served):,} | {statistics.median(served):.0f} / {pct(served, 95):.0f} "
            f"| {statistics.median(alone):.0f} / {pct(alone, 95):.0f} "
            f"| {statistics.median(alone) / statistics.median(served):.1f}× |"
        )
    print(f"\nrequests/s: {requests / elapsed:,.0f} ({requests:,} in {elapsed:.1f} s); errors: {len(out['errors'])}")
    for problem in sorted(set(out["errors"]))[:10]:
        print(f"- {problem}")
    print(
        f"writes: {len(written):,} answered 201 in the measured run (+{warm_written} in the warm-up), "
        f"{total_added:,} segments added in all; every answered write present afterwards: {present}"
    )


if __name__ == "__main__":
    main()
