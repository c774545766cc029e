"""The change log and undo (kotm.history) with the store's edit and delete: indexes stay in step throughout."""

import pytest

from kotm import changelog, history, queries, store
from kotm.errors import InputError, NotFound
from kotm.glossary.lookup import lookup
from kotm.store import open_db
from kotm.tm.concordance import search
from kotm.tm.fuzzy import match
from kotm.units import Segment, Term

KO = "양국은 인공지능 분야 협력을 강화하기로 했습니다."
EN = "The two countries agreed to strengthen cooperation in artificial intelligence."


@pytest.fixture
def db(db_path):
    from kotm.api import create

    create(db_path)
    db = open_db(db_path)
    yield db
    db.close()


def ids(db, query, **kw):
    return [h.segment.id for h in search(db, query, limit=None, **kw).hits]


def snapshot(db):
    """Everything a user can see: the rows and what each index finds for them."""
    tables = {t: sorted(tuple(r.values()) for r in db.query(f"SELECT * FROM {t}")) for t in ("segments", "terms")}
    fts = {
        t: sorted(db.execute(f"SELECT rowid FROM {t}_{side}_fts").fetchall())
        for t in ("segments", "terms")
        for side in ("ko", "en")
    }
    return tables, fts, ids(db, "협력"), ids(db, "cooperation")


def test_builtin_load_is_one_change(db):
    [change] = changelog.changes(db)
    assert (change.action, change.user, change.units) == ("add", "tester", 156)
    assert change.summary == "built-in corpus summit-2019-04-22: 51 segments (1–51); 105 terms (1–105)"


def test_edit_then_search_finds_the_new_text_not_the_old(db):
    assert 10 in ids(db, "뜻깊은") and 10 in ids(db, "meaningful")
    change = store.edit_segment(
        db,
        10,
        ko="올해는 양국이 우호조약을 맺은 지 10주년이 되는 해입니다.",
        en="This year marks the tenth anniversary of the friendship treaty.",
    )
    assert change is not None
    assert 10 not in ids(db, "뜻깊은") and 10 not in ids(db, "meaningful")
    assert ids(db, "우호조약") == [10] and ids(db, "friendship treaty") == [10]
    # The fuzzy matcher reads the same indexes.
    assert match(db, "올해는 양국이 우호조약을 맺은 지 10주년이 되는 해입니다.")[0].segment.id == 10
    seg = queries.get_segments(db, [10])[10]
    assert seg.changer == "tester" and seg.changed > "2019-04-22T09:13:00Z"
    assert (seg.note, seg.source, seg.creator) == ("statement", "summit-2019-04-22", "kotm")


def test_edit_term_updates_lookup(db):
    [hit] = lookup(db, "누르술탄")
    store.edit_term(db, hit.term.id, ko="아스타나", en="Astana", note="Renamed back in 2022.")
    assert lookup(db, "누르술탄") == []
    assert [h.term.en for h in lookup(db, "아스타나에서")] == ["Astana"]
    assert [h.term.ko for h in lookup(db, "astana")] == ["아스타나"]
    assert queries.fetch_rows(db, "terms", [hit.term.id])[hit.term.id]["ko_key"] == "아스타나"


def test_edit_metadata_only_and_no_op(db):
    assert store.edit_segment(db, 3, note="report, para 3") is not None
    assert store.edit_segment(db, 3, note="report, para 3") is None  # already so: no change recorded
    assert [c.action for c in changelog.changes(db)] == ["edit", "add"]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"en": "  "}, "English text is empty"),
        ({"ko": ""}, "Korean text is empty"),
        ({"ko": "MOU"}, "holds no Hangul"),
    ],
)
def test_bad_edit_changes_nothing(db, values, message):
    before = snapshot(db)
    with pytest.raises(InputError, match=message):
        store.edit_segment(db, 10, **values)
    assert snapshot(db) == before and len(changelog.changes(db)) == 1


def test_edit_into_a_duplicate_pair_is_refused(db):
    seg = queries.get_segments(db, [11])[11]
    before = snapshot(db)
    with pytest.raises(InputError, match="segment 11 already holds this pair; nothing changed"):
        store.edit_segment(db, 10, ko=seg.ko + " ", en=seg.en)
    assert snapshot(db) == before


def test_unknown_ids(db):
    with pytest.raises(NotFound, match="no segment 999"):
        store.edit_segment(db, 999, en="x")
    with pytest.raises(NotFound, match="no terms 998, 999; nothing changed"):
        store.delete(db, "terms", [1, 998, 999])
    assert db["terms"].count == 105
    with pytest.raises(NotFound, match="no change 99"):
        history.undo(db, 99)


def test_undo_an_edit_restores_text_and_indexes(db):
    before = snapshot(db)
    change = store.edit_segment(db, 10, en="A different English text about friendship.", domain="culture")
    undo = history.undo(db)
    assert (undo.action, undo.undoes) == ("undo", change)
    assert snapshot(db) == before
    assert 10 not in ids(db, "friendship")
    assert changelog.get_change(db, change).undone_by == undo.id


def test_undo_a_delete_brings_back_the_ids(db):
    before = snapshot(db)
    store.delete(db, "segments", [3, 10, 11])
    assert 10 not in ids(db, "뜻깊은") and db["segments"].count == 48
    history.undo(db)
    assert snapshot(db) == before
    assert 10 in ids(db, "뜻깊은")


def test_undo_of_a_multi_unit_add_batch_as_an_import_makes_it(db):
    """An import is add_segments (and add_terms) inside one change: one undo removes it all."""
    before = snapshot(db)
    with changelog.change(db, "import", label="memo.tmx") as rec:
        added = store.add_segments(db, [Segment(KO, EN), Segment("협력은 계속된다.", "Cooperation goes on.")])
        store.add_terms(db, [Term("인공지능", "artificial intelligence")])
    assert added.change == rec.id
    change = changelog.get_change(db, rec.id)
    assert (change.action, change.units, change.summary) == ("import", 3, "memo.tmx: segments 52, 53; term 106")
    assert ids(db, "인공지능") == [52]
    history.undo(db)
    assert snapshot(db) == before
    assert ids(db, "인공지능") == []


def test_undo_redo_and_undo_again(db):
    store.edit_segment(db, 10, en="First edit.")
    first = history.undo(db)
    redo = history.undo(db, first.id)
    assert queries.get_segments(db, [10])[10].en == "First edit."
    assert changelog.get_change(db, first.id).undone_by == redo.id
    assert changelog.get_change(db, first.undoes).undone_by is None
    # The plain undo takes the latest change that is in effect: the edit again.
    again = history.undo(db)
    assert again.undoes == first.undoes
    assert queries.get_segments(db, [10])[10].en.startswith("This year is a meaningful one")
    with pytest.raises(InputError, match=f"change {first.undoes} is already undone"):
        history.undo(db, first.undoes)


def test_undo_refuses_when_a_later_change_touched_the_unit(db):
    first = store.edit_segment(db, 10, en="First edit.")
    second = store.edit_segment(db, 10, en="Second edit.")
    before = snapshot(db)
    with pytest.raises(
        InputError, match=rf"segment 10 has been changed since, by change {second} \(edit\); undo that first"
    ):
        history.undo(db, first)
    with pytest.raises(InputError, match="changed since"):
        history.undo(db, 1)  # the built-in load
    assert snapshot(db) == before
    history.undo(db, second)
    history.undo(db, first)
    assert queries.get_segments(db, [10])[10].en.startswith("This year")


def test_undo_of_a_delete_refuses_when_the_pair_was_added_again(db):
    seg = queries.get_segments(db, [10])[10]
    deleted = store.delete(db, "segments", [10])
    again = store.add_segments(db, [Segment(seg.ko, seg.en)]).added
    with pytest.raises(InputError, match=f"stored again as segment {again[0]}"):
        history.undo(db, deleted)


def test_ids_are_never_reused(db):
    added = store.add_segments(db, [Segment(KO, EN)]).added
    assert added == [52]
    store.delete(db, "segments", [52])
    assert store.add_segments(db, [Segment(KO, EN + " Again.")]).added == [53]


def test_history_of_one_unit_with_values_before_and_after(db):
    store.edit_segment(db, 10, en="Edited.")
    store.delete(db, "segments", [10])
    entries = history.row_history(db, "segments", 10)
    assert [e.change.action for e in entries] == ["add", "edit", "delete"]
    add, edit, delete = entries
    assert add.before is None and add.after["en"].startswith("This year")  # an add's values come from the next change
    assert edit.fields == ["en"] and edit.after["en"] == "Edited." and edit.before == add.after
    assert delete.before["en"] == "Edited." and delete.after is None
    assert "pair_key" not in edit.to_dict()["after"]
    with pytest.raises(NotFound):
        history.row_history(db, "segments", 999)


def test_user_comes_from_acting_as_then_env(db, monkeypatch):
    with changelog.acting_as("kim"):
        store.edit_segment(db, 10, note="by kim")
    monkeypatch.setenv("KOTM_USER", "lee")
    store.edit_segment(db, 10, note="by lee")
    assert [c.user for c in changelog.changes(db, limit=2)] == ["lee", "kim"]
    assert queries.get_segments(db, [10])[10].changer == "lee"


def test_a_failed_add_leaves_no_history(db):
    with pytest.raises(InputError):
        store.add_segments(db, [Segment(KO, EN), Segment("MOU", "memorandum")])
    assert len(changelog.changes(db)) == 1 and db["segments"].count == 51


def test_adding_only_known_pairs_records_no_change(db):
    seg = queries.get_segments(db, [1])[1]
    result = store.add_segments(db, [Segment(seg.ko, seg.en)])
    assert result.change is None and len(changelog.changes(db)) == 1


def key_counts_match_the_indexes(db):
    for side, fts in (("ko", "segments_ko_fts"), ("en", "segments_en_keys_fts")):
        db.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.v_{side} USING fts5vocab(main, {fts}, 'row')")
        indexed = dict(db.execute(f"SELECT term, doc FROM temp.v_{side} WHERE doc > 0"))
        assert dict(db.execute(f"SELECT key, n FROM segments_{side}_keys WHERE n > 0")) == indexed
    for fts in ("segments_ko_fts", "segments_en_fts", "segments_en_keys_fts"):
        db.execute(f"INSERT INTO {fts} ({fts}) VALUES ('integrity-check')")


def test_undo_and_redo_of_an_import_bigger_than_a_batch(db):
    """An import's rows are checked one by one but removed (and, undoing the undo, restored) a batch at a time,
    its key counts made again from the indexes: a row changed since still stops it, with nothing changed, and the
    indexes and key counts stay in step."""
    before, builtin = snapshot(db), ids(db, "사업")
    units = [Segment(f"협력 사업 {i}번을 추진하기로 했다.", f"They agreed to pursue project {i}.") for i in range(2500)]
    with changelog.change(db, "import", label="big.tmx") as rec:
        store.add_segments(db, units)
    imported = rec.id
    edit = store.edit_segment(db, 2400, en="Edited since.")  # an import is undone in id order: the third batch
    after_edit = snapshot(db)
    with pytest.raises(InputError, match=rf"segment 2400 has been changed since, by change {edit} \(edit\)"):
        history.undo(db, imported)
    assert snapshot(db) == after_edit  # the two batches removed before segment 2400 was checked are back
    history.undo(db, edit)
    reverted = []
    undo = history.undo(db, imported, progress=lambda done, total: reverted.append((done, total)))
    assert reverted == [(1000, 2500), (2000, 2500), (2500, 2500)]
    assert snapshot(db) == before and ids(db, "사업") == builtin
    key_counts_match_the_indexes(db)
    assert changelog.get_change(db, undo.id).summary == f"undo change {imported} (import): 2,500 segments (52–2551)"
    history.undo(db, undo.id)  # redo: the same ids, found again
    assert sorted(ids(db, "사업")) == sorted(builtin) + list(range(52, 2552)) and ids(db, "project 2000") == [2052]
    key_counts_match_the_indexes(db)
    assert match(db, units[7].ko)[0].segment.id == 59


def test_redo_makes_the_latest_undone_change_again_and_confirm_can_decline(db):
    first = store.add_segments(db, [Segment("첫째 문장이다.", "The first sentence.")]).change
    second = store.add_segments(db, [Segment("둘째 문장이다.", "The second sentence.")]).change
    assert history.undo(db).undoes == second
    assert history.undo(db).undoes == first  # undo after undo steps back, past the undo itself
    asked = []
    assert history.redo(db, confirm=lambda c: asked.append(c) or False) is None
    assert asked[0].undoes == first and queries.count(db, "segments") == 51  # declined: nothing done
    assert history.redo(db).action == "undo"
    assert queries.count(db, "segments") == 52
    history.redo(db)
    assert queries.count(db, "segments") == 53
    with pytest.raises(NotFound, match="nothing to redo"):
        history.redo(db)
