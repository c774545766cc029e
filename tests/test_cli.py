"""Behaviour every command shares: help with an example, errors without tracebacks, the database location."""

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from kotm.cli import cli

COMMANDS = sorted(cli.commands)


def run(*args, **kw):
    return CliRunner().invoke(cli, list(args), **kw)


@pytest.mark.parametrize("command", COMMANDS)
def test_help_has_an_example(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout and f"kotm {command}" in result.stdout


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and result.stdout.startswith("kotm, version ")


def test_first_use_creates_the_database_with_the_builtin_corpus(db_path):
    assert not db_path.exists()
    result = run("search", "협력", "--json")
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)) == 20
    assert db_path.exists()


def test_db_option_overrides_env(tmp_path, db_path):
    other = tmp_path / "other.db"
    assert run("--db", str(other), "init", "--empty").exit_code == 0
    assert other.exists() and not db_path.exists()


def test_errors_are_one_line_without_traceback(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"garbage" * 1000)
    result = run("--db", str(bad), "search", "협력")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.output


def test_help_imports_no_heavy_module():
    code = (
        "import sys; from kotm.cli import cli; "
        "heavy = {'sqlite_utils', 'lxml', 'polib', 'mecab', 'rapidfuzz', 'tabulate', 'kiwipiepy'} & set(sys.modules); "
        "print(sorted(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_python_dash_m():
    out = subprocess.run(
        [sys.executable, "-m", "kotm", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.startswith("kotm, version")
