"""Deterministic evaluation set for sentence alignment, built from real Korean–English parallel sentences.

Consecutive sentence pairs of ``shared/corpora/plain`` (NTREX-128 news, FLORES-200 devtest) are grouped into
documents of 8–30 sentences and paragraphs of 1–5. One side is then perturbed the way real translations differ:
two adjacent English sentences merged into one (2–1), two Korean ones merged (1–2), an English sentence split in
two at a comma or a space near its middle (1–2), a Korean one split likewise (2–1), an English or a Korean sentence
dropped (1–0, 0–1). One document in five also has two English paragraphs run together, so its paragraph counts
differ. The true links are recorded as (Korean indexes, English indexes) into each document's sentence lists.

Run it to print a summary: ``python benchmarks/align_eval.py``.
"""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass, field
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SETS = {
    "ntrex": "ntrex128-newstest2019",
    "flores": "flores200-devtest",
}
SEED = 20190422
# Share of sentences that get each perturbation.
RATES = {
    "merge_en": 0.05,
    "merge_ko": 0.03,
    "split_en": 0.05,
    "split_ko": 0.02,
    "drop_en": 0.03,
    "drop_ko": 0.02,
}


@dataclass
class Document:
    ko: list[list[str]] = field(default_factory=list)  # paragraphs of sentences
    en: list[list[str]] = field(default_factory=list)
    gold: set[tuple[tuple[int, ...], tuple[int, ...]]] = field(default_factory=set)


def load(name: str) -> list[tuple[str, str]]:
    base = SHARED / "corpora" / "plain" / SETS[name]
    ko = base.with_suffix(".ko").read_text(encoding="utf-8").splitlines()
    en = base.with_suffix(".en").read_text(encoding="utf-8").splitlines()
    assert len(ko) == len(en), name
    return [(k.strip(), e.strip()) for k, e in zip(ko, en, strict=True) if k.strip() and e.strip()]


def split_sentence(text: str, lang: str) -> tuple[str, str] | None:
    """Cut a sentence in two at the comma (else the space) nearest its middle, as a translator might."""
    mid = len(text) // 2
    for sep in (", ", " "):
        cuts = [i for i in range(len(text)) if text.startswith(sep, i) and 0.25 < i / len(text) < 0.75]
        if cuts:
            i = min(cuts, key=lambda c: abs(c - mid))
            first, second = text[:i].rstrip(",") + ".", text[i + len(sep) :]
            if lang == "en":
                second = second[:1].upper() + second[1:]
            return first, second
    return None


def build(name: str, seed: int = SEED) -> list[Document]:
    """The documents of one set, with their true links; the same seed gives the same set."""
    rng = random.Random(seed ^ zlib.crc32(name.encode()))
    pairs = load(name)
    docs: list[Document] = []
    pos = 0
    while pos < len(pairs):
        size = rng.randint(8, 30)
        chunk = pairs[pos : pos + size]
        pos += size
        doc = Document()
        nk = ne = 0
        k = 0
        while k < len(chunk):
            para_size = rng.randint(1, 5)
            para = chunk[k : k + para_size]
            k += para_size
            pk: list[str] = []
            pe: list[str] = []
            s = 0
            while s < len(para):
                ko, en = para[s]
                r = rng.random()
                cut = 0.0
                action = "keep"
                for name_, rate in RATES.items():
                    cut += rate
                    if r < cut:
                        action = name_
                        break
                has_next = s + 1 < len(para)
                if action == "merge_en" and has_next:
                    pk += [ko, para[s + 1][0]]
                    pe.append(en + " " + para[s + 1][1])
                    doc.gold.add(((nk, nk + 1), (ne,)))
                    nk, ne, s = nk + 2, ne + 1, s + 2
                    continue
                if action == "merge_ko" and has_next:
                    pk.append(ko + " " + para[s + 1][0])
                    pe += [en, para[s + 1][1]]
                    doc.gold.add(((nk,), (ne, ne + 1)))
                    nk, ne, s = nk + 1, ne + 2, s + 2
                    continue
                cut_en = split_sentence(en, "en") if action == "split_en" else None
                cut_ko = split_sentence(ko, "ko") if action == "split_ko" else None
                if cut_en:
                    pk.append(ko)
                    pe += list(cut_en)
                    doc.gold.add(((nk,), (ne, ne + 1)))
                    nk, ne = nk + 1, ne + 2
                elif cut_ko:
                    pk += list(cut_ko)
                    pe.append(en)
                    doc.gold.add(((nk, nk + 1), (ne,)))
                    nk, ne = nk + 2, ne + 1
                elif action == "drop_en" and len(para) > 1:
                    pk.append(ko)
                    doc.gold.add(((nk,), ()))
                    nk += 1
                elif action == "drop_ko" and len(para) > 1:
                    pe.append(en)
                    doc.gold.add(((), (ne,)))
                    ne += 1
                else:
                    pk.append(ko)
                    pe.append(en)
                    doc.gold.add(((nk,), (ne,)))
                    nk, ne = nk + 1, ne + 1
                s += 1
            if pk and pe:
                doc.ko.append(pk)
                doc.en.append(pe)
            else:  # a one-sentence paragraph emptied on one side: keep its sentences in the previous paragraph
                if not doc.ko:
                    doc.ko.append([])
                    doc.en.append([])
                doc.ko[-1] += pk
                doc.en[-1] += pe
        if len(doc.en) > 2 and rng.random() < 0.2:
            at = rng.randrange(len(doc.en) - 1)
            doc.en[at : at + 2] = [doc.en[at] + doc.en[at + 1]]
        docs.append(doc)
    return docs


def summary(docs: list[Document]) -> dict[str, int]:
    out: dict[str, int] = {"documents": len(docs), "mismatched paragraphs": 0}
    for doc in docs:
        out["mismatched paragraphs"] += len(doc.ko) != len(doc.en)
        for ks, es in doc.gold:
            key = f"{len(ks)}-{len(es)}"
            out[key] = out.get(key, 0) + 1
    return out


if __name__ == "__main__":
    for set_name in SETS:
        print(set_name, summary(build(set_name)))
