import json

from click.testing import CliRunner

from kotm.cli import cli


def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_term_json():
    hits = json.loads(run("term", "누르술탄에서", "--json").stdout)
    assert hits[0]["ko"] == "누르술탄" and hits[0]["en"] == "Nur-Sultan" and hits[0]["match"] == "stem"
    assert "Astana" in hits[0]["note"]


def test_term_table():
    result = run("term", "strategic partnership")
    assert result.exit_code == 0 and "전략적 동반자 관계" in result.stdout


def test_unknown_term():
    result = run("term", "없는용어")
    assert result.exit_code == 0 and "No glossary entry" in result.stderr


def test_an_inflected_english_query_is_a_lemma_match_and_hyphens_are_spacing():
    """`term summits` is summit inflected (lemma), not a term that merely contains the word; `term "Nur Sultan"` is
    Nur-Sultan exactly, hyphen aside."""
    hits = json.loads(run("term", "summits", "--json").stdout)
    assert {h["en"]: h["match"] for h in hits}["summit"] == "lemma"
    assert {h["en"]: h["match"] for h in hits}["summit declaration"] == "starts"
    assert [(h["en"], h["match"]) for h in json.loads(run("term", "Nur Sultan", "--json").stdout)] == [
        ("Nur-Sultan", "exact")
    ]
