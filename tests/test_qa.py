"""kotm.qa: each check finds an error planted in a real sentence of the built-in corpus, with the right suggestion,
and stays quiet on the corpus itself."""

from __future__ import annotations

import pytest

from kotm import api, queries
from kotm.qa import CHECKS, check_unit
from kotm.qa.numbers import en_numbers, ko_numbers
from kotm.qa.particles import disagreements
from kotm.qa.placeholders import placeholders
from kotm.qa.terms import Glossary
from kotm.units import Segment, Term


@pytest.fixture
def glossary(builtin_db):
    return Glossary(queries.iter_term_keys(builtin_db))


def only(unit, check, glossary=None):
    return [f for f in check_unit(unit, CHECKS, glossary) if f.check == check]


def test_the_builtin_corpus_is_clean(builtin_db):
    report = api.check(builtin_db)
    assert report.units == 51
    assert report.findings == [], [f.message for f in report.findings]


def test_term_missing_from_the_target(glossary):
    ko = "양국은 국제 IT 협력센터를 설립하기로 합의했다."
    good = Segment(ko, "The two countries agreed to set up an International IT Cooperation Centre.")
    bad = Segment(ko, "The two countries agreed to set up a centre for IT.")
    assert only(good, "term", glossary) == []
    [f] = only(bad, "term", glossary)
    assert f.suggestion == "International IT Cooperation Centre"
    assert ko[slice(*f.spans["ko"][0])] == "국제 IT 협력센터"


def test_term_matched_with_inflection_on_both_sides(glossary):
    # 협력센터를 satisfies 협력센터 (en→ko); "hosted" satisfies host (ko→en, 개최하다 by its lemma in 개최했다).
    en = "The International IT Cooperation Centre will open."
    assert only(Segment("국제 IT 협력센터를 연다.", en, source_lang="en"), "term", glossary) == []
    [f] = only(Segment("국제 IT 센터를 연다.", en, source_lang="en"), "term", glossary)
    assert f.suggestion == "국제 IT협력센터" and f.spans["en"]


def test_forbidden_rendering(tmp_path):
    db = api.open_or_create(tmp_path / "f.db")
    api.add_term(db, "누르술탄", "Nursultan", status="forbidden")
    api.add_term(db, "누르술탄", "Nur-Sultan", status="preferred")
    glossary = Glossary(queries.iter_term_keys(db))
    [f] = only(Segment("정상회담은 누르술탄에서 열렸다.", "The summit was held in Nursultan."), "forbidden", glossary)
    assert f.suggestion == "Nur-Sultan" and "forbidden" in f.message
    assert f.en[slice(*f.spans["en"][0])] == "Nursultan"
    assert only(Segment("정상회담은 누르술탄에서 열렸다.", "The summit was held in Nursultan."), "term", glossary) == []
    assert (
        only(Segment("정상회담은 누르술탄에서 열렸다.", "The summit was held in Nur-Sultan."), "forbidden", glossary)
        == []
    )


@pytest.mark.parametrize(
    ("ko", "en"),
    [
        ("2019년 4월 22일", "on 22 April 2019"),
        ("수교 30주년", "the 30th anniversary of relations"),
        ("3만 명", "30,000 people"),
        ("1억 2천만 달러", "120,000,000 dollars"),
        ("1억 2천만 달러", "120 million dollars"),
        ("１，０００개", "1000 units"),
        ("30% 증가", "a 30 percent rise"),
        ("세 번째 회의", "the third meeting"),
        ("제2차 회의", "the second meeting"),
        ("제2차 회의", "the 2nd meeting"),
    ],
)
def test_numbers_read_as_values(ko, en):
    assert only(Segment(ko, en), "number") == []


def test_number_differs_or_is_on_one_side():
    [f] = only(Segment("2019년 4월 22일 정상회담", "The summit on 22 April 2018"), "number")
    assert f.suggestion == "2019" and f.ko[slice(*f.spans["ko"][0])] == "2019"
    assert f.en[slice(*f.spans["en"][0])] == "2018"
    [f] = only(Segment("3만 명이 참석했다.", "3,000 people attended."), "number")
    assert f.suggestion == "30,000"
    [f] = only(Segment("회의가 열렸다.", "Five hundred and 12 people met."), "number")
    assert "12" in f.message and f.spans["en"]


def test_number_values():
    assert [n.value for n in ko_numbers("1억 2천만 명과 3만 명, 제2차, 30주년")[0]] == [1.2e8, 3e4, 2, 30]
    assert [n.value for n in en_numbers("the 30th, 1.2 million, 2019")[0]] == [30, 1.2e6, 2019]


@pytest.mark.parametrize(
    ("text", "host", "wrong", "right"),
    [
        ("서버을 다시 시작하세요.", "서버", "을", "를"),
        ("협력센터은 문을 열었다.", "협력센터", "은", "는"),
        ("카자흐스탄와 협력한다.", "카자흐스탄", "와", "과"),
        ("서울으로 간다.", "서울", "으로", "로"),
        ("파일로 저장하고 책로 읽는다.", "책", "로", "으로"),
        ("사과이나 배를", "사과", "이나", "나"),  # 이나 after a vowel, as the analyser reads it here
        ("커피이랑 빵", "커피", "이랑", "랑"),
        ("5G을 쓴다.", "5G", "을", "를"),
        ("IT은 중요하다.", "IT", "은", "는"),
        ("URL를 연다.", "URL", "를", "을"),
        ("2019년는 좋았다.", "2019년", "는", "은"),
        ("3를 더한다.", "3", "를", "을"),
        ("10를 뺀다.", "10", "를", "을"),
    ],
)
def test_particle_disagreement(text, host, wrong, right):
    [d] = [d for d in disagreements(text) if d.host == host]
    assert (d.text, d.suggestion) == (wrong, right)
    assert text[d.start : d.end] == wrong


def test_particles_that_agree_or_are_no_particles():
    ok = "서버를 협력센터는 서울로 5G를 URL을 IT는 2019년은 3을 10을 국가 경로 사이 먹는 있는 나은 GET은 IDLE은 사과나"
    assert disagreements(ok) == []


def test_particle_finding_suggests_the_word():
    [f] = only(Segment("서버을 다시 시작하세요.", "Restart the server."), "particle")
    assert f.suggestion == "서버를" and f.spans["ko"] == [(2, 3)]


def test_placeholders():
    assert [p.text for p in placeholders("%(n)d개 {0} %1$s ${HOME} <b>굵게</b> \\n, 50%를 <비어 있음>")] == [
        "%(n)d",
        "{0}",
        "%1$s",
        "${HOME}",
        "<b>",
        "</b>",
        "\\n",
    ]
    [f] = only(Segment("파일 %s을(를) 열 수 없습니다", "Cannot open file %s: %d", source_lang="en"), "placeholder")
    assert "%d" in f.message and f.spans["en"] and "keep %d" in f.suggestion
    assert only(Segment("<b>%s</b> 파일", "<b>%s</b> file", source_lang="en"), "placeholder") == []
    [f] = only(Segment("함수 '%s'의 인수 %d", "Argument %d of function '%s'", source_lang="en"), "placeholder")
    assert "another order" in f.message and "%1$s" in f.suggestion
    assert (
        only(Segment("함수 '%2$s'의 인수 %1$d", "Argument %1$d of function '%2$s'", source_lang="en"), "placeholder")
        == []
    )
    # a percentage in Korean is no printf placeholder
    assert only(Segment("3.5%p 증가, 100%의 확률", "a rise of 3.5 points, 100% sure"), "placeholder") == []


def test_tmx_inline_codes():
    unit = Segment(
        "굵게", "bold", ko_markup="굵게", en_markup='<bpt i="1">&lt;b&gt;</bpt>bold<ept i="1">&lt;/b&gt;</ept>'
    )
    [f] = only(unit, "placeholder")
    assert "inline codes" in f.message


def test_untranslated():
    [f] = only(Segment("", "Open the file", source_lang="en"), "untranslated")
    assert "empty" in f.message
    [f] = only(Segment("Open the file", "Open the file", source_lang="en"), "untranslated")
    assert "as it is" in f.message
    [f] = only(Segment("Ouvrir le fichier", "Open the file", source_lang="en"), "untranslated")
    assert "no Hangul" in f.message
    [f] = only(Segment("파일을 엽니다", "파일을 엽니다 now"), "untranslated")
    assert "Hangul" in f.message
    for kept in ("Godot", "``print()``", ">>> x = 1", "HTTP/2", "3.14"):
        assert only(Segment(kept, kept, source_lang="en"), "untranslated") == []


def test_inconsistent_in_the_memory(tmp_path):
    db = api.open_or_create(tmp_path / "i.db")
    a = api.add_segment(db, "회의가 열렸다.", "The meeting was held.").id
    b = api.add_segment(db, "회의가 열렸다!", "A meeting took place.").id  # loose: the same source
    c = api.add_segment(db, "회의가  열렸다.", "The meeting was held").id  # the same once spacing is set aside
    report = api.check(db, checks="inconsistent")
    assert [f.check for f in report.findings] == []  # stored texts differ: the memory compares them exactly
    d = api.add_segment(db, "회의가 열렸다.", "The conference was held.").id
    report = api.check(db, checks=["inconsistent"])
    [f] = report.findings
    assert {m["id"] for m in f.group} == {a, d} and f.id == a
    assert b and c


def test_inconsistent_in_a_file(tmp_path):
    path = tmp_path / "t.tsv"
    path.write_text(
        "en\tko\nEnable the filter\t필터 켜기\nDisable the filter\t필터 켜기\nSave\t저장\nSave\t저장하기\n",
        encoding="utf-8",
    )
    report = api.check(api.open_or_create(tmp_path / "x.db"), files=[path], checks="inconsistent")
    lines = sorted(tuple(m["line"] for m in f.group) for f in report.findings)
    assert lines == [(2, 3), (4, 5)]


def test_check_names():
    assert api.check_names("number, particle") == ("number", "particle")
    with pytest.raises(Exception, match="unknown check"):
        api.check_names("numbers")


def test_report_to_dict(builtin_db):
    data = api.check(builtin_db, checks="number").to_dict()
    assert data["counts"] == {"number": 0} and data["units"] == 51 and data["findings"] == []


def test_term_status_round_trips(tmp_path):
    from kotm import formats

    terms = [Term("누르술탄", "Nursultan", status="forbidden"), Term("누르술탄", "Nur-Sultan", status="preferred")]
    for name in ("glossary.tbx", "glossary.tsv", "glossary.csv"):
        out = tmp_path / name
        formats.export(terms, out, formats.format_for(out))
        api.create(tmp_path / f"{name}.db", empty=True)
        db = api.open_existing(tmp_path / f"{name}.db")
        api.import_files(db, [out], terms=True)
        statuses = {(t.en, t.status) for t in queries.iter_terms(db) if t.ko == "누르술탄"}
        assert {("Nursultan", "forbidden"), ("Nur-Sultan", "preferred")} <= statuses, name
