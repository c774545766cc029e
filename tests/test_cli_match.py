import json

from click.testing import CliRunner

from kotm.cli import cli


def run(*args, **kw):
    return CliRunner().invoke(cli, list(args), **kw)


def test_match_json_has_matches_and_terms():
    data = json.loads(run("match", "양국은 사법분야 협력을 강화하기로 했습니다.", "--json").stdout)
    assert data["matches"][0]["score"] > 95
    assert {"ko", "en", "score", "id", "diff"} <= set(data["matches"][0])
    terms = {t["ko"]: t for t in data["terms"]}
    assert terms["사법분야 협력"]["en"] == "judicial cooperation"
    assert {"start", "end"} <= set(terms["사법분야 협력"])


def test_match_table_marks_differences():
    result = run("match", "양국은 사법분야 협력을 강화하기로 했습니다.")
    assert result.exit_code == 0
    assert "[-협력을-]{+협력도+}" in result.stdout and "judicial cooperation" in result.stdout


def test_no_match():
    result = run("match", "전혀 관계없는 문장이다.", "--min-score", "90")
    assert result.exit_code == 0 and "No match" in result.stderr


def test_batch_from_stdin():
    text = "양국은 사법분야 협력을 강화하기로 했습니다.\n\nThe two countries also agreed to strengthen judicial cooperation.\n"
    data = json.loads(run("match", "-", "--json", input=text).stdout)
    assert [d["text"][:3] for d in data] == ["양국은", "The"]
    assert all(d["matches"] for d in data)


def test_bad_min_score():
    assert run("match", "협력", "--min-score", "101").exit_code == 2
