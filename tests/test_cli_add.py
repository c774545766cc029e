import json

from click.testing import CliRunner

from kotm.cli import cli

KO = "양국은 인공지능 분야 협력을 강화하기로 했습니다."
EN = "The two countries agreed to strengthen cooperation in artificial intelligence."


def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_add_segment_then_search():
    result = run(
        "add-segment",
        KO,
        EN,
        "--source",
        "memo-2024",
        "--domain",
        "ict-science",
        "--note",
        "draft",
    )
    assert result.exit_code == 0 and result.stdout.startswith("Added segment ")
    hits = json.loads(run("search", "인공지능", "--json").stdout)
    assert [(h["ko"], h["en"], h["source"], h["domain"], h["note"], h["creator"]) for h in hits] == [
        (KO, EN, "memo-2024", "ict-science", "draft", "tester")
    ]


def test_adding_a_pair_twice_reports_it():
    run("add-segment", KO, EN)
    result = run("add-segment", f"  {KO} ", EN)
    assert result.exit_code == 0 and "already holds this pair" in result.stdout
    assert json.loads(run("stats", "--json").stdout)["segments"] == 52


def test_add_term_with_second_rendering():
    assert run("add-term", "인공지능", "artificial intelligence", "--domain", "ict-science").exit_code == 0
    assert run("add-term", "인공지능", "AI").exit_code == 0
    hits = json.loads(run("term", "인공지능을", "--json").stdout)
    assert {h["en"] for h in hits} == {"artificial intelligence", "AI"}


def test_bad_input():
    for args in (
        ["add-segment", "", EN],
        ["add-segment", "Korea", EN],
        ["add-term", "정상", " "],
    ):
        result = run(*args)
        assert result.exit_code == 1 and result.stderr.splitlines()[-1].startswith("Error: "), args
    assert json.loads(run("stats", "--json").stdout)["segments"] == 51
