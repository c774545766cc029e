"""Issue 16: a real PO file goes through kotm's reader and writer and comes back with its direction, plurals,
contexts, flags and references; kotm's provenance is a comment, fuzzy entries come in only as fuzzy."""

import io
import shutil
import subprocess
import tarfile

import polib
import pytest

from kotm.formats import ReadStats, po, read

needs_msgfmt = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="msgfmt (gettext) is not installed")


def msgfmt_check(path) -> subprocess.CompletedProcess:
    return subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True)


def round_trip(path, tmp_path, **options):
    """Read ``path`` with kotm, write it back in the direction it was read; the units, stats and output path."""
    stats = ReadStats()
    units = list(read(path, stats=stats, **options))
    directions = {u.source_lang for u in units}
    assert len(directions) <= 1
    out = tmp_path / f"{path.stem}.out.po"
    with open(out, "wb") as f:
        assert po.write(units, f, source_lang=directions.pop() if directions else "ko") == len(units)
    return units, stats, out


def fields(entry: polib.POEntry) -> tuple:
    return (
        entry.msgctxt,
        entry.msgid,
        entry.msgid_plural,
        entry.msgstr,
        dict(entry.msgstr_plural),
        entry.flags,
        entry.occurrences,
        entry.tcomment,
        entry.previous_msgid,
    )


def check_entries(original, out, stats, fuzzy: bool):
    ours = [e for e in polib.pofile(str(out)) if not e.obsolete]
    assert len(ours) == stats.units
    theirs = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(original)) if not e.obsolete}
    for entry in ours:
        assert fields(entry) == fields(theirs[entry.msgctxt, entry.msgid])
        assert entry.fuzzy == fuzzy and not any(o[0] == "kotm" for o in entry.occurrences)
    return ours


def real_catalogs(shared):
    paths = sorted((shared / "corpora/po").glob("*/*.po"))
    assert len(paths) == 4
    return paths


@needs_msgfmt
@pytest.mark.parametrize("include_fuzzy", [False, True])
def test_real_catalogs_come_back_entry_by_entry(shared, tmp_path, include_fuzzy):
    plurals = fuzzy = 0
    for path in real_catalogs(shared):
        units, stats, out = round_trip(path, tmp_path, include_fuzzy=include_fuzzy)
        assert units and {u.source_lang for u in units} == {"en"}, path  # English msgids
        run = msgfmt_check(out)
        assert run.returncode == 0, run.stderr
        meta = polib.pofile(str(out)).metadata
        assert meta["Language"] == "ko" and meta["Plural-Forms"] == "nplurals=1; plural=0;"
        confirmed = check_entries(path, out, stats, fuzzy=False) if not include_fuzzy else None
        if include_fuzzy:
            ours = [e for e in polib.pofile(str(out)) if not e.obsolete]
            theirs = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(path))}
            for entry in ours:
                assert fields(entry) == fields(theirs[entry.msgctxt, entry.msgid])
            fuzzy += sum(e.fuzzy for e in ours)
            assert sum(po.is_fuzzy(u) for u in units) == sum(e.fuzzy for e in ours)
        else:
            plurals += sum(bool(e.msgid_plural) for e in confirmed)
    if include_fuzzy:
        assert fuzzy > 0
    else:
        assert plurals == 31  # editor.ko.po: 34 plural entries, 31 of them translated


@needs_msgfmt
def test_editor_po_plurals_and_references_survive(shared, tmp_path):
    path = shared / "corpora/po/godot-editor-l10n/editor.ko.po"
    _units, _stats, out = round_trip(path, tmp_path)
    plural = [e for e in polib.pofile(str(path)) if e.msgid_plural]
    original = [e for e in plural if e.translated()]
    assert (len(plural), len(original)) == (34, 31)
    back = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(out))}
    assert all(back[e.msgctxt, e.msgid].msgid_plural == e.msgid_plural for e in original)
    assert all(back[e.msgctxt, e.msgid].msgstr_plural == e.msgstr_plural for e in original)
    assert any(o[0].startswith("editor/") for e in back.values() for o in e.occurrences)


@needs_msgfmt
def test_python_docs_archive_round_trips(shared, tmp_path):
    with tarfile.open(shared / "corpora/po/python-docs-ko/python-docs-ko-3.13.po.tar.xz") as tar:
        tar.extractall(tmp_path / "src", filter="data")
    checked = 0
    paths = sorted((tmp_path / "src").rglob("*.po"))
    for n, path in enumerate(paths):
        if msgfmt_check(path).returncode != 0:
            # 20 originals fail msgfmt -c already: a python-format msgstr that is not one, duplicate messages
            # (whatsnew/changelog.po)
            continue
        work = tmp_path / f"{n}"
        work.mkdir()
        _units, stats, out = round_trip(path, work)
        run = msgfmt_check(out)
        assert run.returncode == 0, (path, run.stderr)
        check_entries(path, out, stats, fuzzy=False)
        checked += 1
    assert len(paths) == 508 and checked == 488


def read_bytes(data: bytes, **options):
    stats = ReadStats()
    return list(po.read(io.BufferedReader(io.BytesIO(data)), stats, **options)), stats


HEADER = 'msgid ""\nmsgstr ""\n"Language: ko\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def test_fuzzy_entries_only_on_request_and_marked():
    data = (HEADER + '#, fuzzy, c-format\n#| msgid "Old %d"\nmsgid "Draft %d"\nmsgstr "초안 %d"\n').encode()
    units, stats = read_bytes(data)
    assert not units and stats.skipped == {"fuzzy entry": 1}
    (unit,), stats = read_bytes(data, include_fuzzy=True)
    assert po.is_fuzzy(unit) and unit.props["po:flags"] == "fuzzy, c-format"
    assert unit.props["po:previous_msgid"] == "Old %d" and stats.units == 1
    out = io.BytesIO()
    po.write([unit], out, source_lang="en")
    assert '#, fuzzy, c-format\n#| msgid "Old %d"\nmsgid "Draft %d"\nmsgstr "초안 %d"\n' in out.getvalue().decode()


def test_provenance_is_a_comment_and_reads_back():
    from kotm.units import Segment

    unit = Segment("협력", "cooperation", source="editor.ko.po", domain="ict", id=1595, created="2024-01-01T00:00:00Z")
    out = io.BytesIO()
    po.write([unit], out)
    text = out.getvalue().decode()
    assert "#: " not in text
    assert "#. kotm: source: editor.ko.po; id: 1595; domain: ict; created: 2024-01-01T00:00:00Z\n" in text
    (back,), _ = read_bytes(out.getvalue())
    assert (back.source, back.domain, back.created, back.note) == ("editor.ko.po", "ict", "2024-01-01T00:00:00Z", "")


def test_older_kotm_exports_still_read():
    data = (
        HEADER.replace("Language: ko", "Language: en")
        + '#. 메모\n#. domain: d; creator: kim\n#: memo:1\nmsgid "협력"\nmsgstr "cooperation"\n'
    ).encode()
    (unit,), _ = read_bytes(data)
    assert (unit.note, unit.domain, unit.creator, unit.source_lang) == ("메모", "d", "kim", "ko")
    assert unit.props["po:references"] == "memo:1"


def test_comments_go_back_to_their_places_and_the_reverse_direction_drops_format_flags():
    data = (
        HEADER + "# translator\n#. extracted\n#: a.c:3 b.c\n#, python-format\n"
        'msgctxt "menu"\nmsgid "%(n)s files"\nmsgstr "파일 %(n)s개"\n'
    ).encode()
    (unit,), _ = read_bytes(data)
    assert unit.note == "translator\nextracted" and unit.source_lang == "en"
    out = io.BytesIO()
    po.write([unit], out, source_lang="en")
    (entry,) = polib.pofile(out.getvalue().decode())
    assert (entry.tcomment, entry.comment, entry.occurrences) == (
        "translator",
        "extracted",
        [("a.c", "3"), ("b.c", "")],
    )
    assert (entry.msgctxt, entry.flags) == ("menu", ["python-format"])
    out = io.BytesIO()
    po.write([unit], out)  # Korean msgid: the same references and context, no format flag
    (entry,) = polib.pofile(out.getvalue().decode())
    assert (entry.msgid, entry.msgstr, entry.flags, entry.msgctxt) == ("파일 %(n)s개", "%(n)s files", [], "menu")
    assert polib.pofile(out.getvalue().decode()).metadata["Language"] == "en"
