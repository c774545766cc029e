import json

from click.testing import CliRunner

from kotm.cli import cli


def run(*args, **kw):
    return CliRunner().invoke(cli, list(args), **kw)


def count(name="segments"):
    return json.loads(run("stats", "--json").stdout)[name]


def test_delete_by_id_and_undo():
    result = run("delete", "3", "10")
    assert result.exit_code == 0 and result.stdout == "Deleted 2 segments (change 2).\n"
    assert count() == 49
    assert 10 not in [h["id"] for h in json.loads(run("search", "뜻깊은", "--json").stdout)]
    assert run("undo").stdout == "Undid change 2 (delete: segments 3, 10) as change 3.\n"
    assert count() == 51
    assert 10 in [h["id"] for h in json.loads(run("search", "뜻깊은", "--json").stdout)]


def test_unknown_id_deletes_nothing():
    run("init")
    result = run("delete", "3", "999", "--terms")
    assert (result.exit_code, result.stderr) == (1, "Error: no term 999; nothing changed\n")
    assert count("terms") == 105


def test_bulk_delete_asks_first():
    run(
        "add-segment",
        "양국은 인공지능 협력을 강화한다.",
        "The two countries strengthen AI cooperation.",
        "--source",
        "memo",
    )
    run("add-segment", "인공지능 협력센터를 세운다.", "They set up an AI cooperation centre.", "--source", "memo")
    result = run("delete", "--source", "memo", input="n\n")
    assert result.exit_code == 1 and "2 segments from source 'memo' will be deleted." in result.stderr
    assert count() == 53
    result = run("delete", "--source", "memo", input="y\n")
    assert result.exit_code == 0 and result.stdout == "Deleted 2 segments (change 4).\n"
    assert count() == 51


def test_bulk_delete_by_query_with_yes():
    result = run("delete", "--query", "누르술탄", "--yes")
    assert result.exit_code == 0
    assert "segments matching '누르술탄' will be deleted" in result.stderr
    assert json.loads(run("search", "누르술탄", "--json").stdout) == []
    result = run("delete", "--terms", "--query", "누르술탄", "--source", "summit-2019-04-22", "--yes")
    assert result.stdout == "Deleted 1 term (change 3).\n"
    assert json.loads(run("term", "누르술탄", "--json").stdout) == []


def test_bulk_delete_of_nothing_and_usage_errors():
    result = run("delete", "--source", "nowhere")
    assert result.exit_code == 0 and "nothing deleted" in result.stderr
    assert run("delete").exit_code == 2
    assert run("delete", "3", "--source", "x").exit_code == 2
