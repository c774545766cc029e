import json

from click.testing import CliRunner

from kotm.cli import cli


def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_search_table_shows_both_sides():
    result = run("search", "카자흐스탄과", "--limit", "1")
    assert result.exit_code == 0
    assert "카자흐스탄과" in result.stdout and "Kazakhstan" in result.stdout
    assert "1 segment shown; more match" in result.stderr or "1 of 1 segment\n" in result.stderr


def test_search_json():
    hits = json.loads(run("search", "협력", "--json", "--limit", "50").stdout)
    assert {"id", "ko", "en", "source", "ko_spans", "match"} <= set(hits[0])
    assert hits[0]["match"] == "word"
    assert any("협력하기로" in h["ko"] for h in hits)
    assert any("국제 IT협력센터" in h["ko"] for h in hits)
    start, end = hits[0]["ko_spans"][0]
    assert hits[0]["ko"][start:end] == "협력"


def test_search_english_and_lang_override():
    hits = json.loads(run("search", "Nur-Sultan", "--json").stdout)
    assert hits and all("Nur-Sultan" in h["en"] for h in hits)
    assert json.loads(run("search", "5G", "--lang", "ko", "--json").stdout)


def test_no_hits_is_not_an_error():
    result = run("search", "없는말없는말")
    assert result.exit_code == 0 and result.stdout == "" and "No segments" in result.stderr


def test_empty_query_is_an_error():
    result = run("search", " ")
    assert result.exit_code == 1 and result.stderr.splitlines()[-1].startswith("Error: ")


def test_bad_limit_is_a_usage_error():
    assert run("search", "협력", "--limit", "0").exit_code == 2


def test_a_korean_query_not_found_is_searched_without_its_particles():
    result = run("search", "카자흐스탄과의", "--limit", "3")
    assert result.exit_code == 0
    assert "No segments contain '카자흐스탄과의'; showing those with '카자흐스탄'." in result.stderr
    assert "카자흐스탄" in result.stdout
    hits = json.loads(run("search", "전략적 동반자 관계로서", "--json").stdout)
    assert hits and all("전략적 동반자 관계" in h["ko"] for h in hits)
    assert json.loads(run("search", "없는말로서", "--json").stdout) == []
