"""The use cases (kotm.api), called as any front end calls them: plain arguments in, records and reports out.

The CLI tests check the rendering; these check that each user action is one call that does the whole job.
"""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

import pytest

from kotm import api, clock
from kotm.errors import InputError, KotmError, NotFound


@pytest.fixture
def db(tmp_path):
    return api.open_or_create(tmp_path / "kotm.db")


def test_open_or_create_loads_the_builtin_corpus_once(tmp_path):
    path = tmp_path / "new" / "kotm.db"
    db = api.open_or_create(path)
    assert api.stats(db)["segments"] == 51 and api.stats(db)["terms"] == 105
    db.close()
    assert api.stats(api.open_or_create(path))["segments"] == 51  # opened, not loaded again
    with pytest.raises(KotmError, match="already holds 51 segments and 105 terms; use --force"):
        api.create(path)
    assert api.create(path, empty=True, force=True).to_dict() == {"path": str(path), "segments": 0, "terms": 0}
    assert api.stats(api.open_existing(path))["segments"] == 0


def test_search_says_when_it_widened_the_query(db):
    exact = api.search(db, "카자흐스탄", limit=3)
    assert not exact.widened and len(exact.hits) == 3 and exact.to_dict() == [h.to_dict() for h in exact.hits]
    widened = api.search(db, "카자흐스탄과의", limit=2)
    assert widened.widened and widened.query == "카자흐스탄" and widened.hits
    with pytest.raises(InputError):
        api.search(db, "  ")


def test_match_composes_the_matches_and_the_terms_beside_them(db):
    text = "양국은 사법분야 협력을 강화하기로 했습니다."
    result = api.match(db, text)
    assert result.matches[0].score > 90
    assert [t.to_dict() for t in result.terms] == [t.to_dict() for t in api.scan(db, text)]
    data = result.to_dict()
    assert set(data) == {"matches", "terms"} and data["terms"] and json.dumps(data, ensure_ascii=False)


def test_add_edit_select_delete_and_undo(db):
    with api.acting_as("editor"):
        added = api.add_segment(db, "양국은 문화 교류를 늘리기로 했다.", "The two countries agreed.", source="memo")
    assert not added.existed and added.change is not None
    again = api.add_segment(db, "양국은  문화 교류를 늘리기로 했다.", "The two countries agreed.")
    assert again.existed and again.id == added.id and again.change is None
    assert api.changes(db, limit=1)[0].user == "editor"
    term = api.add_term(db, "문화 교류", "cultural exchange", domain="culture")
    assert not term.existed and api.term(db, "문화 교류를")[0].term.id == term.id

    change = api.edit(db, "segments", added.id, en="The two countries agreed to expand cultural exchanges.")
    assert api.edit(db, "segments", added.id, en="The two countries agreed to expand cultural exchanges.") is None
    assert [r.fields for r in api.unit_history(db, "segments", added.id)] == [["ko", "en"], ["en"]]
    assert api.change_rows(db, change)[0].after["en"].endswith("cultural exchanges.")

    assert api.select(db, "segments", source="memo") == [added.id]
    assert api.select(db, "segments", query="교류를 늘리기로") == [added.id]
    assert term.id in api.select(db, "terms", query="문화 교류")
    deleted = api.delete(db, "segments", [added.id])
    with pytest.raises(NotFound):
        api.delete(db, "segments", [added.id])
    undone = api.undo(db)
    assert undone.target.id == deleted and undone.undo.undoes == deleted
    assert [h.segment.id for h in api.search(db, "교류를 늘리기로").hits] == [added.id]


def test_dedupe_reports_then_merges_in_one_change(db):
    api.add_segment(db, "양국은 협력한다.", "They cooperate.", source="a")
    api.add_segment(db, "양국은 협력한다.", "They cooperate!", source="b")
    assert api.dedupe(db).removed == 0 and len(api.dedupe(db).review) == 1  # a near duplicate: listed
    dry = api.dedupe(db, dry_run=True, near=True)
    assert dry.removed == 1 and dry.change is None and dry.to_dict()["dry_run"] is True
    done = api.dedupe(db, near=True)
    assert done.removed == 1 and done.change is not None
    assert api.get_change(db, done.change).action == "merge"
    assert api.stats(db)["segments"] == 52
    api.undo(db, done.change)
    assert api.stats(db)["segments"] == 53


def test_export_chooses_its_path_and_warns_for_every_format(db, tmp_path):
    from kotm.formats import export as export_units
    from kotm.queries import iter_segments

    api.add_segment(db, "통제\x01 문자", "con\x0btrol")
    api.add_term(db, "통제\x02 용어", "control term")
    fast = api.export(db, tmp_path / "rows.tmx")  # TMX takes the stored rows as they are
    assert fast.to_dict() == {
        "output": str(tmp_path / "rows.tmx"),
        "format": "tmx",
        "table": "segments",
        "count": 52,
        "source_lang": "ko",
    }
    export_units(iter_segments(db), tmp_path / "units.tmx", "tmx")
    assert (tmp_path / "rows.tmx").read_bytes() == (tmp_path / "units.tmx").read_bytes()
    for name, terms in (("a.tmx", False), ("b.tbx", True), ("c.po", False), ("d.tsv", True), ("e.csv", False)):
        warnings: list[str] = []
        done = api.export(db, tmp_path / name, terms=terms, on_warning=warnings.append)
        assert done.count == (106 if terms else 52)
        # XML cannot hold the control characters: the XML formats drop them and say so; PO and TSV keep them.
        assert bool(warnings) == name.endswith((".tmx", ".tbx")), (name, warnings)
    only = api.export(db, tmp_path / "f.tmx", query="협력", since="2019-04-22")
    assert 0 < only.count < 52
    with pytest.raises(InputError, match="not a date"):
        api.export(db, tmp_path / "g.tmx", since="yesterday")


def test_import_and_list(db, tmp_path):
    source = tmp_path / "memo.tsv"
    source.write_text("ko\ten\n새로운 협력 사업\tA new cooperation project\n", encoding="utf-8")
    report = api.import_files(db, [source])
    assert report.to_dict()["totals"]["added"] == 1
    units, total = api.list_units(db, limit=1)
    assert total == 52 and units[0].source == "memo.tsv"


def test_align_then_add_the_confident_links(db, tmp_path):
    ko = tmp_path / "a.ko.txt"
    en = tmp_path / "a.en.txt"
    ko.write_text("카자흐스탄은 중앙아시아의 국가이다. 양국은 협력을 강화하기로 했다.\n", encoding="utf-8")
    en.write_text("Kazakhstan is a country in Central Asia. The two countries agreed to strengthen cooperation.\n")
    result = api.align(db, ko, en)
    assert [link.type for link in result.links] == ["1-1", "1-1"]
    out = tmp_path / "links.tmx"
    assert api.write_links(result, out, "a") == 2 and b"<tu" in out.read_bytes()
    added = api.add_links(db, result, api.default_align_source(ko, en))
    assert added.added == 2 and added.flagged == [] and api.select(db, "segments", source="a.ko.txt+a.en.txt")
    with pytest.raises(InputError, match=r"use \.tsv or \.tmx"):
        api.write_links(result, tmp_path / "links.doc", "a")


def test_one_clock_for_every_stored_time(db):
    with clock.fixed(clock.ticking(datetime(2030, 1, 2, 3, 4, tzinfo=UTC))):
        added = api.add_segment(db, "시계를 맞춘다.", "The clock is set.")
        edited = api.edit(db, "segments", added.id, note="checked")
    units, _ = api.list_units(db, limit=1)
    assert units[0].created == "2030-01-02T03:04:00Z" and units[0].changed == "2030-01-02T03:07:00Z"
    assert [c.time for c in api.changes(db, limit=2)] == ["2030-01-02T03:06:00Z", "2030-01-02T03:05:00Z"]
    assert edited is not None
    assert clock.now().startswith(str(datetime.now(UTC).year))  # the system clock is back after the block


def test_notices_reach_the_logger_not_the_screen(tmp_path, caplog, monkeypatch):
    """A write that has to wait for another writer says so through the `kotm` logger (the CLI shows it)."""
    import logging
    import sqlite3
    import threading

    import kotm.db

    log = logging.getLogger("kotm")  # as a library user has it: no CLI handler installed by an earlier test
    monkeypatch.setattr(log, "handlers", [])
    monkeypatch.setattr(log, "propagate", True)

    path = tmp_path / "kotm.db"
    api.create(path, empty=True)
    monkeypatch.setattr(kotm.db, "BUSY_TIMEOUT", 0.05)
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    threading.Timer(1.5, holder.rollback).start()  # longer than kotm.db.NOTICE_AFTER
    db = api.open_existing(path)
    db.conn.execute("PRAGMA busy_timeout = 50")
    stderr = io.StringIO()
    monkeypatch.setattr("sys.stderr", stderr)
    with caplog.at_level("INFO", logger="kotm"):
        api.add_segment(db, "기다린 문장", "A sentence that waited.")
    assert any("waiting for another process to finish writing" in r.getMessage() for r in caplog.records)
    assert stderr.getvalue() == ""
