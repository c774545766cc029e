"""kotm analyze: the library (kotm.tm.analysis, api.analyze) and the command, on the built-in memory."""

import doctest
import json

import pytest
from click.testing import CliRunner

from kotm import api, builtin
from kotm.cli import cli
from kotm.errors import InputError
from kotm.tm import analysis
from kotm.tm.analysis import Analyzer, parse_bands

KO = [s.ko for s in builtin.segments()]
EN = [s.en for s in builtin.segments()]
NEW_KO = "오늘 서울은 날씨가 맑고 바람이 조금 불겠습니다."
# KO[3] with one ending changed (95-99) and KO[5] with its first words rewritten (85-94).
EDITED_KO = KO[3].replace("약속했다", "약속하였다")
REWRITTEN_KO = KO[5].replace("양국 정상간", "두 나라 정상 사이의")


def document() -> str:
    """Two paragraphs: two built-in sentences in a row (100, then 101), an edited one, a new one; then a repeated
    one and a rewritten one."""
    return f"{KO[1]} {KO[2]}\n{EDITED_KO}\n{NEW_KO}\n\n{KO[1]}\n{REWRITTEN_KO}\n"


def bands_of(part) -> dict[str, int]:
    return {label: counts.segments for label, counts in part.bands.items()}


def test_doctests():
    assert doctest.testmod(analysis).failed == 0


def test_bands_of_a_plain_text_document(builtin_db, tmp_path):
    doc = tmp_path / "doc.ko.txt"
    doc.write_text(document(), encoding="utf-8")
    report = api.analyze(builtin_db, [doc])
    (part,) = report.files
    assert part.name == str(doc) and part.source_lang == "ko"
    assert bands_of(part) == {
        "repetition": 1,
        "101": 1,
        "100": 1,
        "95-99": 1,
        "85-94": 1,
        "75-84": 0,
        "50-74": 0,
        "no-match": 1,
    }
    # Korean counts: eojeol, characters with and without spaces.
    assert part.bands["no-match"].to_dict() == {
        "segments": 1,
        "words": len(NEW_KO.split()),
        "characters": len(NEW_KO),
        "characters_no_spaces": len(NEW_KO.replace(" ", "")),
    }
    assert part.total.segments == 6
    assert report.total.to_dict()["bands"] == part.to_dict()["bands"]


def test_repetitions_count_across_files_and_101_needs_the_previous_identical(builtin_db, tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(f"{NEW_KO}\n{KO[2]}\n", encoding="utf-8")
    b.write_text(f"{KO[2]}\n{KO[3]}\n{NEW_KO}\n", encoding="utf-8")
    report = api.analyze(builtin_db, [a, b])
    first, second = report.files
    assert bands_of(first)["no-match"] == 1 and bands_of(first)["100"] == 1
    # In b: KO[2] and NEW_KO came in a, so both are repetitions; KO[3] follows an identical text: 101.
    assert bands_of(second)["repetition"] == 2 and bands_of(second)["101"] == 1
    assert report.total.total.segments == 5
    assert bands_of(report.total)["repetition"] == 2


def test_english_source_is_matched_with_the_english_side(builtin_db, tmp_path):
    doc = tmp_path / "doc.en.txt"
    doc.write_text(f"{EN[2]}\n\nThe weather in Seoul is clear today.\n", encoding="utf-8")
    (part,) = api.analyze(builtin_db, [doc]).files
    assert part.source_lang == "en"
    assert bands_of(part)["100"] == 1 and bands_of(part)["no-match"] == 1
    assert part.bands["no-match"].words == 7  # English words (kotm.text.en_words)


PO = """msgid ""
msgstr ""
"Language: en\\n"
"X-Source-Language: ko\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "{one}"
msgstr ""

msgid "{two}"
msgstr "Something"

msgid "{new}"
msgstr ""
"""


def test_po_source_side_translated_or_not(builtin_db, tmp_path):
    po = tmp_path / "todo.po"
    po.write_text(PO.format(one=KO[2], two=KO[3], new=NEW_KO), encoding="utf-8")
    (part,) = api.analyze(builtin_db, [po]).files
    assert part.source_lang == "ko"
    assert bands_of(part)["100"] == 1 and bands_of(part)["101"] == 1 and bands_of(part)["no-match"] == 1


TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x"
 creationtool="x" creationtoolversion="1"/><body>
<tu><tuv xml:lang="en"><seg>{one}</seg></tuv><tuv xml:lang="ko"><seg></seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>{two}</seg></tuv><tuv xml:lang="ko"><seg>번역</seg></tuv></tu>
</body></tmx>
"""


def test_tmx_source_side(builtin_db, tmp_path):
    tmx = tmp_path / "job.tmx"
    edited = EN[2].replace("President Moon", "Mr Moon")
    tmx.write_text(TMX.format(one=EN[2], two=edited), encoding="utf-8")
    (part,) = api.analyze(builtin_db, [tmx]).files
    assert part.source_lang == "en"
    assert bands_of(part)["100"] == 1 and part.total.segments == 2
    assert bands_of(part)["100"] + bands_of(part)["no-match"] < 2  # the edited one is a fuzzy match


def test_other_bands(builtin_db, tmp_path):
    doc = tmp_path / "doc.ko.txt"
    doc.write_text(document(), encoding="utf-8")
    report = api.analyze(builtin_db, [doc], bands="93,60")  # the edited sentence scores 97.4, the rewritten 93.3
    assert report.bands == (100, 93, 60)
    assert [b["band"] for b in report.to_dict()["total"]["bands"]] == [
        "repetition",
        "101",
        "100",
        "93-99",
        "60-92",
        "no-match",
    ]
    assert bands_of(report.total)["93-99"] == 2 and bands_of(report.total)["60-92"] == 0
    report = api.analyze(builtin_db, [doc], bands=[94, 60])
    assert bands_of(report.total)["94-99"] == 1 and bands_of(report.total)["60-93"] == 1


def test_parse_bands_errors():
    assert parse_bands([50, 100, 75]) == (100, 75, 50)
    for bad in ("abc", "0", "101", "95,x"):
        with pytest.raises(InputError):
            parse_bands(bad)


def test_analyzer_with_a_matcher_of_its_own():
    # The analysis is pure: any matcher gives the bands.
    scores = {"a": 100.0, "b": 100.0, "c": 80.0, "d": None}
    analyzer = Analyzer(lambda text, lang: scores[text])
    part = analyzer.analyze("x", [(t, "en") for t in "abcdab"])
    assert bands_of(part) == {
        "repetition": 2,
        "101": 1,
        "100": 1,
        "95-99": 0,
        "85-94": 0,
        "75-84": 1,
        "50-74": 0,
        "no-match": 1,
    }


def test_unknown_format_and_empty_files(builtin_db, tmp_path):
    odd = tmp_path / "doc.docx"
    odd.write_bytes(b"PK")
    with pytest.raises(InputError, match="cannot tell the format"):
        api.analyze(builtin_db, [odd])
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="is empty"):
        api.analyze(builtin_db, [empty])
    blank = tmp_path / "blank.txt"
    blank.write_text("\n \n", encoding="utf-8")
    with pytest.raises(InputError, match="holds no text"):
        api.analyze(builtin_db, [blank])


# ---- the command


def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_cli_table(tmp_path):
    doc = tmp_path / "doc.ko.txt"
    doc.write_text(document(), encoding="utf-8")
    result = run("analyze", str(doc))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"{doc} (Korean source)"
    assert lines[1].split() == ["band", "segments", "words", "characters", "no", "spaces"]
    rows = {line.split()[0]: line.split()[1:] for line in lines[3:]}
    assert rows["101"][0] == "1" and rows["no-match"][0] == "1" and rows["total"][0] == "6"
    assert "Total" not in result.stdout  # one file: no total table


def test_cli_json_shape_two_files(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.po"
    a.write_text(document(), encoding="utf-8")
    b.write_text(PO.format(one=KO[2], two=KO[3], new=NEW_KO), encoding="utf-8")
    result = run("analyze", str(a), str(b), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [f["name"] for f in data["files"]] == [str(a), str(b)]
    names = ["repetition", "101", "100", "95-99", "85-94", "75-84", "50-74", "no-match"]
    for part in [*data["files"], data["total"]]:
        assert [band["band"] for band in part["bands"]] == names
        for band in part["bands"]:
            assert set(band) == {"band", "segments", "words", "characters", "characters_no_spaces"}
    total = {band["band"]: band["segments"] for band in data["total"]["bands"]}
    # a repeats KO[1]; b repeats KO[2] and NEW_KO from a, and its KO[3] follows an identical text: 101.
    assert total["repetition"] == 3 and total["101"] == 2 and sum(total.values()) == 9


def test_cli_bands_option(tmp_path):
    doc = tmp_path / "doc.ko.txt"
    doc.write_text(document(), encoding="utf-8")
    result = run("analyze", str(doc), "--bands", "100,90,60", "--json")
    assert result.exit_code == 0, result.output
    assert [b["band"] for b in json.loads(result.stdout)["total"]["bands"]][3:5] == ["90-99", "60-89"]
    bad = run("analyze", str(doc), "--bands", "95,abc")
    assert bad.exit_code == 2 and "--bands" in bad.stderr


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("doc.docx", b"PK\x03\x04", "cannot tell the format of"),
        ("glossary.tbx", b"<martif/>", "not a document; documents are plain text"),
        ("empty.txt", b"", "is empty"),
        ("empty.po", b"", "the file is empty"),
        ("binary.txt", b"\x00\x01\x02abc", "binary"),
        ("latin1.txt", "café".encode("latin-1"), "save it as UTF-8"),
    ],
)
def test_cli_bad_input_is_one_line(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    result = run("analyze", str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = [line for line in result.stderr.splitlines() if not line.startswith("kotm: created the database")]
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0]


def test_nothing_is_kept_per_segment():
    # 200,000 segments of ten texts: memory holds the ten hashes and the counts, not the segments.
    import tracemalloc

    analyzer = Analyzer(lambda text, lang: 80.0)
    tracemalloc.start()
    part = analyzer.analyze("x", ((f"segment {i % 10}", "en") for i in range(200_000)))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert part.total.segments == 200_000 and len(analyzer.seen) == 10
    assert peak < 200_000


def test_utf16_plain_text_and_crlf(builtin_db, tmp_path):
    doc = tmp_path / "doc.txt"
    doc.write_bytes(f"{KO[2]}\r\n\r\n{NEW_KO}\r\n".encode("utf-16"))
    (part,) = api.analyze(builtin_db, [doc]).files
    assert bands_of(part)["100"] == 1 and bands_of(part)["no-match"] == 1
