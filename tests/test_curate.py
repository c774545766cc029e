"""Duplicate finding and merging (kotm.tm.curate), on our own cases and on real files from ../shared/corpora/."""

import pytest

from kotm import changelog, history, queries, store
from kotm.api import dedupe, select
from kotm.store import open_db
from kotm.tm.concordance import search
from kotm.tm.curate import find_duplicates, fold, loose
from kotm.units import Segment, Term


@pytest.fixture
def db(db_path):
    db = open_db(db_path)
    yield db
    db.close()


def tmx_date(stamp: str) -> str:
    """20241017T095235Z → 2024-10-17T09:52:35Z"""
    return f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}T{stamp[9:11]}:{stamp[11:13]}:{stamp[13:15]}Z" if stamp else ""


def read_omegat_tmx(path):
    """A small TMX 1.1 reader for the test (en → ko, `lang` attributes, dates on the Korean tuv)."""
    from lxml import etree

    for tu in etree.parse(str(path)).iter("tu"):
        texts, meta = {}, {}
        for tuv in tu.iter("tuv"):
            texts[tuv.get("lang").lower()] = tuv.findtext("seg")
            if tuv.get("changedate"):
                meta = dict(tuv.attrib)
        yield Segment(
            texts["ko"],
            texts["en"],
            source=path.name,
            creator=meta.get("creationid", ""),
            created=tmx_date(meta.get("creationdate", "")),
            changed=tmx_date(meta.get("changedate", "")),
            changer=meta.get("changeid", ""),
        )


def read_omegat_glossary(path):
    """OmegaT's glossary: a comment line, then english<TAB>korean rows."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            en, ko = line.split("\t")[:2]
            yield Term(ko, en, source=path.name)


def test_fold_and_loose():
    assert fold("협력（안）：　MOU  체결") == "협력(안): MOU 체결"
    assert fold("\u1112\u1161\u11ab") == "한"
    assert loose("Tactics!") == loose("tactics") == "tactics"
    assert loose("<1>GitHub</1>") != loose("<0>GitHub</0>")  # markup is not punctuation


def test_width_variants_are_exact_duplicates_and_merge_keeps_the_newest(db):
    store.add_segments(
        db,
        [
            Segment(
                "협력(안): 검토 중",
                "Cooperation (draft): under review",
                source="a",
                note="old",
                changed="2020-01-01T00:00:00Z",
            ),
            Segment(
                "협력（안）： 검토 중",
                "Cooperation (draft): under review",
                source="b",
                domain="law",
                changed="2024-01-01T00:00:00Z",
            ),
            Segment(
                "협력(안): 검토 중", "cooperation (draft) under review", source="a", changed="2021-01-01T00:00:00Z"
            ),
            Segment("협력", "cooperation"),
        ],
    )
    [group] = find_duplicates(db, near=False)
    assert (group.kind, group.keep.id, [u.id for u in group.drop]) == ("exact", 2, [1])
    [group] = find_duplicates(db)
    assert (group.kind, group.keep.id, [u.id for u in group.drop]) == ("near", 2, [3, 1])
    report = dedupe(db, near=True)
    assert report.removed == 2 and db["segments"].count == 2
    kept = queries.get_segments(db, [2])[2]
    assert (kept.ko, kept.source, kept.domain, kept.note) == ("협력（안）： 검토 중", "b; a", "law", "old")
    assert kept.changer == "tester"
    assert [h.segment.id for h in search(db, "검토").hits] == [2]
    change = changelog.get_change(db, report.change)
    assert (change.action, change.summary) == ("merge", "1 groups of duplicates; removed segments 1, 3")


def test_a_shared_digest_alone_does_not_make_duplicates(db, monkeypatch):
    """Units are first grouped by a 64-bit digest of their key: with every digest the same (as if all collided),
    the groups found are still those of equal keys."""
    import kotm.tm.curate

    store.add_segments(
        db,
        [
            Segment("협력", "cooperation"),
            Segment("협력", "Cooperation."),
            Segment("협의", "consultation"),
            Segment("합의", "agreement"),
            Segment("합의", "Agreement!"),
            Segment("합의", "AGREEMENT"),
        ],
    )
    expected = [(g.keep.id, [u.id for u in g.drop]) for g in find_duplicates(db)]
    assert expected == [(2, [1]), (6, [5, 4])]

    class Same:  # every text hashes alike
        def __init__(self, data, digest_size):
            self.size = digest_size

        def digest(self):
            return bytes(self.size)

    monkeypatch.setattr(kotm.tm.curate, "hashlib", type("hashlib", (), {"blake2b": Same}))
    assert [(g.keep.id, [u.id for u in g.drop]) for g in find_duplicates(db)] == expected


def test_dry_run_changes_nothing(db):
    store.add_segments(db, [Segment("가나", "Ab"), Segment("가나", "ab")])
    report = dedupe(db, dry_run=True, near=True)
    assert report.removed == 1 and report.change is None
    assert db["segments"].count == 2 and changelog.changes(db)[0].action == "add"


def test_omegat_tmx_near_duplicates_merge_and_undo(db, shared):
    path = shared / "corpora/tmx/lean4game-ko.project_save.tmx"
    # Two units are English on both sides ("CPU"): kotm refuses Korean without Hangul.
    units = [u for u in read_omegat_tmx(path) if any("가" <= ch <= "힣" for ch in u.ko)]
    assert len(units) == 126
    store.add_segments(db, units)
    groups = find_duplicates(db)
    pairs = sorted((g.keep.en, [u.en for u in g.drop]) for g in groups)
    assert pairs == [
        ("Levels", ["levels"]),
        ("tactics", ["Tactics"]),
        ("view the Lean game server on Github", ["view the Lean game server on GitHub"]),
    ]
    assert all(g.kind == "near" for g in groups)
    # The source that occurs twice with different markup (…</0> and …</1>) holds two different segments.
    feel_free = [u for u in units if u.en.startswith("Feel free to file")]
    assert len(feel_free) == 2
    assert not any(g.keep.en.startswith("Feel free") for g in groups)
    # The newest is kept: "tactics" was changed on 2024-10-17, "Tactics" on 2024-10-14.
    tactics = next(g for g in groups if g.keep.en == "tactics")
    assert tactics.keep.changed == "2024-10-17T04:40:55Z" and tactics.drop[0].changed == "2024-10-14T06:29:31Z"
    before = sorted(tuple(r.values()) for r in db.query("SELECT * FROM segments"))
    listed = dedupe(db)  # near duplicates are listed, not merged, unless asked
    assert listed.removed == 0 and len(listed.review) == 3 and db["segments"].count == 126
    report = dedupe(db, near=True)
    assert report.removed == 3 and db["segments"].count == 123
    assert find_duplicates(db) == []
    assert len(select(db, "segments", query="Feel free to file")) == 2
    history.undo(db, report.change)
    assert sorted(tuple(r.values()) for r in db.query("SELECT * FROM segments")) == before


def test_omegat_glossary_exact_duplicates(db, shared):
    path = shared / "corpora/glossary/lean4game-ko.glossary.txt"
    terms = list(read_omegat_glossary(path))
    assert len(terms) == 166
    result = store.add_terms(db, terms)
    # The 3 exact duplicate rows (Markdown, quiz, sentence) are folded on the way in: they cannot be stored twice.
    assert (len(result.added), len(result.existing)) == (163, 3)
    assert find_duplicates(db, "terms") == []
    # A copy typed with full-width brackets (a common IME slip) is an exact duplicate after normalisation.
    original = next(t for t in terms if t.ko == "선언(選言)")
    store.add_terms(db, [Term("선언（選言）", original.en, domain="logic", source="typed")])
    [group] = find_duplicates(db, "terms")
    assert group.kind == "exact" and {group.keep.ko, group.drop[0].ko} == {"선언(選言)", "선언（選言）"}
    report = dedupe(db, "terms")
    assert report.removed == 1 and db["terms"].count == 163
    merged = queries.fetch_rows(db, "terms", [group.keep.id])[group.keep.id]
    assert merged["domain"] == "logic" and set(merged["source"].split("; ")) == {"typed", path.name}


def test_near_duplicates_are_listed_not_merged_and_korean_spacing_variants_are_near(db):
    store.add_segments(
        db,
        [
            Segment("확인", "OK"),
            Segment("확인", "Ok"),
            Segment("취소됨", "canceled"),
            Segment("취소됨", "Canceled"),
            Segment("환대에 감사드립니다.", "Thank you for your hospitality."),
            Segment("환대에 감사드립니다.", "Thank you for your hospitality!"),
            Segment("신북방 정책", "New Northern Policy"),
            Segment("신북방정책", "New Northern Policy"),
            Segment("정상 회담", "summit"),
            Segment("정상회담", "summit"),
            Segment("정상회담", "summit "),  # an exact duplicate of the one before (spacing): merged
        ],
    )
    report = dedupe(db)
    assert [(g.kind, g.keep.id, [u.id for u in g.drop]) for g in report.groups] == []
    listed = sorted((g.keep.ko, g.keep.en, sorted((u.ko, u.en) for u in g.drop)) for g in report.review)
    assert len(listed) == 5
    assert ("신북방정책", "New Northern Policy", [("신북방 정책", "New Northern Policy")]) in listed
    assert any(ko == "정상회담" for ko, _, _ in listed) and any(en == "Ok" or en == "OK" for _, en, _ in listed)
    assert db["segments"].count == 10  # nothing merged (the last two are one row: spacing is never stored twice)
    merged = dedupe(db, near=True)
    assert merged.removed == 5 and db["segments"].count == 5


def test_an_exact_pair_inside_a_near_group_is_merged_and_the_rest_listed(db):
    store.add_segments(
        db,
        [
            Segment("협력（안）", "Cooperation", changed="2020-01-01T00:00:00Z"),
            Segment("협력(안)", "Cooperation", changed="2021-01-01T00:00:00Z"),
            Segment("협력(안)", "cooperation", changed="2022-01-01T00:00:00Z"),
        ],
    )
    report = dedupe(db)
    [group] = report.groups
    assert (group.kind, group.keep.en, [u.ko for u in group.drop]) == ("exact", "Cooperation", ["협력（안）"])
    [near] = report.review
    assert {near.keep.en, near.drop[0].en} == {"Cooperation", "cooperation"}
    assert report.removed == 1 and db["segments"].count == 2
