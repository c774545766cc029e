"""The PO writer: msgfmt -c clean, and polib reads back what was written."""

import io
import shutil
import subprocess

import polib
import pytest

from kotm.formats import po
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
    assert entries[0].occurrences == [("memo", "1")]
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
