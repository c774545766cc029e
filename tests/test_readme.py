"""README.md stays true: its examples are the real output, and it documents every command."""

import subprocess
import sys
from pathlib import Path

from kotm.cli import cli

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_examples_are_current():
    # In a process of its own: the examples change directory and environment to run on a fresh database.
    run = subprocess.run(
        [sys.executable, "-m", "cogapp", "--check", str(README)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, "README.md is stale: run `cog -r README.md`\n" + run.stdout + run.stderr


def test_every_command_is_documented():
    headings = [line for line in README.read_text(encoding="utf-8").splitlines() if line.startswith("### ")]
    missing = [name for name in cli.commands if not any(f"kotm {name}" in h for h in headings)]
    assert missing == []
