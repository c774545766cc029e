"""Issue 16: OmegaT glossaries told apart, line-aligned pairs, and .xz input for every format."""

import gzip
import lzma
import re

import pytest

from kotm import formats
from kotm.errors import FormatError
from kotm.formats import ReadStats, read
from kotm.formats.plain import read_pair
from kotm.formats.tsv import is_glossary


def test_omegat_glossary_by_its_header_line(shared, tmp_path):
    assert is_glossary(shared / "corpora/glossary/lean4game-ko.glossary.txt")
    renamed = tmp_path / "terms.tsv"  # the header line says so whatever the extension
    renamed.write_bytes((shared / "corpora/glossary/lean4game-ko.glossary.txt").read_bytes())
    assert is_glossary(renamed)
    packed = tmp_path / "terms.txt.xz"
    packed.write_bytes(lzma.compress(renamed.read_bytes()))
    assert is_glossary(packed)


def test_omegat_glossary_form_without_the_header(tmp_path):
    for name in ("g.txt", "g.utf8", "g.tab"):
        path = tmp_path / name
        path.write_text("cooperation\t협력\nsummit\t정상회담\tdiplomacy\n# a comment\n\n", encoding="utf-8")
        assert is_glossary(path), name
    plain = tmp_path / "g.tsv"  # OmegaT ignores .tsv: a table, not a glossary, unless its first line says so
    plain.write_text("cooperation\t협력\n", encoding="utf-8")
    assert not is_glossary(plain)


def test_memories_and_corpora_are_not_glossaries(shared, tmp_path):
    for path in [
        *sorted((shared / "corpora/derived").iterdir()),
        shared / "corpora/plain/tatoeba-manythings-kor-eng.tsv",
        shared / "corpora/tmx/lean4game-ko.project_save.tmx",
        shared / "corpora/po/godot-editor-l10n/editor.ko.po",
    ]:
        assert not is_glossary(path), path
    sentences = tmp_path / "pairs.txt"  # glossary form, but sentences: a memory
    lines = (shared / "corpora/derived/godot-editor-l10n.en-ko.tsv").read_text(encoding="utf-8").splitlines()
    long = [line.rsplit("\t", 1)[0] for line in lines[1:] if len(line) > 120][:50]
    sentences.write_text("\n".join(long) + "\n", encoding="utf-8")
    assert not is_glossary(sentences)
    header = tmp_path / "table.txt"
    header.write_text("ko\ten\n협력\tcooperation\n", encoding="utf-8")
    assert not is_glossary(header)
    assert not is_glossary(tmp_path) and not is_glossary(tmp_path / "missing.txt")


@pytest.mark.parametrize("corpus, lines", [("flores200-devtest", 1012), ("ntrex128-newstest2019", 1997)])
def test_line_aligned_pairs(shared, corpus, lines):
    plain = shared / "corpora/plain"
    stats = ReadStats()
    read_bytes = []
    units = list(read_pair(plain / f"{corpus}.ko", plain / f"{corpus}.en", stats, read_bytes.append, source_lang="en"))
    ko = (plain / f"{corpus}.ko").read_text(encoding="utf-8").splitlines()
    en = (plain / f"{corpus}.en").read_text(encoding="utf-8").splitlines()
    assert len(ko) == len(en) == lines
    assert stats.units == len(units) and stats.units + sum(stats.skipped.values()) == lines
    assert (units[0].ko, units[0].en, units[0].source_lang) == (ko[0], en[0], "en")
    assert units[-1].en == en[-1]
    assert sum(read_bytes) == (plain / f"{corpus}.ko").stat().st_size + (plain / f"{corpus}.en").stat().st_size


def test_pairs_with_different_line_counts_are_refused(shared):
    plain = shared / "corpora/plain"
    ko, en = plain / "flores200-devtest.ko", plain / "ntrex128-newstest2019.en"
    with pytest.raises(FormatError, match=f"^{re.escape(str(ko))}: 1012 lines, but {re.escape(str(en))} has 1997") as e:
        next(read_pair(ko, en))
    assert "\n" not in str(e.value)


def test_pairs_compressed_and_without_a_last_line_feed(tmp_path):
    (tmp_path / "a.ko.gz").write_bytes(gzip.compress("협력\n정상회담\n\n".encode()))
    (tmp_path / "a.en.xz").write_bytes(lzma.compress(b"cooperation\r\nsummit\r\nempty Korean"))
    stats = ReadStats()
    units = list(read_pair(tmp_path / "a.ko.gz", tmp_path / "a.en.xz", stats))
    assert [(u.ko, u.en, u.source_lang) for u in units] == [("협력", "cooperation", "ko"), ("정상회담", "summit", "ko")]
    assert stats.skipped == {"empty Korean text": 1} and stats.first_line == {"empty Korean text": 3}


def test_xz_tsv_is_read_as_the_plain_file(shared, tmp_path):
    path = shared / "corpora/derived/python-docs-ko-3.13.en-ko.tsv.xz"
    assert formats.format_for(path) == "tsv"
    plain = tmp_path / "docs.tsv"
    plain.write_bytes(lzma.decompress(path.read_bytes()))
    packed_stats, plain_stats = ReadStats(), ReadStats()
    packed = list(read(path, stats=packed_stats))
    assert packed == list(read(plain, stats=plain_stats)) and packed_stats == plain_stats
    assert len(packed) + packed_stats.skipped["Korean text holds no Hangul"] == 36660  # SOURCES.md


@pytest.mark.parametrize("name", ["lean4game-ko.project_save.tmx", "editor.ko.po", "kotm_ko-en_tbx2008_martif.tbx"])
def test_xz_for_every_format(shared, tmp_path, name):
    original = next(shared.rglob(name))
    packed = tmp_path / (name + ".xz")
    packed.write_bytes(lzma.compress(original.read_bytes()))
    units = list(read(original))
    assert units and list(read(packed)) == units


def test_broken_xz_is_a_format_error(tmp_path):
    path = tmp_path / "broken.tmx.xz"
    data = lzma.compress(b"<tmx>" * 1000)
    path.write_bytes(data[:40])
    with pytest.raises(FormatError, match=r"broken\.tmx\.xz: not a readable xz file \(Compressed file ended"):
        list(read(path))
    path.write_bytes(data[:12] + b"\x00" * 40)
    with pytest.raises(FormatError, match=r"broken\.tmx\.xz: not a readable xz file"):
        list(read(path))
