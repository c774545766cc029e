import shutil
import subprocess

import polib
import pytest
from click.testing import CliRunner
from lxml import etree

from kotm.cli import cli


def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_export_tmx_is_valid(tmp_path, shared):
    out = tmp_path / "all.tmx"
    result = run("export", str(out))
    assert result.exit_code == 0 and "Wrote 51 segments" in result.stderr
    dtd = etree.DTD(str(shared / "formats" / "tmx" / "tmx14.dtd"))
    doc = etree.parse(str(out))
    assert dtd.validate(doc), dtd.error_log
    assert len(doc.findall("body/tu")) == 51


@pytest.mark.parametrize(
    "filters",
    [{"query": "협력"}, {"query": "cooperation"}, {"since": "2019-04-22"}, {"source": "nowhere"}, {}],
)
def test_export_tmx_selects_as_iter_segments(tmp_path, db_path, filters):
    """TMX is written from plain rows, not Segments: the units must be those the other formats get."""
    from kotm.queries import iter_segments
    from kotm.store import open_db

    out = tmp_path / "some.tmx"
    args = [a for name, value in filters.items() for a in (f"--{name}", value)]
    assert run("export", str(out), *args).exit_code == 0
    tuids = [int(tu.get("tuid")) for tu in etree.parse(str(out)).iterfind("body/tu")]
    assert tuids == [s.id for s in iter_segments(open_db(db_path), **filters)]


def test_export_po_terms(tmp_path):
    out = tmp_path / "g.po"
    assert run("export", str(out), "--terms").exit_code == 0
    po = polib.pofile(str(out))
    assert len(po) >= 100 and any(e.msgid == "누르술탄" and e.msgstr == "Nur-Sultan" for e in po)
    if shutil.which("msgfmt"):
        check = subprocess.run(
            ["msgfmt", "-c", "-o", "/dev/null", str(out)],
            capture_output=True,
            text=True,
        )
        assert check.returncode == 0, check.stderr


def test_export_to_stdout():
    result = run("export", "-", "--format", "po")
    assert result.exit_code == 0 and 'msgid "한·카자흐 정상' in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["out.xlsx"], "cannot tell the format"),
        (["-"], "cannot tell the format"),
        (["missing-dir/out.tmx"], "does not exist"),
    ],
)
def test_export_errors(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    result = run("export", *args)
    assert result.exit_code == 1 and message in result.stderr


def test_failed_export_keeps_the_old_file(tmp_path, monkeypatch):
    out = tmp_path / "keep.tmx"
    out.write_text("old")

    def boom(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr("kotm.formats.tmx.write_rows", boom)
    with pytest.raises(RuntimeError):
        CliRunner().invoke(cli, ["export", str(out)], catch_exceptions=False)
    assert out.read_text() == "old"
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".keep.tmx")]


def test_an_empty_export_does_not_replace_a_file_unless_forced(tmp_path):
    out = tmp_path / "q.tsv"
    assert run("export", str(out), "--query", "협력").exit_code == 0
    before = out.read_bytes()
    result = run("export", str(out), "--query", "없는말")
    assert result.exit_code == 1 and "left as it was" in result.stderr and "--force" in result.stderr
    assert out.read_bytes() == before
    assert run("export", str(out), "--query", "없는말", "--force").exit_code == 0
    assert out.read_bytes() != before
    # A new file may be empty: nothing is lost.
    assert run("export", str(tmp_path / "new.tsv"), "--query", "없는말").exit_code == 0
