"""The PO writer: msgfmt -c clean, and polib reads back what was written."""

import io
import re
import shutil
import subprocess
import tarfile

import polib
import pytest

from kotm.errors import FormatError
from kotm.formats import ReadStats, po, read
from kotm.units import Segment, Term

UNITS = [
    Segment(
        '협력을 "강화"\t한다\\',
        'Cooperation "grows"\tstrongly\\',
        note="n1",
        domain="d",
        id=1,
        created="2019-04-22T09:13:00Z",
        source="memo",
    ),
    Segment("줄\n바꿈", "line\nbreak", id=2, created="2020-01-01T00:00:00Z"),
    Term("정상", "summit", id=3),
    Term("정상", "leader", id=4),
]


def write(units) -> str:
    out = io.BytesIO()
    assert po.write(units, out) == len(units)
    return out.getvalue().decode()


def test_round_trip_through_polib():
    entries = [e for e in polib.pofile(write(UNITS)) if e.msgid]
    assert [(e.msgid, e.msgstr) for e in entries] == [(u.ko, u.en) for u in UNITS]
    assert entries[3].msgctxt == "kotm-4" and entries[2].msgctxt is None
    # kotm's provenance is a comment, never a #: reference that Poedit would take for file:line (issue 16)
    assert entries[0].occurrences == [] and "kotm: source: memo; id: 1; domain: d" in entries[0].comment
    assert "n1" in entries[0].comment


def test_header_is_complete_and_deterministic():
    text = write(UNITS)
    meta = polib.pofile(text).metadata
    assert meta["Language"] == "en" and meta["Content-Type"] == "text/plain; charset=UTF-8"
    assert meta["PO-Revision-Date"] == "2020-01-01 00:00+0000"
    assert write(UNITS) == text


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="msgfmt (gettext) is not installed")
def test_msgfmt_check(tmp_path):
    path = tmp_path / "out.po"
    path.write_text(write(UNITS), encoding="utf-8")
    run = subprocess.run(
        ["msgfmt", "-c", "--check-format", "-o", str(tmp_path / "out.mo"), str(path)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""


# Reading (issue 5): PO reader and writer: real catalogs counted against msgfmt, exports checked by msgfmt -c.

needs_msgfmt = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="msgfmt (gettext) is not installed")


def msgfmt_statistics(path) -> dict[str, int]:
    """The independent count: GNU msgfmt --statistics (translated, fuzzy, untranslated)."""
    out = subprocess.run(
        ["msgfmt", "--statistics", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
    ).stderr
    counts = {"translated": 0, "fuzzy": 0, "untranslated": 0}
    for n, kind in re.findall(r"(\d+) (translated|fuzzy|untranslated)", out):
        counts[kind] = int(n)
    return counts


def check(path, stats):
    counts = msgfmt_statistics(path)
    no_hangul = stats.skipped.get("Korean text holds no Hangul", 0)
    assert stats.units + no_hangul == counts["translated"], path
    assert stats.skipped.get("fuzzy entry", 0) == counts["fuzzy"], path
    # msgfmt counts fuzzy entries with an empty msgstr as fuzzy, kotm skips them as fuzzy first too
    assert stats.skipped.get("untranslated entry", 0) == counts["untranslated"], path


@needs_msgfmt
def test_real_catalogs_count_as_msgfmt(shared):
    paths = [
        *sorted((shared / "corpora/po").glob("*/*.po")),
        shared / "formats/po/django-humanize.ko.po",
    ]
    for path in paths:
        stats = ReadStats()
        list(read(path, stats=stats))
        check(path, stats)
    assert len(paths) == 5


@needs_msgfmt
def test_python_docs_archive_counts_as_msgfmt(shared, tmp_path):
    with tarfile.open(shared / "corpora/po/python-docs-ko/python-docs-ko-3.13.po.tar.xz") as tar:
        tar.extractall(tmp_path, filter="data")
    total = ReadStats()
    paths = sorted(tmp_path.rglob("*.po"))
    for path in paths:
        stats = ReadStats()
        list(read(path, stats=stats))
        total.merge(stats)
    assert len(paths) == 508
    translated = sum(msgfmt_statistics(p)["translated"] for p in paths)
    assert translated == 36660  # SOURCES.md
    assert total.units + total.skipped["Korean text holds no Hangul"] == translated
    assert total.skipped["fuzzy entry"] == 5633


def test_django_context_plurals_and_sides(shared):
    units = list(read(shared / "formats/po/django-humanize.ko.po"))
    assert sum("prop:x-context" in u.props for u in units) > 0
    plural = next(u for u in units if u.en == "%(value)s million")
    assert plural.ko == "%(value)s 백만"  # msgstr[0]


def read_bytes(data: bytes, **kw):
    stats = ReadStats()
    return list(po.read(io.BufferedReader(io.BytesIO(data)), stats, **kw)), stats


HEADER = 'msgid ""\nmsgstr ""\n"Language: ko\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def test_fuzzy_obsolete_escapes_and_multiline():
    data = (
        HEADER
        + '#, fuzzy\nmsgid "Draft"\nmsgstr "초안"\n\n'
        + '#~ msgid "Old"\n#~ msgstr "옛"\n\n'
        + 'msgctxt "menu"\nmsgid "Open \\"file\\"\\n"\nmsgstr ""\n"파일 \\"열기\\"\\n"\n\n'
        + 'msgid ""\n"Long "\n"line"\nmsgstr "긴\\t줄"\n'
    ).encode()
    units, stats = read_bytes(data)
    assert [(u.ko, u.en) for u in units] == [
        ('파일 "열기"\n', 'Open "file"\n'),
        ("긴\t줄", "Long line"),
    ]
    # The store strips the trailing newline; the text as the file had it is kept for the PO writer to give back.
    assert units[0].props == {"prop:x-context": "menu", "po:msgid": 'Open "file"\n', "po:msgstr": '파일 "열기"\n'}
    assert stats.skipped == {"fuzzy entry": 1, "obsolete entry (#~)": 1}


def test_korean_side_from_header_option_or_hangul():
    body = 'msgid "협력"\nmsgstr "cooperation"\n'
    assert read_bytes(b'msgid ""\nmsgstr "Language: en\\n"\n\n' + body.encode())[0][0].ko == "협력"
    assert read_bytes(body.encode())[0][0].ko == "협력"  # no header: the side with Hangul
    units, stats = read_bytes(body.encode(), korean="msgstr")
    assert not units and stats.skipped == {"Korean text holds no Hangul": 1}


@pytest.mark.parametrize(
    "data, message, line",
    [
        (HEADER + 'msgid "Joint declaration\nmsgstr "공동 선언"\n', "closing quote", 6),
        (HEADER + 'msgid "a"\nmsgstr "\xff"\n', "not valid", None),
        (HEADER + 'msgid "a"\nbogus "b"\n', "PO syntax error", 7),
    ],
)
def test_bad_files(data, message, line):
    raw = data.encode("utf-8", "surrogateescape") if isinstance(data, str) else data
    raw = raw.replace("\xff".encode(), b"\xff")
    with pytest.raises(FormatError, match=message) as e:
        read_bytes(raw)
    if line:
        assert e.value.line == line


@needs_msgfmt
def test_export_passes_msgfmt_check(tmp_path, shared):
    units = list(read(shared / "formats/po/django-humanize.ko.po"))
    units += [
        Segment("협력", "cooperation", note="두 번째\nsecond", domain="diplomacy"),
        Segment("협력", "collaboration"),  # the same msgid twice needs a context
        Segment('따옴표 "와" \\ 역슬래시', 'quotes "and" \\ backslash\ttab'),
    ]
    path = tmp_path / "out.po"
    with open(path, "wb") as out:
        po.write(units, out)
    result = subprocess.run(
        ["msgfmt", "-c", "--check-format", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    back = list(read(path))
    assert [(u.ko, u.en) for u in back] == [(u.ko, u.en) for u in units]
    assert back[-3].note == "두 번째\nsecond" and back[-3].domain == "diplomacy"
