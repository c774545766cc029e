"""The built-in corpus: complete, faithful to the seed, and consistent with its glossary."""

import re

from kotm import builtin, korean
from kotm.glossary.recognize import scan_ko

DOMAINS = {
    "diplomacy",
    "ict-science",
    "economy-infrastructure",
    "health",
    "culture",
    "justice",
    "organisation",
    "person",
    "place",
}


def english_has(en: str, rendering: str) -> bool:
    pattern = r"(?<!\w)" + re.escape(rendering) + r"(?:s|es|'s|s'|’s)?(?!\w)"
    return re.search(pattern, en, re.IGNORECASE) is not None


def test_sizes_and_domains():
    segments = list(builtin.segments())
    terms = list(builtin.terms())
    assert 45 <= len(segments) <= 60
    assert len({t.ko for t in terms}) >= 50
    assert {t.domain for t in terms} == DOMAINS
    assert all(s.en.strip() and s.ko == korean.normalize(s.ko) for s in segments)


def test_korean_is_the_seed_text(shared):
    seed = (shared / "seed" / "000_8c94093c014cda40.txt").read_text(encoding="utf-8")
    boilerplate = ("입력 2019.04.22 18:13", "./ 청와대 제공", "키워드")
    body = " ".join(line for line in seed.splitlines() if line.strip() and line.strip() not in boilerplate)
    body = korean.normalize(body).replace("돕는다 .", "돕는다.")
    joined = " ".join(s.ko for s in builtin.segments())
    assert joined == body


def test_every_term_use_is_translated_with_the_glossary(builtin_db):
    """Wherever a term occurs in a Korean segment, in any inflected form, its English has one of the renderings."""
    misses = []
    checked = 0
    for seg in builtin_db.query("SELECT * FROM segments"):
        for found in scan_ko(builtin_db, seg["ko"]):
            checked += 1
            if not any(english_has(seg["en"], t.en) for t in found.terms):
                misses.append((seg["id"], found.text, [t.en for t in found.terms]))
    assert checked > 150
    assert misses == []
