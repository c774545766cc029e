import json

from click.testing import CliRunner

from kotm.cli import cli


def run(*args, **kw):
    return CliRunner().invoke(cli, list(args), **kw)


def test_list_newest_first_with_ids():
    run("add-segment", "인공지능 협력을 강화한다.", "AI cooperation grows.", "--source", "memo", "--domain", "ict")
    result = run("list", "--limit", "2")
    assert result.exit_code == 0 and result.stderr == "2 of 52 segments\n"
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["id", "ko", "en"] and lines[2].startswith("52 ")
    data = json.loads(run("list", "--json", "--source", "memo").stdout)
    assert [(d["id"], d["domain"], d["creator"]) for d in data] == [(52, "ict", "tester")] and "props" not in data[0]


def test_list_filters():
    run("edit", "7", "--note", "edited")
    assert [d["id"] for d in json.loads(run("list", "--json", "--since", "2020-01-01").stdout)] == [7]
    assert len(json.loads(run("list", "--json", "--since", "2019-04-22T09:13:00Z", "--limit", "100").stdout)) == 51
    terms = json.loads(run("list", "--terms", "--domain", "place", "--json").stdout)
    assert len(terms) == 11 and {t["domain"] for t in terms} == {"place"}
    assert run("list", "--source", "nowhere").stderr == "No segments match.\n"


def test_bad_date_is_a_usage_error():
    result = run("list", "--since", "yesterday")
    assert result.exit_code == 2 and "not a date" in result.stderr
