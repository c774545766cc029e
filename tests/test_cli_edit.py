import json
import re

from click.testing import CliRunner

from kotm.cli import cli


def run(*args, **kw):
    return CliRunner().invoke(cli, list(args), **kw)


def search_ids(query):
    return [h["id"] for h in json.loads(run("search", query, "--json", "--limit", "100").stdout)]


def test_edit_then_search_finds_new_text_only():
    assert 10 in search_ids("뜻깊은") and 10 in search_ids("meaningful")
    result = run(
        "edit",
        "10",
        "--ko",
        "올해는 양국 우호조약 10주년입니다.",
        "--en",
        "This year is the zephyr treaty's tenth year.",
    )
    assert result.exit_code == 0 and result.stdout == "Edited segment 10 (change 2).\n"
    assert 10 not in search_ids("뜻깊은") and 10 not in search_ids("meaningful")
    assert search_ids("우호조약") == [10] and search_ids("zephyr") == [10]


def test_edit_term_and_user_option():
    result = run("--user", "kim", "edit", "--term", "12", "--en", "Astana", "--note", "Renamed in 2022.")
    assert result.exit_code == 0 and result.stdout == "Edited term 12 (change 2).\n"
    [hit] = json.loads(run("term", "누르술탄", "--json").stdout)
    assert (hit["en"], hit["note"], hit["changer"]) == ("Astana", "Renamed in 2022.", "kim")
    assert json.loads(run("term", "nur-sultan", "--json").stdout) == []


def test_edit_to_the_same_value_changes_nothing():
    result = run("edit", "3", "--note", "report")
    assert result.exit_code == 0 and "nothing changed" in result.stderr and result.stdout == ""
    assert len(json.loads(run("history", "--json").stdout)) == 1


def test_errors_are_one_line_and_change_nothing():
    other = json.loads(run("list", "--json", "--limit", "100").stdout)
    eleven = next(u for u in other if u["id"] == 11)
    cases = [
        (["edit", "999", "--en", "x"], "Error: no segment 999; nothing changed\n"),
        (["edit", "--term", "999", "--en", "x"], "Error: no term 999; nothing changed\n"),
        (["edit", "10", "--en", " "], "Error: the English text is empty\n"),
        (["edit", "10", "--ko", "MOU"], "Error: the Korean text holds no Hangul: 'MOU'\n"),
        (
            ["edit", "10", "--ko", eleven["ko"], "--en", eleven["en"]],
            "Error: segment 11 already holds this pair; nothing changed\n",
        ),
    ]
    for args, message in cases:
        result = run(*args)
        assert (result.exit_code, result.stderr) == (1, message), args
    assert len(json.loads(run("history", "--json").stdout)) == 1
    assert 10 in search_ids("뜻깊은")


def test_edit_without_values_is_a_usage_error():
    result = run("edit", "10")
    assert result.exit_code == 2 and "nothing to change" in result.stderr


def test_exports_carry_the_latest_change(tmp_path):
    run("--user", "kim", "edit", "10", "--en", "Edited by Kim.")
    from lxml import etree

    tmx, po = tmp_path / "out.tmx", tmp_path / "out.po"
    assert run("export", str(tmx)).exit_code == 0 and run("export", str(po)).exit_code == 0
    tus = {tu.get("tuid"): tu for tu in etree.parse(str(tmx)).iter("tu")}
    assert tus["10"].get("changeid") == "kim" and tus["10"].get("changedate") > "20190422T091300Z"
    assert tus["10"].get("creationid") == "kotm" and tus["11"].get("changeid") is None
    text = po.read_text(encoding="utf-8")
    assert re.search(r"\n#\. kotm: source: summit-2019-04-22; id: 10; .*; changer: kim\n", text)


def test_an_edit_that_makes_a_spacing_variant_warns():
    run("add-segment", "양국 정상 회담이 열렸다.", "The summit was held.")  # segment 52
    run("add-segment", "양국 정상 회담이 열렸다!", "The summit was held.")  # segment 53
    result = run("edit", "53", "--ko", "양국 정상회담이 열렸다.")
    assert result.exit_code == 0, result.output
    assert "Warning: segment 53 is now a near duplicate of segment 52" in result.stderr
    assert "Warning" not in run("edit", "53", "--note", "checked").stderr
