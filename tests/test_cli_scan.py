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


def test_scan_shows_every_rendering_and_its_note():
    from click.testing import CliRunner

    from kotm.cli import cli

    result = CliRunner().invoke(cli, ["scan", "the two leaders"], env={"COLUMNS": "200"})
    assert "지도자; 정상" in result.stdout and "7, 20" in result.stdout
    assert "The heads of state" in result.stdout  # 정상's note, not only the first entry's
    [found] = json.loads(CliRunner().invoke(cli, ["scan", "the two leaders", "--json"]).stdout)
    assert [(t["id"], t["ko"]) for t in found["terms"]] == [(7, "지도자"), (20, "정상")]
    assert found["note"] == "The heads of state: 두 정상 → the two leaders." or "The heads of state" in found["note"]
    assert set(found["domain"].split("; ")) == {t["domain"] for t in found["terms"]}


def test_tables_fit_sixty_columns_and_show_tabs_visibly():
    from click.testing import CliRunner
    from wcwidth import wcswidth

    from kotm.cli import cli

    result = CliRunner().invoke(cli, ["scan", "the two leaders"], env={"COLUMNS": "60"})
    # The fixed columns (start, end, text, ids) and their gaps leave the wrapped ones 6 columns each: close to 60.
    assert max(wcswidth(line) for line in result.stdout.splitlines()) <= 64, result.stdout
    CliRunner().invoke(cli, ["add-segment", "탭이\t있는 문장", "A sentence\twith a tab"])
    shown = CliRunner().invoke(cli, ["search", "탭이"]).stdout
    assert "\t" not in shown and "␉" in shown


def test_english_terms_are_found_whatever_the_hyphen():
    """`term "Nur Sultan"` finds Nur-Sultan; so does `scan "nur sultan"`, and the hyphenated spelling still works."""
    for text in ("nur sultan is the capital", "Nur-Sultan is the capital", "the capital, Nur Sultan."):
        found = json.loads(run("scan", text, "--json").stdout)
        assert [(f["ko"], text[f["start"] : f["end"]].lower().replace("-", " ")) for f in found] == [
            ("누르술탄", "nur sultan")
        ], text
