"""Analyse and pre-translate a 1,000-segment document against an N-segment memory: kotm beside OmegaT 3.6.

Usage: python benchmarks/bench_pretranslate.py [N] [--segments 1000] [--min-score 75] [--work /tmp/kotm-bench]

OmegaT is the peer: Debian's 3.6.0.10, installed with ``apt-get install -y omegat`` (it brings OpenJDK and the
groovy-all jar its scripting uses). Benchmarks are run by hand, not in CI; without ``omegat`` on PATH the OmegaT rows
say so and the kotm rows are measured alone.

1. The memory: the deterministic corpus of benchmarks/corpus.py (N pairs, 100,000 as in bench_analyze.py), written as
   TMX by make_tmx.py: the same file for both tools. kotm imports it once into a new database (``kotm import``,
   reported on its own row); OmegaT reads it from the project's tm/ folder every time the project opens.
2. The document: bench_analyze.py's (seed 18: memory sentences as they are, with one small edit, not in the memory,
   repeated), as a PO file, one entry a segment (msgctxt s1, s2 … so that repetitions stay; no header, or OmegaT
   would offer the header as a segment). PO and not plain text so that both tools see the same segments: kotm
   splits plain text with kiwipiepy and OmegaT with its SRX rules; a PO entry is one segment for kotm and, with
   sentence segmentation off in omegat.project, for OmegaT.
3. OmegaT: a project (omegat.project: ko → en, LuceneCJKTokenizer for Korean as OmegaT chooses for it, sentence
   segmentation off; source/doc.po; tm/corpus.tmx), run as ``omegat --mode=console-translate PROJECT`` in a fresh
   --config-dir, the project made again before every run. What console mode does: it loads the project (source
   files and every TMX under tm/), writes target/ from the translations the project holds and closes; it never
   fuzzy-matches, so with the memory in tm/ it fills no target (the "load only" row), and with the memory in
   tm/auto/ it fills the exact (100%) matches only, as it does when a project opens (the "tm/auto" row). The nearest
   honest pre-translation is OmegaT's own matcher run inside that same console run: ``--script
   omegat_pretranslate.groovy`` runs on the project's LOAD event, before target/ is written, and does for every
   distinct segment what the editor does when a translator opens it with "insert the best fuzzy match" on
   (FindMatches.search, the best match's translation put in when its score is --min-score or more; see the
   script). So that row is OmegaT's project load + fuzzy matching + writing target, one process.
4. kotm: ``kotm analyze doc.po --json`` and ``kotm pretranslate doc.po -o out.xlf --min-score 75`` as whole processes
   (the pretranslate row is measured when ``kotm pretranslate --help`` succeeds, else reported as not available).
5. Seconds (wall) and peak memory of each whole process (``/usr/bin/time`` when present, else
   ``getrusage(RUSAGE_CHILDREN)`` in a fresh small process): the median of 3 runs for kotm, and for OmegaT when its
   first run takes under 3 minutes (else that one run).
6. The targets: how many segments each tool pre-translated and for how many both put the same target (kotm's from
   out.xlf, OmegaT's from target/doc.po), with the scores each gave where they differ. The scores are not the
   same measure: kotm's is character Levenshtein on normalised text (as memoQ and Trados), OmegaT's a token
   Levenshtein over its tokenizer's tokens (CJK bigrams for Korean).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.etree import ElementTree

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
from bench_analyze import document  # noqa: E402

PY = sys.executable
KOTM = str(Path(PY).with_name("kotm"))
TIME = "/usr/bin/time"
SCRIPT = HERE / "omegat_pretranslate.groovy"
XLIFF = "{urn:oasis:names:tc:xliff:document:1.2}"
OMEGAT_TIMES_THREE_UNDER = 180  # seconds: OmegaT runs three times when its first run is shorter

MEASURE = """
import resource, subprocess, sys, time
start = time.perf_counter()
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
"""

PROJECT = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>ko</source_lang>
    <target_lang>en</target_lang>
    <source_tok>org.omegat.tokenizer.LuceneCJKTokenizer</source_tok>
    <target_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</target_tok>
    <sentence_seg>false</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
"""


def measured(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds and peak memory (MB) of one whole process, its output discarded."""
    if Path(TIME).exists():
        with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
            start = time.perf_counter()
            subprocess.run(
                [TIME, "-f", "%M", "-o", report.name, *cmd],
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            seconds = time.perf_counter() - start
            return seconds, int(report.read().split()[-1]) / 1024
    # A process's peak as wait4 reports it starts from its parent's at the fork: start each from a small one.
    out = subprocess.run([PY, "-c", MEASURE, *cmd], env=env, capture_output=True, text=True, check=True).stdout
    seconds, rss = out.split()
    return float(seconds), float(rss)


def runs(cmd: list[str], env: dict[str, str], times: int, before=None) -> list[tuple[float, float]]:
    out = []
    for _ in range(times):
        if before:
            before()
        out.append(measured(cmd, env))
    return out


def median_row(results: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(s for s, _ in results), statistics.median(m for _, m in results)


def write_po(texts: list[str], path: Path) -> None:
    import polib

    po = polib.POFile()
    for n, text in enumerate(texts, start=1):
        po.append(polib.POEntry(msgctxt=f"s{n}", msgid=text, msgstr=""))
    po.save(str(path))


def make_project(root: Path, doc: Path, tmx: Path, auto: bool = False) -> None:
    """An OmegaT project in ``root`` (made again from nothing): the document in source/, the memory in tm/ (tm/auto/
    with ``auto``)."""
    shutil.rmtree(root, ignore_errors=True)
    for name in ("source", "target", "tm", "glossary", "omegat", "dictionary"):
        (root / name).mkdir(parents=True)
    (root / "omegat.project").write_text(PROJECT, encoding="utf-8")
    shutil.copy(doc, root / "source" / doc.name)
    tm = root / "tm" / "auto" if auto else root / "tm"
    tm.mkdir(exist_ok=True)
    (tm / tmx.name).symlink_to(tmx.resolve())


def omegat_targets(path: Path) -> list[str]:
    """The msgstr of each entry of OmegaT's target PO, in order ("" for none). OmegaT 3.6 writes the header of a
    header-less PO as a bare ``msgid ""`` without its msgstr, which polib refuses: the line is put back first."""
    import polib

    text = path.read_text(encoding="utf-8")
    if text.startswith('#\nmsgid ""\n\n'):
        text = text.replace('msgid ""\n\n', 'msgid ""\nmsgstr ""\n\n', 1)
    return [entry.msgstr for entry in polib.pofile(text) if entry.msgid]


def kotm_targets(path: Path) -> list[tuple[str, float | None]]:
    """(target, score of the match it came from) of each trans-unit of kotm's XLIFF 1.2, in order ("" for none)."""
    out = []
    for unit in ElementTree.parse(path).iter(f"{XLIFF}trans-unit"):
        target = unit.find(f"{XLIFF}target")
        alt = unit.find(f"{XLIFF}alt-trans")
        text = "".join(target.itertext()) if target is not None else ""
        score = float(alt.get("match-quality")) if alt is not None and text else None
        out.append((text, score))
    return out


def omegat_scores(path: Path) -> list[int]:
    """The best score OmegaT's matcher gave each entry (-1: no match), from the script's TSV."""
    return [int(line.split("\t")[1]) for line in path.read_text(encoding="utf-8").splitlines()]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", type=int, nargs="?", default=100_000)
    parser.add_argument("--segments", type=int, default=1000)
    parser.add_argument("--min-score", type=float, default=75)
    parser.add_argument("--work", type=Path, default=Path("/tmp/kotm-bench"))
    args = parser.parse_args()
    work = args.work
    work.mkdir(parents=True, exist_ok=True)
    tmx = work / f"corpus-{args.n}.tmx"
    if not tmx.exists():
        subprocess.run([PY, str(HERE / "make_tmx.py"), str(args.n), str(tmx)], check=True)
    memory = [ko for ko, _ in corpus.segments(args.n)]
    texts = document(memory, args.segments)
    doc = work / f"pretranslate-doc-{args.n}-{args.segments}.po"
    write_po(texts, doc)

    rows: list[tuple[str, str, int, float, float, str]] = []  # what, how, runs, seconds, MB, targets

    # kotm: the import once, into a new database.
    db = work / f"pretranslate-{args.n}.db"
    for stale in work.glob(f"{db.name}*"):
        stale.unlink()
    env = dict(os.environ, KOTM_DB=str(db))
    subprocess.run([KOTM, "init", "--empty"], env=env, check=True, capture_output=True)
    seconds, mb = measured([KOTM, "import", str(tmx), "--silent"], env)
    rows.append(("import the memory (once)", "`kotm import corpus.tmx`", 1, seconds, mb, ""))
    seconds, mb = median_row(runs([KOTM, "analyze", str(doc), "--json"], env, 3))
    rows.append(("analyse", "`kotm analyze doc.po`", 3, seconds, mb, ""))
    out_xlf = work / f"pretranslate-{args.n}.xlf"
    has_pretranslate = subprocess.run([KOTM, "pretranslate", "--help"], capture_output=True).returncode == 0
    kotm: list[tuple[str, float | None]] | None = None
    if has_pretranslate:
        cmd = [KOTM, "pretranslate", str(doc), "-o", str(out_xlf), "--min-score", f"{args.min_score:g}"]
        seconds, mb = median_row(runs(cmd, env, 3))
        kotm = kotm_targets(out_xlf)
        filled = sum(1 for t, _ in kotm if t)
        rows.append(
            (
                "pre-translate",
                f"`kotm pretranslate doc.po -o out.xlf --min-score {args.min_score:g}`",
                3,
                seconds,
                mb,
                f"{filled:,}",
            )
        )
    else:
        rows.append(("pre-translate", "`kotm pretranslate`: not available in this kotm", 0, 0, 0, ""))

    # OmegaT.
    omegat = shutil.which("omegat")
    omegat_filled: list[str] | None = None
    scores: list[int] = []
    search_ms: list[float] = []
    lines: list[str] = []
    if omegat:
        project = work / f"omegat-{args.n}"
        config = work / "omegat-config"
        shutil.rmtree(config, ignore_errors=True)
        config.mkdir()
        base = [
            omegat,
            "--mode=console-translate",
            "--quiet",
            f"--config-dir={config}",
            "--disable-project-locking",
            "--no-team",
        ]
        target = project / "target" / doc.name

        def fresh(auto: bool = False):
            return lambda: make_project(project, doc, tmx, auto)

        seconds, mb = median_row(runs([*base, str(project)], env, 3, fresh()))
        loaded = sum(1 for t in omegat_targets(target) if t)
        rows.append(
            ("load the project (no matching)", "OmegaT console-translate, memory in tm/", 3, seconds, mb, f"{loaded:,}")
        )
        results = runs([*base, str(project)], env, 1, fresh(auto=True))
        auto_filled = sum(1 for t in omegat_targets(target) if t)
        rows.append(
            (
                "exact matches on load",
                "OmegaT console-translate, memory in tm/auto/",
                1,
                *results[0],
                f"{auto_filled:,}",
            )
        )
        matches = work / f"omegat-{args.n}-matches.tsv"
        omegat_env = dict(env, OMEGAT_MIN_SCORE=f"{args.min_score:g}", OMEGAT_MATCHES=str(matches))
        cmd = [*base, f"--script={SCRIPT}", str(project)]
        results = runs(cmd, omegat_env, 1, fresh())
        if results[0][0] < OMEGAT_TIMES_THREE_UNDER:
            results += runs(cmd, omegat_env, 2, fresh())
        seconds, mb = median_row(results)
        omegat_filled = omegat_targets(target)
        lines = matches.read_text(encoding="utf-8").splitlines()
        scores = omegat_scores(matches)
        search_ms = [float(line.split("\t")[2]) for line in lines]
        filled = sum(1 for t in omegat_filled if t)
        rows.append(
            (
                "pre-translate",
                f"OmegaT console-translate + its fuzzy matcher (min {args.min_score:g})",
                len(results),
                seconds,
                mb,
                f"{filled:,}",
            )
        )
    else:
        rows.append(("pre-translate", "OmegaT: not installed (apt-get install -y omegat)", 0, 0, 0, ""))

    print(
        f"# Pre-translation: {args.segments:,}-segment PO document, {args.n:,}-segment memory, "
        f"min score {args.min_score:g}\n"
    )
    print("| job | whole process | runs | seconds (median) | peak MB | segments pre-translated |")
    print("|---|---|---:|---:|---:|---:|")
    for what, how, count, seconds, mb, filled in rows:
        if count:
            print(f"| {what} | {how} | {count} | {seconds:.1f} | {mb:,.0f} | {filled} |")
        else:
            print(f"| {what} | {how} | – | – | – | – |")

    if search_ms:
        first: dict[str, float] = {}  # each distinct segment's search (a repetition repeats its segment's line)
        for ms, line in zip(search_ms, lines, strict=True):
            first.setdefault(line.split("\t", 4)[4], ms)
        searches = list(first.values())
        print(
            f"\nOmegaT's matcher (last run): {len(searches):,} distinct segments searched in {sum(searches) / 1000:.1f} s, "
            f"median {statistics.median(searches[1:] or searches):.0f} ms a segment after the first "
            f"({searches[0]:.0f} ms)."
        )

    if kotm is not None and omegat_filled is not None:
        if len(kotm) != len(omegat_filled):
            print(f"\nThe segments differ: kotm wrote {len(kotm):,} trans-units, OmegaT {len(omegat_filled):,} entries")
            return
        both = same = only_kotm = only_omegat = 0
        differ = []
        for n, ((ours, score), theirs) in enumerate(zip(kotm, omegat_filled, strict=True)):
            if ours and theirs:
                both += 1
                if ours == theirs:
                    same += 1
                else:
                    differ.append((n, score, scores[n] if scores else None))
            elif ours:
                only_kotm += 1
                differ.append((n, score, scores[n] if scores else None))
            elif theirs:
                only_omegat += 1
                differ.append((n, score, scores[n] if scores else None))
        print(
            f"\n| targets | segments |\n|---|---:|\n| both pre-translated | {both:,} |\n"
            f"| … with the same target | {same:,} |\n| … with different targets | {both - same:,} |\n"
            f"| only kotm | {only_kotm:,} |\n| only OmegaT | {only_omegat:,} |\n"
            f"| neither | {len(kotm) - both - only_kotm - only_omegat:,} |"
        )
        if differ:
            print("\nWhere they differ (kotm's score of the match it used, OmegaT's best score; -1 = none):")
            for n, ours, theirs in differ[:12]:
                print(f"  s{n + 1}: kotm {ours if ours is not None else '–'}, OmegaT {theirs}: {texts[n][:50]}")
                print(f"      kotm:   {kotm[n][0][:90]}\n      OmegaT: {omegat_filled[n][:90]}")


if __name__ == "__main__":
    main()
