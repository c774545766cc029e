"""Deterministic benchmark corpora built from the real Korean–English pairs in ../shared/corpora/.

How the corpus is made (all choices come from ``random.Random(seed)``, so the same N and seed give the same data):

1. Base pairs: every row of ``derived/python-docs-ko-3.13.en-ko.tsv.xz`` and ``derived/godot-editor-l10n.en-ko.tsv``
   (header ``en, ko, origin``; ``\\t``, ``\\n`` and ``\\\\`` escaped), ``plain/ntrex128-newstest2019.{ko,en}``,
   ``plain/flores200-devtest.{ko,en}`` (line-aligned) and ``plain/tatoeba-manythings-kor-eng.tsv`` (en, ko,
   attribution). Pairs with an empty side or no Hangul on the Korean side are dropped, exact duplicates kept once.
2. The corpus cycles through the base pairs in a shuffled order. The first pass keeps each pair as it is; every later
   pass applies one variation, as near duplicates arise in real memories:
   - numbers: every digit run is replaced by another number, the same on both sides;
   - particles: one Korean word ending in a subject/topic/object particle (은 는 이 가 을 를) gets 도 instead, and
     the English is kept (a realistic near-duplicate whose translation barely changes);
   - order: two pairs are joined (Korean with Korean, English with English), as a merged segment;
   - names: one Latin-script word on both sides is replaced by another from a fixed list of product names.
3. Query sets (``queries()``) are real Korean sentences from the base pairs with one small edit: a particle change,
   a changed number, a dropped word or an added word.
"""

from __future__ import annotations

import lzma
import random
import re
from collections.abc import Iterator
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPORA = SHARED / "corpora"
HANGUL = re.compile("[가-힣]")
PARTICLE = re.compile(r"(?<=[가-힣])(은|는|이|가|을|를)(?=\s)")
NAMES = ["Godot", "Python", "Sphinx", "Linux", "Windows", "Vulkan", "OpenGL", "Android", "Kotlin", "Rust"]


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"t": "\t", "n": "\n", "\\": "\\"}.get(m.group(1), m.group(0)), text)


def base_pairs() -> list[tuple[str, str]]:
    """Every usable (ko, en) pair of the shared corpora, deduplicated, in a fixed order."""
    if not CORPORA.is_dir():
        raise SystemExit(f"{CORPORA} is not present: the benchmarks need ../shared/corpora")
    pairs: list[tuple[str, str]] = []
    for path in (CORPORA / "derived/python-docs-ko-3.13.en-ko.tsv.xz", CORPORA / "derived/godot-editor-l10n.en-ko.tsv"):
        opener = lzma.open if path.suffix == ".xz" else open
        with opener(path, "rt", encoding="utf-8") as f:
            next(f)
            for line in f:
                en, ko, *_ = line.rstrip("\n").split("\t")
                pairs.append((_unescape(ko), _unescape(en)))
    for name in ("ntrex128-newstest2019", "flores200-devtest"):
        ko = (CORPORA / f"plain/{name}.ko").read_text(encoding="utf-8").splitlines()
        en = (CORPORA / f"plain/{name}.en").read_text(encoding="utf-8").splitlines()
        pairs.extend(zip(ko, en, strict=True))
    for line in (CORPORA / "plain/tatoeba-manythings-kor-eng.tsv").read_text(encoding="utf-8").splitlines():
        en, ko, *_ = line.split("\t")
        pairs.append((ko, en))
    seen, out = set(), []
    for ko, en in pairs:
        ko, en = ko.strip(), en.strip()
        if ko and en and HANGUL.search(ko) and (ko, en) not in seen:
            seen.add((ko, en))
            out.append((ko, en))
    return out


def _vary(rng: random.Random, ko: str, en: str, other: tuple[str, str]) -> tuple[str, str]:
    kind = rng.randrange(4)
    if kind == 0 and re.search(r"\d", ko):
        numbers: dict[str, str] = {}

        def swap(m: re.Match) -> str:
            return numbers.setdefault(m.group(), str(rng.randrange(1, 10 ** len(m.group()) + 10)))

        return re.sub(r"\d+", swap, ko), re.sub(r"\d+", swap, en)
    if kind == 1 and PARTICLE.search(ko):
        spots = list(PARTICLE.finditer(ko))
        m = spots[rng.randrange(len(spots))]
        return ko[: m.start()] + "도" + ko[m.end() :], en
    if kind == 2:
        latin = sorted(set(re.findall(r"\b[A-Za-z]{3,}\b", ko)) & set(re.findall(r"\b[A-Za-z]{3,}\b", en)))
        if latin:
            word, name = rng.choice(latin), rng.choice(NAMES)
            return re.sub(rf"\b{word}\b", name, ko), re.sub(rf"\b{word}\b", name, en)
    return f"{ko} {other[0]}", f"{en} {other[1]}"


def segments(n: int, seed: int = 2019) -> Iterator[tuple[str, str]]:
    """``n`` (ko, en) pairs: the base pairs once as they are, then varied copies (see the module docstring)."""
    rng = random.Random(seed)
    base = base_pairs()
    order = list(range(len(base)))
    rng.shuffle(order)
    produced = 0
    seen: set[tuple[str, str]] = set()
    round_ = 0
    while produced < n:
        for i in order:
            if produced >= n:
                return
            ko, en = base[i]
            if round_:
                ko, en = _vary(rng, ko, en, base[rng.randrange(len(base))])
            if (ko, en) in seen:
                continue
            seen.add((ko, en))
            produced += 1
            yield ko, en
        round_ += 1


def queries(count: int = 200, seed: int = 7) -> list[str]:
    """Real Korean sentences (10–150 characters) from the base pairs, each with one small edit."""
    return [edited for _, edited in query_pairs(count, seed)]


def query_pairs(count: int = 200, seed: int = 7) -> list[tuple[str, str]]:
    """(original, edited) pairs behind ``queries()``."""
    rng = random.Random(seed)
    base = [ko for ko, _ in base_pairs() if 10 <= len(ko) <= 150 and " " in ko]
    out = []
    while len(out) < count:
        original = ko = rng.choice(base)
        words = ko.split(" ")
        edit = rng.randrange(4)
        if edit == 0 and PARTICLE.search(ko):
            ko = PARTICLE.sub("도", ko, count=1)
        elif edit == 1 and re.search(r"\d", ko):
            ko = re.sub(r"\d+", lambda m: str(int(m.group()) + 1), ko, count=1)
        elif edit == 2 and len(words) > 3:
            del words[rng.randrange(len(words))]
            ko = " ".join(words)
        else:
            words.insert(rng.randrange(len(words) + 1), rng.choice(["또한", "특히", "다시", "모두"]))
            ko = " ".join(words)
        out.append((original, ko))
    return out


def english_queries(count: int = 200, seed: int = 8) -> list[str]:
    """Real English sentences (20–200 characters) from the base pairs, each with one word dropped or added."""
    rng = random.Random(seed)
    base = [en for _, en in base_pairs() if 20 <= len(en) <= 200 and en.count(" ") >= 3]
    out = []
    for _ in range(count):
        words = rng.choice(base).split(" ")
        if rng.randrange(2):
            del words[rng.randrange(len(words))]
        else:
            words.insert(rng.randrange(len(words) + 1), rng.choice(["also", "now", "all", "then"]))
        out.append(" ".join(words))
    return out
