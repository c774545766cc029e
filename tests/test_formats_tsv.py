"""TSV and CSV: OmegaT glossaries, corpora with headers, quoting, BOM and CRLF."""

import csv
import io
import lzma

import pytest

from kotm.errors import FormatError
from kotm.formats import ReadStats, read, tsv


def read_bytes(data: bytes, dialect="tsv"):
    stats = ReadStats()
    return list(tsv.read(io.BufferedReader(io.BytesIO(data)), stats, dialect=dialect)), stats


def test_omegat_glossary(shared):
    path = shared / "corpora/glossary/lean4game-ko.glossary.txt"
    stats = ReadStats()
    units = list(read(path, stats=stats))
    # independent count: lines that are neither blank nor '#' comments
    lines = [x for x in path.read_text(encoding="utf-8").splitlines() if x.strip() and not x.startswith("#")]
    assert len(units) == stats.units == len(lines) == 166
    assert units[0].ko == "안셀무스" and units[0].en == "St. Anselm"  # English first in the file


def test_tatoeba(shared):
    path = shared / "corpora/plain/tatoeba-manythings-kor-eng.tsv"
    units = list(read(path))
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert len(units) == len(rows) == 3798
    assert units[0].ko == "가." and units[0].note.startswith("CC-BY 2.0 (France)")


@pytest.mark.parametrize(
    "name, pairs",
    [
        ("godot-editor-l10n.en-ko.tsv", 10661),
        ("python-docs-ko-3.13.en-ko.tsv.xz", 36660),
    ],
)
def test_derived_corpora(shared, tmp_path, name, pairs):
    path = shared / "corpora/derived" / name
    if name.endswith(".xz"):
        plain = tmp_path / name.removesuffix(".xz")
        plain.write_bytes(lzma.decompress(path.read_bytes()))
        path = plain
    stats = ReadStats()
    units = list(read(path, stats=stats))
    # independent count: csv module rows after the header, minus pairs whose Korean has no Hangul
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]
    assert len(rows) == pairs
    no_hangul = sum(1 for r in rows if not any("가" <= c <= "힣" for c in r[1]))
    assert stats.units == len(units) == pairs - no_hangul
    assert stats.skipped == ({"Korean text holds no Hangul": no_hangul} if no_hangul else {})
    assert sum("\n" in u.ko or "\n" in u.en for u in units) > 0  # \n escapes undone
    assert units[0].source.endswith(".po")  # the origin column


def test_header_bom_crlf_and_extra_columns():
    data = "\ufeffEnglish\tKorean\tComment\tDomain\r\n# comment\r\ncooperation\t협력\tnote 1\tdiplomacy\r\n\r\nsummit\t정상회담\r\n"
    units, _stats = read_bytes(data.encode())
    assert [(u.ko, u.en, u.note, u.domain) for u in units] == [
        ("협력", "cooperation", "note 1", "diplomacy"),
        ("정상회담", "summit", "", ""),
    ]


def test_short_rows_are_an_error_naming_the_line_or_skipped_and_counted():
    data = "협력\tcooperation\n외톨이\n".encode()
    with pytest.raises(FormatError, match=r"^<input>:2: the row has 1 field, fewer than 2 tab-separated") as e:
        list(tsv.read(io.BufferedReader(io.BytesIO(data)), path="<input>"))
    assert e.value.line == 2
    stats = ReadStats()
    units = list(tsv.read(io.BufferedReader(io.BytesIO(data)), stats, skip_bad_rows=True))
    assert len(units) == 1 and stats.skipped == {"row with fewer than 2 columns": 1}
    assert stats.first_line == {"row with fewer than 2 columns": 2}


def test_csv_quoted_newlines_and_quotes():
    data = 'ko,en,note\r\n"협력\n관계","cooperative ""ties""","a, b"\r\n'.encode()
    units, _ = read_bytes(data, "csv")
    assert [(u.ko, u.en, u.note) for u in units] == [("협력\n관계", 'cooperative "ties"', "a, b")]


def test_utf16_bom():
    units, _ = read_bytes("\ufeff협력\tcooperation\n".encode("utf-16-le"))
    assert units[0].ko == "협력"


def test_binary_file():
    with pytest.raises(FormatError, match="binary"):
        read_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
