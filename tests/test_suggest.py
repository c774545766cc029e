"""Did you mean: suggestions from the memory's own words when a search finds nothing (kotm.tm.suggest)."""

from kotm import api
from kotm.tm.suggest import jamo, suggest


def test_a_jamo_edit_is_closer_than_a_syllable_edit():
    from rapidfuzz.distance import OSA

    # By syllables both are one edit; by jamo the changed vowel is one, the changed consonant and vowel two.
    assert OSA.distance(jamo("카자흐스턴"), jamo("카자흐스탄")) == 1
    assert OSA.distance(jamo("카자흐스턴"), jamo("카자흐스쿤")) == 2
    assert OSA.distance("카자흐스턴", "카자흐스탄") == OSA.distance("카자흐스턴", "카자흐스쿤") == 1


def test_korean_and_english_suggestions(builtin_db):
    assert suggest(builtin_db, "카자흐스턴") == ["카자흐스탄"]
    assert suggest(builtin_db, "Kazakstan") == ["Kazakhstan"]
    assert suggest(builtin_db, "kazakstan") == ["kazakhstan"]
    assert suggest(builtin_db, "전략적 동반자 관게")[0] == "전략적 동반자 관계"
    assert suggest(builtin_db, "완전히다른말") == []


def test_search_result_carries_suggestions_only_when_nothing_is_found(builtin_db):
    assert api.search(builtin_db, "카자흐스턴").suggestions == ["카자흐스탄"]
    assert api.search(builtin_db, "카자흐스탄").suggestions == []
    assert api.search(builtin_db, "카자흐스턴", domains={"software"}).suggestions == []


def test_scope_reaches_the_sql(builtin_db):
    from kotm import queries

    expr = '"협력"'
    everything = list(queries.ko_index_hits(builtin_db, expr))
    assert everything and list(queries.ko_index_hits(builtin_db, expr, domains={"software"})) == []
    assert list(queries.ko_index_hits(builtin_db, expr, sources={"summit-2019-04-22"})) == everything
    terms = queries.terms_by_keys(builtin_db, {"정상"}, domains={"diplomacy"})
    assert terms and queries.terms_by_keys(builtin_db, {"정상"}, domains={"software"}) == {}
    match = api.match(builtin_db, "양국은 사법분야 협력을 강화하기로 했습니다.", sources={"elsewhere"})
    assert match.matches == [] and match.terms == []
