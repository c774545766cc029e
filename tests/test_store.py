import sqlite3

import pytest

from kotm import korean
from kotm.db import schema_version
from kotm.errors import InputError, KotmError
from kotm.keys import pair_key
from kotm.korean import match_expression
from kotm.migrations import MIGRATIONS
from kotm.store import add_segments, add_terms, open_db
from kotm.units import Segment, Term


def test_schema_version_and_wal(db_path):
    db = open_db(db_path)
    assert schema_version(db) == len(MIGRATIONS)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    db.close()
    assert schema_version(open_db(db_path)) == len(MIGRATIONS)  # reopening migrates nothing twice


def test_pair_is_stored_once(db_path):
    db = open_db(db_path)
    first = add_segments(db, [Segment("협력을 강화한다.", "Cooperation grows.")])
    again = add_segments(db, [Segment(" 협력을  강화한다. ", "Cooperation  grows.")])
    assert len(first.added) == 1 and again.added == [] and again.existing == first.added
    assert db["segments"].count == 1


def test_duplicates_within_one_batch(db_path):
    db = open_db(db_path)
    result = add_segments(
        db,
        [Segment("가나다", "abc"), Segment("가나다", "abc"), Segment("가나다", "abd")],
    )
    assert len(result.added) == 2 and result.existing == [result.added[0]]


def test_counts_without_ids(db_path):
    # An import asks for counts only (ids=False): the same rows are written and counted, and no list of ids is kept.
    from kotm.changelog import change, changes
    from kotm.store import add_prepared, prepared, segment_rows

    db = open_db(db_path)
    add_segments(db, [Segment("가나다", "abc")])
    rows = segment_rows([Segment("가나다", "abc"), Segment("라마바", "def"), Segment("라마바", "def")])
    with change(db, "import", label="x.tmx"):
        result = add_prepared(db, "segments", prepared("segments", rows), ids=False)
    assert (result.n_added, result.n_existing, result.added, result.existing) == (1, 2, [], [])
    assert db["segments"].count == 2
    assert changes(db, limit=1)[0].summary == "x.tmx: segment 2"


def test_term_with_several_renderings(db_path):
    db = open_db(db_path)
    add_terms(db, [Term("정상", "summit"), Term("정상", "leader")])
    assert db["terms"].count == 2


def test_metadata_is_kept(db_path):
    db = open_db(db_path)
    add_segments(
        db,
        [Segment("가나", "ab", source="memo", domain="law", note="n", creator="kim")],
    )
    row = next(db.query("SELECT * FROM segments"))
    assert (row["source"], row["domain"], row["note"], row["creator"]) == (
        "memo",
        "law",
        "n",
        "kim",
    )
    assert row["created"].endswith("Z") and row["changed"] == row["created"]


@pytest.mark.parametrize(("ko", "en"), [("", "x"), ("가", " "), ("MOU", "memorandum")])
def test_bad_input_adds_nothing(db_path, ko, en):
    db = open_db(db_path)
    with pytest.raises(InputError):
        add_segments(db, [Segment("가나", "ab"), Segment(ko, en)])
    assert db["segments"].count == 0


def test_pair_key_ignores_spacing_and_unicode_form():
    assert pair_key("한국", "Korea") == pair_key("\u1112\u1161\u11ab\u1100\u116e\u11a8", " Korea ")


def test_not_a_database(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(KotmError, match="not a kotm database"):
        open_db(bad)


def test_reader_does_not_block_writer(db_path):
    db = open_db(db_path)
    add_segments(db, [Segment("가나", "ab")])
    reader = sqlite3.connect(db_path)
    reader.execute("BEGIN")
    assert reader.execute("SELECT count(*) FROM segments").fetchone() == (1,)
    add_segments(db, [Segment("다라", "cd")])  # would raise "database is locked" without WAL
    reader.rollback()
    assert db["segments"].count == 2


def test_key_counts_follow_edits_deletes_and_undo(db_path):
    """The per-key segment counts that fuzzy matching reads stay equal to what the Korean index holds."""
    from kotm.history import undo
    from kotm.store import delete, edit_segment

    db = open_db(db_path)
    result = add_segments(db, [Segment(f"협력 사업 {n}번을 추진한다.", f"Project {n}.") for n in range(20)])
    edit_segment(db, result.added[0], ko="전혀 다른 문장이다.", en="Something else.")
    change = delete(db, "segments", result.added[1:5])
    undo(db, change)
    delete(db, "segments", result.added[5:8])
    db.execute("CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, segments_ko_fts, 'row')")
    indexed = {k: n for k, n in db.execute("SELECT term, doc FROM temp.v") if n}
    counted = {k: n for k, n in db.execute("SELECT key, n FROM segments_ko_keys") if n}
    assert counted == indexed
    assert counted["협력"] == 16
    words = {k: n for k, n in db.execute("SELECT key, n FROM segments_en_keys") if n}
    assert words["project"] == 16 and words["1"] == 1 and "0" not in words  # "Project 0." was edited away
    db.execute("CREATE VIRTUAL TABLE temp.w USING fts5vocab(main, segments_en_keys_fts, 'row')")
    assert words == {k: n for k, n in db.execute("SELECT term, doc FROM temp.w") if n}


def test_database_of_schema_3_gets_its_key_indexes_built(db_path, monkeypatch):
    """m004 rebuilds the Korean index and m005 builds the English word index of a database written before them
    (rows written here with SQL, as kotm then wrote them): searches and matches find what they should, and the
    per-key counts equal what the indexes hold."""
    import kotm.migrations
    from kotm.keys import en_keys, tally_keys
    from kotm.queries import iter_segments
    from kotm.tm.fuzzy import match

    monkeypatch.setattr(kotm.migrations, "MIGRATIONS", MIGRATIONS[:3])
    db = open_db(db_path)
    old = [("국제 IT협력센터를 세운다.", "An IT centre is built."), ("협력과 교류", "Exchange and cooperation.")]
    for n, (ko, en) in enumerate(old, start=1):
        db.execute("INSERT INTO segments (id, ko, en, pair_key) VALUES (?, ?, ?, ?)", [n, ko, en, pair_key(ko, en)])
        db.execute("INSERT INTO segments_ko_fts (rowid, keys) VALUES (?, ?)", [n, korean.index_keys(ko)])
        db.execute("INSERT INTO segments_en_fts (rowid, en) VALUES (?, ?)", [n, en])
    for lang, keys in (("ko", [korean.index_keys(ko) for ko, _ in old]), ("en", [en_keys(en) for _, en in old])):
        db.conn.executemany(f"INSERT INTO segments_{lang}_keys VALUES (?, ?)", tally_keys(keys).items())
    db.execute(
        "INSERT INTO terms (id, ko, en, ko_key, pair_key) VALUES (1, '협력센터', 'cooperation centre', '협력센터', 1)"
    )
    assert "detail" not in db.execute("SELECT sql FROM sqlite_master WHERE name = 'segments_ko_fts'").fetchone()[0]
    db.close()
    monkeypatch.setattr(kotm.migrations, "MIGRATIONS", MIGRATIONS)
    db = open_db(db_path)
    assert schema_version(db) == len(MIGRATIONS)
    assert "detail='none'" in db.execute("SELECT sql FROM sqlite_master WHERE name = 'segments_ko_fts'").fetchone()[0]
    assert [s.en for s in iter_segments(db, query="협력")] == ["An IT centre is built.", "Exchange and cooperation."]
    assert [s.en for s in iter_segments(db, query="it 협력센터")] == ["An IT centre is built."]
    assert db.execute("SELECT rowid FROM terms_ko_fts WHERE terms_ko_fts MATCH '\"센터\"'").fetchall() == [(1,)]
    assert [m.segment.id for m in match(db, "Exchange and cooperation!", lang="en")] == [2]
    for lang, fts in (("ko", "segments_ko_fts"), ("en", "segments_en_keys_fts")):
        db.execute(f"CREATE VIRTUAL TABLE temp.v_{lang} USING fts5vocab(main, {fts}, 'row')")
        assert dict(db.execute(f"SELECT key, n FROM segments_{lang}_keys")) == dict(
            db.execute(f"SELECT term, doc FROM temp.v_{lang}")
        )


def test_database_of_the_first_schema_is_upgraded(db_path, monkeypatch):
    """A database written by the first schema alone (rows written here with SQL, as kotm 0.1's first release wrote
    them, with the index keys of that time) is upgraded by every later migration, which use their own frozen copies
    of the key functions: search, term look-up, match, edit, undo and the key counts all work afterwards."""
    import kotm.migrations
    from kotm import history
    from kotm.glossary.lookup import lookup
    from kotm.keys import en_keys, tally_keys
    from kotm.queries import iter_segments
    from kotm.store import edit_segment
    from kotm.tm.fuzzy import match

    monkeypatch.setattr(kotm.migrations, "MIGRATIONS", MIGRATIONS[:1])
    db = open_db(db_path)
    assert schema_version(db) == 1 and "changes" not in db.table_names()
    old = [("양국은 사법분야 협력을 강화하기로 했다.", "The two countries agreed to strengthen judicial cooperation.")]
    old.append(("카자흐스탄과 교류를 늘린다.", "Exchanges with Kazakhstan grow."))
    for n, (ko, en) in enumerate(old, start=1):
        db.execute(
            "INSERT INTO segments (id, ko, en, source, created, changed, pair_key) VALUES (?, ?, ?, 'v1', "
            "'2019-04-22T09:13:00Z', '2019-04-22T09:13:00Z', ?)",
            [n, ko, en, pair_key(ko, en)],
        )
        db.execute("INSERT INTO segments_ko_fts (rowid, keys) VALUES (?, ?)", [n, korean.index_keys(ko)])
        db.execute("INSERT INTO segments_en_fts (rowid, en) VALUES (?, ?)", [n, en])
    for lang, keys in (("ko", [korean.index_keys(ko) for ko, _ in old]), ("en", [en.lower() for _, en in old])):
        db.conn.executemany(f"INSERT INTO segments_{lang}_keys VALUES (?, ?)", tally_keys(keys).items())
    db.execute(
        "INSERT INTO terms (id, ko, en, ko_key, pair_key) VALUES (1, '카자흐스탄', 'Kazakhstan', '카자흐스탄', 7)"
    )
    db.execute("INSERT INTO terms_ko_fts (rowid, keys) VALUES (1, ?)", [korean.index_keys("카자흐스탄")])
    db.execute("INSERT INTO terms_en_fts (rowid, en) VALUES (1, 'Kazakhstan')")
    db.close()

    monkeypatch.setattr(kotm.migrations, "MIGRATIONS", MIGRATIONS)
    db = open_db(db_path)
    assert schema_version(db) == len(MIGRATIONS)
    assert [s.id for s in iter_segments(db, query="협력")] == [1]
    assert [s.id for s in iter_segments(db, query="kazakhstan")] == [2]
    assert [h.term.en for h in lookup(db, "카자흐스탄과의")] == ["Kazakhstan"]
    assert [m.segment.id for m in match(db, "양국은 사법분야 협력을 강화하기로 했습니다.")] == [1]
    assert [m.segment.id for m in match(db, "Exchanges with Kazakhstan grew.", lang="en")] == [2]
    for lang, fts in (("ko", "segments_ko_fts"), ("en", "segments_en_keys_fts")):
        db.execute(f"CREATE VIRTUAL TABLE temp.v_{lang} USING fts5vocab(main, {fts}, 'row')")
        assert dict(db.execute(f"SELECT key, n FROM segments_{lang}_keys")) == dict(
            db.execute(f"SELECT term, doc FROM temp.v_{lang}")
        )
    assert set(dict(db.execute("SELECT key, n FROM segments_en_keys"))) == set(
        " ".join(en_keys(en) for _, en in old).split()
    )
    change = edit_segment(db, 2, en="Exchanges with Kazakhstan are growing.")
    history.undo(db, change)
    assert [s.en for s in iter_segments(db, query="kazakhstan")] == ["Exchanges with Kazakhstan grow."]


def test_a_query_holding_the_keys_apart_is_not_a_hit(db_path):
    """The index finds segments holding every key of a query; only those holding the query itself are returned."""
    from kotm.queries import iter_segments

    db = open_db(db_path)
    add_segments(db, [Segment("국제협정과 경제협력", "Apart."), Segment("국제협력센터", "Together.")])
    found = db.execute(
        "SELECT count(*) FROM segments_ko_fts WHERE segments_ko_fts MATCH ?", [match_expression("국제협력")]
    )
    assert found.fetchone() == (2,)  # 국제, 제협 and 협력 are all in the first, not in a row
    assert [s.en for s in iter_segments(db, query="국제협력")] == ["Together."]
    assert [s.en for s in iter_segments(db, query="국제 협력")] == ["Together."]
    assert [s.en for s in iter_segments(db, query="협정과 경제")] == ["Apart."]


def test_list_reads_the_latest_rows_first_without_sorting_them_all(db_path):
    # kotm list at 1M segments: an index on (changed, id) instead of a sort of every row (benchmarks/RESULTS.md).
    from kotm.queries import list_units

    db = open_db(db_path)
    add_segments(
        db, [Segment(f"문장 {i}", f"Sentence {i}.", changed=f"2024-01-{i + 1:02d}T00:00:00Z") for i in range(9)]
    )
    units, total = list_units(db, limit=2)
    assert [u.ko for u in units] == ["문장 8", "문장 7"] and total == 9
    for table in ("segments", "terms"):
        plan = " ".join(
            r[3]
            for r in db.execute(f"EXPLAIN QUERY PLAN SELECT * FROM {table} ORDER BY changed DESC, id DESC LIMIT 20")
        )
        assert f"{table}_changed" in plan and "TEMP B-TREE" not in plan, plan
