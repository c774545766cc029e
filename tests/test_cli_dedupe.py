import json

from click.testing import CliRunner

from kotm.cli import cli


def run(*args, **kw):
    return CliRunner().invoke(cli, list(args), **kw)


def test_dedupe_dry_run_then_merge_then_undo():
    run("add-segment", "깃허브(GitHub)에서 보기", "view on GitHub", "--source", "a")
    run("add-segment", "깃허브(GitHub)에서 보기", "View on Github.", "--source", "b", "--note", "newer")
    run("add-segment", "깃허브（GitHub）에서 보기", "view on GitHub", "--source", "c")  # full-width brackets
    dry = run("dedupe", "--dry-run")
    # The exact pair (52, 54) is merged; the near one (53: case and punctuation) only listed.
    assert dry.exit_code == 0 and "Would merge 1 group, removing 1 segment " in dry.stderr
    assert "1 group of near duplicates listed for review; `kotm dedupe --near` merges them." in dry.stderr
    assert "near duplicates (not merged)" in dry.stdout
    dry = run("dedupe", "--dry-run", "--near")
    assert dry.exit_code == 0 and "Would merge 1 group, removing 2 segments" in dry.stderr
    assert "54 View on Github." not in dry.stdout and "52" in dry.stdout
    exact = json.loads(run("dedupe", "--dry-run", "--exact", "--json").stdout)
    assert [(g["kind"], g["keep"]["id"], [d["id"] for d in g["drop"]]) for g in exact["groups"]] == [
        ("exact", 54, [52])
    ]
    result = run("dedupe", "--near", "--json")
    report = json.loads(result.stdout)
    assert (report["removed"], report["change"]) == (2, 5)
    [group] = report["groups"]
    assert (group["kind"], group["keep"]["id"], group["source"], group["note"]) == ("near", 54, "c; b; a", "newer")
    assert json.loads(run("stats", "--json").stdout)["segments"] == 52
    assert run("undo").stdout.startswith("Undid change 5 (merge: 1 groups of duplicates; removed segments 52, 53)")
    assert json.loads(run("stats", "--json").stdout)["segments"] == 54


def test_no_duplicates():
    run("init")
    result = run("dedupe", "--terms")
    assert result.exit_code == 0 and result.stderr == "No duplicate terms.\n"
