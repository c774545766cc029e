"""Issue 15: predicate terms in any conjugation, homographs, one-syllable and Latin-script terms, in a real database
file (and, for entries the store cannot hold yet, through look-ups built in memory)."""

import pytest

from kotm.glossary.lookup import LEMMA, STEM, lookup
from kotm.glossary.recognize import scan
from kotm.keys import analyse_term
from kotm.keys import term_lemma_key as term_analysis_key
from kotm.store import add_terms, open_db
from kotm.units import Term

GLOSSARY = [
    ("개최하다", "host"),
    ("강화하다", "strengthen"),
    ("돕다", "help"),
    ("아름답다", "beautiful"),
    ("협력하다", "cooperate"),
    ("중요하다", "important"),
    ("정의", "definition"),
    ("정의하다", "define"),
    ("서울", "Seoul"),
    ("도로", "road"),
    ("말", "horse"),
    ("수도", "capital"),
    ("사과", "apple"),
    ("차", "tea"),
    ("안", "proposal"),
    ("국", "soup"),
    ("가나", "Ghana"),
    ("이란", "Iran"),
    ("한", "Han"),
    ("협력", "cooperation"),
    ("방문", "visit"),
    ("잠금 해제를 하다", "unlock"),
    ("책임을 지다", "take responsibility"),
    ("선택하다", "select"),
    ("노드", "node"),
]


@pytest.fixture
def db(db_path):
    db = open_db(db_path)
    add_terms(db, [Term(ko, en) for ko, en in GLOSSARY])
    yield db
    db.close()


def found(db, text, **kw):
    return [(f.text, f.terms[0].ko) for f in scan(db, text, **kw)]


@pytest.mark.parametrize(
    ("ko", "key"),
    [
        ("개최하다", "개최/N 하/P"),
        ("개최되다", "개최/N 하/P"),
        ("돕다", "돕/P"),
        ("아름답다", "아름답/P"),
        ("책임을 지다", "책임/N 지/P"),
        ("잠금 해제를 하다", "잠그/P ᄆ/E 해제/N 하/P"),
        ("협력", ""),
        ("바다", ""),
        ("5G", ""),
    ],
)
def test_term_analysis_key(ko, key):
    assert term_analysis_key(ko) == key


def test_term_kinds():
    assert [analyse_term(k).kind for k in ("개최하다", "협력", "API")] == ["predicate", "noun", "latin"]


@pytest.mark.parametrize(
    ("text", "span", "ko"),
    [
        ("서울에서 개최할 예정이다", "개최할", "개최하다"),
        ("올림픽을 개최했다", "개최했", "개최하다"),
        ("회의를 개최하기로 했다", "개최하", "개최하다"),
        ("회의를 개최하는 도시", "개최하", "개최하다"),
        ("서울에서 개최된 회의", "개최된", "개최하다"),
        ("회의는 서울에서 개최됩니다", "개최됩니다", "개최하다"),
        ("회의를 개최하십시오", "개최하", "개최하다"),
        ("회의를 개최해", "개최해", "개최하다"),
        ("양국은 협력을 강화했다", "강화했", "강화하다"),
        ("친구를 도울 생각이다", "도울", "돕다"),
        ("친구를 도와 주었다", "도와", "돕다"),
        ("아름다운 도시", "아름다운", "아름답다"),
        ("중요한 문제", "중요한", "중요하다"),
        ("잠금 해제를 했다", "잠금 해제를 했", "잠금 해제를 하다"),
        ("그가 책임을 진다", "책임을 진다", "책임을 지다"),
        ("선택된 노드", "선택된", "선택하다"),
    ],
)
def test_predicate_in_any_conjugation(db, text, span, ko):
    assert (span, ko) in found(db, text)


def test_longest_and_most_specific_entry_wins(db):
    """With both 협력 and 협력하다, 협력하기로 reports 협력하다; without 협력하다, the noun."""
    assert found(db, "협력하기로 했다") == [("협력하", "협력하다")]
    assert found(db, "협력하기로 했다", lookups=None) == [("협력하", "협력하다")]


def test_noun_before_deriving_suffix_counts_without_the_verb(builtin_db):
    assert ("협력", "협력") in found(builtin_db, "양국은 협력하기로 했다")


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("그는 집으로 도로 돌아갔다", "도로"),
        ("가나요?", "가나"),
        ("할 수도 있다", "수도"),
        ("협력이란 무엇인가", "이란"),
        ("한반도의 평화", "한"),
        ("안전하게 운전하세요", "안"),
        ("그러면 안 된다", "안"),
        ("그가 말했다", "말"),
        ("도움말을 보세요", "말"),
        ("제1차 회의와 4차 회의", "차"),
        ("그는 사과했다", "사과"),
        ("양 국 정상", "국"),
        ("차량 속도로 달렸다", "도로"),
    ],
)
def test_homographs_and_one_syllable_terms_do_not_fire(db, text, absent):
    assert absent not in [ko for _, ko in found(db, text)]


@pytest.mark.parametrize(
    ("text", "present"),
    [
        ("차를 마셨다", "차"),
        ("말을 탔다", "말"),
        ("사과를 먹었다", "사과"),
        ("도로를 넓혔다", "도로"),
        ("수도 서울", "수도"),
        ("서울을 방문했다", "방문"),
    ],
)
def test_the_nouns_themselves_are_found(db, text, present):
    assert present in [ko for _, ko in found(db, text)]


def test_lookup_of_an_inflected_form_finds_the_dictionary_form(db):
    hits = lookup(db, "개최할")
    assert (hits[0].term.ko, hits[0].match) == ("개최하다", LEMMA)
    hits = lookup(db, "정의하는")
    assert (hits[0].term.ko, hits[0].term.en, hits[0].match) == ("정의하다", "define", LEMMA)
    assert any(h.term.ko == "정의" and h.match == STEM for h in hits)


def test_english_inflection(db):
    text = "Seoul hosted it in 2019 and is hosting it again; it hosts many. Korea strengthened ties."
    kos = [ko for _, ko in found(db, text)]
    assert kos.count("개최하다") == 3
    assert "강화하다" in kos
    assert ("horses", "말") in found(db, "Two horses helped")
    assert ("helped", "돕다") in found(db, "Two horses helped")


def test_latin_script_terms(memory_lookups):
    lookups = memory_lookups([("API", "API"), ("GPU", "GPU"), ("5G", "5G"), ("MOU", "MOU"), ("Wi-Fi", "Wi-Fi")])

    def kos(text):
        return [(f.text, f.terms[0].ko) for f in scan(None, text, lookups=lookups)]

    assert kos("세계 최초 5G를 상용화했다") == [("5G", "5G")]
    assert kos("양국은 MOU를 체결했다") == [("MOU", "MOU")]
    assert kos("GPU로 계산한다") == [("GPU", "GPU")]
    assert kos("Wi-Fi를 켜세요") == [("Wi-Fi", "Wi-Fi")]
    assert kos("API 문서") == [("API", "API")]
    assert kos("5GB 용량, 5GHz 대역, GPUParticles2D 노드") == []


def test_offsets_select_the_text_they_name(db, builtin_db):
    for d, text in [
        (db, "그가  말을 탔다.   도로를 넓혔다"),
        (builtin_db, "양국은  카자흐스탄과의   전략적 동반자 관계를 강화하기로 했다."),
        (db, "차량이 속도로 달렸고  도로를 넓혔다"),
    ]:
        hits = scan(d, text)
        assert hits
        for f in hits:
            assert text[f.start : f.end] == f.text
    assert [f.text for f in scan(db, "차량이 속도로 달렸고  도로를 넓혔다")] == ["도로"]


def test_decomposed_text_offsets(db):
    import unicodedata

    text = unicodedata.normalize("NFD", "서울에서 개최할 예정")
    hits = scan(db, text)
    assert [f.terms[0].ko for f in hits] == ["서울", "개최하다"]
    for f in hits:
        assert text[f.start : f.end] == f.text


def test_scope(builtin_db):
    everything = found(builtin_db, "정상 작동 여부를 확인하세요")
    assert ("정상", "정상") in everything
    domains = {t.domain for f in scan(builtin_db, "정상 작동") for t in f.terms}
    assert found(builtin_db, "정상 작동 여부를 확인하세요", domains={"software"}) == []
    assert found(builtin_db, "정상 작동", domains=domains) == everything[:1]
    assert lookup(builtin_db, "정상", domains={"software"}) == []


def test_one_long_line_is_linear(builtin_db):
    import time

    line = "양국은 카자흐스탄과의 전략적 동반자 관계를 강화하기로 했다. " * 1000
    t0 = time.perf_counter()
    many = sum(len(scan(builtin_db, line[i : i + 60])) for i in range(0, 60000, 60))
    per_lines = time.perf_counter() - t0
    t0 = time.perf_counter()
    one = len(scan(builtin_db, line))
    whole = time.perf_counter() - t0
    assert one >= 3000 and many > 0
    assert whole < max(3 * per_lines, 2.0)
