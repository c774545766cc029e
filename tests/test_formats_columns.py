"""Issue 16: TSV/CSV columns (OmegaT's order, nothing dropped silently, one quoting rule) and their direction."""

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kotm.errors import FormatError
from kotm.formats import ReadStats, read, tsv
from kotm.units import Segment

TAB = "\t"


def read_bytes(data: bytes, **options):
    stats = ReadStats()
    return list(tsv.read(io.BufferedReader(io.BytesIO(data)), stats, path="g.tsv", **options)), stats


def write(units, **options) -> bytes:
    out = io.BytesIO()
    assert tsv.write(units, out, **options) == len(units)
    return out.getvalue()


def test_quoted_tabs_are_not_cut_silently():
    # What a new user saw: the halves "공동 / 선언문" were stored, the rest cut without a word.
    data = f'"공동{TAB}선언문"{TAB}"joint{TAB}declaration"\n'.encode()
    with pytest.raises(FormatError, match=r"^g\.tsv:1: the row has 4 fields where the file has 3 columns \(TSV has no"):
        read_bytes(data)
    units, stats = read_bytes(f"협력{TAB}cooperation\n".encode() + data, skip_bad_rows=True)
    assert [(u.ko, u.en) for u in units] == [("협력", "cooperation")]
    assert stats.skipped == {"row with more than 3 columns": 1} and stats.first_line == {
        "row with more than 3 columns": 2
    }


def test_headerless_rows_are_source_target_comment_in_omegat_order():
    units, _ = read_bytes(f"cooperation{TAB}협력{TAB}a comment\nsummit{TAB}정상회담\n".encode())
    assert [(u.ko, u.en, u.note, u.source_lang) for u in units] == [
        ("협력", "cooperation", "a comment", "en"),
        ("정상회담", "summit", "", "en"),
    ]
    (unit,), _ = read_bytes(f"협력{TAB}cooperation{TAB}메모\n".encode())
    assert (unit.note, unit.source_lang) == ("메모", "ko")


def test_header_names_the_columns_and_the_direction():
    units, _ = read_bytes(f"#en{TAB}ko{TAB}origin{TAB}domain\nOK{TAB}확인{TAB}editor.po{TAB}ui\n".encode())
    assert [(u.ko, u.en, u.source, u.domain, u.source_lang) for u in units] == [("확인", "OK", "editor.po", "ui", "en")]
    with pytest.raises(FormatError, match=r"^g\.tsv:3: the row has 5 fields where the file has 4 columns"):
        read_bytes(f"ko{TAB}en{TAB}note{TAB}domain\n협력{TAB}co\n정상{TAB}summit{TAB}n{TAB}d{TAB}extra\n".encode())
    units, _ = read_bytes(f"ko{TAB}en\n협력{TAB}cooperation{TAB}{TAB}\n".encode())  # empty extra fields hide nothing
    assert len(units) == 1


def test_csv_follows_the_same_column_rules():
    data = 'ko,en,note\r\n협력,cooperation,n\r\n정상,summit,n,"one too many"\r\n'.encode()
    with pytest.raises(FormatError, match=r"^g\.tsv:3: the row has 4 fields where the file has 3 columns$"):
        read_bytes(data, dialect="csv")
    units, stats = read_bytes(data, dialect="csv", skip_bad_rows=True)
    assert len(units) == 1 and stats.skipped == {"row with more than 3 columns": 1}


def test_derived_corpora_are_english_source(shared):
    units = list(read(shared / "corpora/derived/godot-editor-l10n.en-ko.tsv"))
    assert {u.source_lang for u in units} == {"en"}
    units = list(read(shared / "corpora/glossary/lean4game-ko.glossary.txt"))
    assert {u.source_lang for u in units} == {"en"}


TRICKY = [
    Segment('공동\t선언문 "따옴표"', 'joint\tdeclaration "quoted", comma', note="줄\n바꿈\r\n끝\\", domain="d"),
    Segment("#해시로 시작", '"quoted from start to end"', source="a\\tb literally"),
    Segment(" 앞뒤 공백은 잘린다 ", "trailing\\", note="#"),
]


@pytest.mark.parametrize("dialect", ["tsv", "csv"])
@pytest.mark.parametrize("source_lang", ["ko", "en"])
def test_quotes_tabs_and_newlines_round_trip_both_ways(dialect, source_lang):
    data = write(TRICKY, dialect=dialect, source_lang=source_lang)
    first = data.decode().lstrip("#").split("," if dialect == "csv" else TAB)[0]
    assert first == source_lang
    units, stats = read_bytes(data, dialect=dialect)
    expected = [(u.ko.strip(), u.en, u.note, u.domain, u.source, source_lang) for u in TRICKY]
    assert [(u.ko, u.en, u.note, u.domain, u.source, u.source_lang) for u in units] == expected
    assert stats.units == 3 and not stats.skipped
    if dialect == "tsv":
        assert all(line.count(TAB) == 4 for line in data.decode().splitlines())  # one row a line, no quoting


@given(st.lists(st.tuples(st.text(), st.text(), st.text()), max_size=5))
def test_tsv_rows_round_trip(rows):
    data = "".join(tsv.row(r) for r in rows)
    lines = data.split("\n")[:-1]
    assert len(lines) == len(rows)
    assert [tuple(tsv.unescape(f) for f in line.split(TAB)) for line in lines] == rows


def test_align_review_tsv_uses_the_same_dialect(tmp_path):
    from kotm.tm import align

    link = align.Link((0,), (0,), '공동\t선언 "문"', 'joint\t"declaration"\nend', confidence=0.9, flagged=False)
    out = tmp_path / "review.tsv"
    assert align.write_tsv([link], out) == 1
    text = out.read_text(encoding="utf-8")
    assert text.splitlines()[1].split(TAB)[:2] == ['공동\\t선언 "문"', 'joint\\t"declaration"\\nend']
    (unit,) = read(out)
    assert (unit.ko, unit.en) == (link.ko_text, link.en_text)
