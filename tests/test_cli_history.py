import json

from click.testing import CliRunner

from kotm.cli import cli


def run(*args, **kw):
    return CliRunner().invoke(cli, list(args), **kw)


def test_history_lists_every_change_with_user():
    run("--user", "kim", "edit", "10", "--en", "Edited by Kim.")
    run("delete", "3")
    run("undo")
    changes = json.loads(run("history", "--json").stdout)
    assert [(c["change"], c["action"], c["user"], c["undone_by"]) for c in changes] == [
        (4, "undo", "tester", None),
        (3, "delete", "tester", 4),
        (2, "edit", "kim", None),
        (1, "add", "kim", None),  # kim's first command created the database
    ]
    assert changes[1]["summary"] == "segment 3" and changes[0]["undoes"] == 3
    table = run("history").stdout
    assert "undone by 4" in table and "kim" in table


def test_history_of_one_segment_shows_before_and_after():
    run("edit", "10", "--en", "Edited.", "--note", "short")
    entries = json.loads(run("history", "10", "--json").stdout)
    assert [e["action"] for e in entries] == ["add", "edit"]
    assert entries[1]["before"]["en"].startswith("This year") and entries[1]["after"]["en"] == "Edited."
    assert entries[1]["after"]["changer"] == "tester"
    table = run("history", "10").stdout
    assert "Edited." in table and "short" in table and "statement" in table
    assert run("history", "999").stderr == "Error: no segment 999 and no history of one\n"


def test_history_of_one_change():
    run("edit", "--terms", "12", "--note", "Now Astana.")
    [entry] = json.loads(run("history", "--change", "2", "--json").stdout)
    assert (entry["table"], entry["id"], entry["after"]["note"]) == ("terms", 12, "Now Astana.")
    assert len(json.loads(run("history", "--change", "1", "--json", "--limit", "500").stdout)) == 156


def test_undo_named_change_and_redo():
    run("edit", "10", "--en", "Zephyr.")
    run("edit", "11", "--en", "Second.")
    assert run("undo", "--change", "2").stdout == "Undid change 2 (edit: segment 10 (en)) as change 4.\n"
    assert run("undo", "--change", "4").stdout.startswith(
        "Undid change 4 (undo: undo change 2 (edit): segment 10) as change 5."
    )
    [hit] = json.loads(run("search", "zephyr", "--json").stdout)
    assert hit["id"] == 10


def test_undo_errors():
    run("edit", "10", "--en", "First.")
    run("edit", "10", "--en", "Second.")
    result = run("undo", "--change", "2")
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: cannot undo change 2: segment 10 has been changed since, by change 3 (edit); undo that first\n",
    )
    assert run("undo", "--change", "99").stderr == "Error: no change 99\n"
    run("undo", "--change", "3")
    result = run("undo", "--change", "3")
    assert result.stderr == "Error: change 3 is already undone (by change 4)\n"


def test_undo_everything():
    assert run("undo", "--yes").stdout.startswith("Undid change 1 (add: built-in corpus")
    assert json.loads(run("stats", "--json").stdout)["segments"] == 0
    result = run("undo")
    assert (result.exit_code, result.stderr) == (1, "Error: there is no change to undo\n")


def test_undo_steps_back_and_redo_steps_forward():
    run("add-segment", "양국은 협력했다.", "The two countries cooperated.")  # change 2
    run("add-term", "협력", "co-operation")  # change 3
    assert run("undo").stdout == "Undid change 3 (add: term 106) as change 4.\n"
    # Not the undo (change 4): the change before.
    assert run("undo").stdout == "Undid change 2 (add: segment 52) as change 5.\n"
    assert run("redo").stdout == "Redid change 2 (undone by change 5) as change 6.\n"
    assert run("redo").stdout == "Redid change 3 (undone by change 4) as change 7.\n"
    result = run("redo")
    assert (result.exit_code, result.stderr) == (1, "Error: there is nothing to redo: no change is undone\n")
    stats = json.loads(run("stats", "--json").stdout)
    assert (stats["segments"], stats["terms"]) == (52, 106)
    assert run("undo").stdout == "Undid change 3 (add: term 106) as change 8.\n"


def test_a_bare_number_is_not_taken_for_a_change():
    result = run("undo", "1")
    assert result.exit_code == 2 and "kotm undo --change 1" in result.stderr
    assert json.loads(run("stats", "--json").stdout)["segments"] == 51


def test_a_big_undo_asks_first():
    # Without a terminal and without --yes: refused in one line, nothing changed.
    result = run("undo")
    assert result.exit_code == 1
    assert (
        result.stderr.strip()
        .splitlines()[-1]
        .endswith("would change 156 entries; give --yes to do it without a terminal")
    )
    assert json.loads(run("stats", "--json").stdout)["segments"] == 51
    assert run("undo", "--yes").stdout.startswith("Undid change 1 (add: built-in corpus")
    assert run("redo").exit_code == 1  # redoing it is as big
    assert run("redo", "-y").stdout.startswith("Redid change 1")
