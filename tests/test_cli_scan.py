import json

from click.testing import CliRunner

from kotm.cli import cli


def run(*args, **kw):
    return CliRunner().invoke(cli, list(args), **kw)


def test_scan_json_positions():
    text = "양국은 카자흐스탄과의 전략적 동반자 관계를 강화하기로 했다."
    found = json.loads(run("scan", text, "--json").stdout)
    by_ko = {f["ko"]: f for f in found}
    assert set(by_ko) == {"양국", "카자흐스탄", "전략적 동반자 관계"}
    for f in found:
        assert text[f["start"] : f["end"]] == f["text"]
    assert by_ko["전략적 동반자 관계"]["en"] == "strategic partnership"


def test_scan_stdin_batch():
    data = json.loads(
        run(
            "scan",
            "-",
            "--json",
            input="누르술탄에서\n\n한복판에서\nthe New Northern Policy\n",
        ).stdout
    )
    assert [(d["line"], d["ko"]) for d in data] == [(1, "누르술탄"), (3, "신북방정책")]


def test_scan_nothing():
    result = run("scan", "아무 용어도 없다")
    assert result.exit_code == 0 and "No glossary terms" in result.stderr
