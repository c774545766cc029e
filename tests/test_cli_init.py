import json

from click.testing import CliRunner

from kotm.cli import cli


def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_init_loads_the_builtin_corpus(db_path):
    result = run("init")
    assert result.exit_code == 0 and "51 segments" in result.stderr
    stats = json.loads(run("stats", "--json").stdout)
    assert stats["segments"] == 51 and stats["terms"] >= 50
    assert stats["segments_by_source"] == {"summit-2019-04-22": 51}


def test_init_refuses_to_overwrite_data_without_force(db_path):
    run("init")
    run("add-segment", "새 문장입니다.", "A new sentence.")
    result = run("init")
    assert result.exit_code == 1 and "--force" in result.stderr
    assert json.loads(run("stats", "--json").stdout)["segments"] == 52
    assert run("init", "--force").exit_code == 0
    assert json.loads(run("stats", "--json").stdout)["segments"] == 51


def test_init_empty(db_path):
    assert run("init", "--empty").exit_code == 0
    assert json.loads(run("stats", "--json").stdout) | {} == {
        "segments": 0,
        "terms": 0,
        "segments_by_source": {},
        "segments_by_domain": {},
        "terms_by_source": {},
        "terms_by_domain": {},
    }
    assert run("init", "--force", "--empty").exit_code == 0
    assert not list(db_path.parent.glob(".*.new"))


def test_init_force_refuses_a_read_only_database(db_path):
    run("init")
    run("add-segment", "새 문장입니다.", "A new sentence.")
    db_path.chmod(0o444)
    try:
        before = db_path.read_bytes()
        result = run("init", "--force")
        assert result.exit_code == 1 and "read-only" in result.stderr
        assert db_path.read_bytes() == before
    finally:
        db_path.chmod(0o644)


def test_a_new_database_is_announced_on_stderr(tmp_path):
    mistyped = tmp_path / "no-such-folder" / "kotm.bd"
    result = run("--db", str(mistyped), "stats")
    assert result.exit_code == 0
    assert f"created the database {mistyped}" in result.stderr
    # The second time it exists: nothing to say.
    assert "created" not in run("--db", str(mistyped), "stats").stderr
