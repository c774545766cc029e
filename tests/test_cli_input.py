"""What every command does with awkward input and output: text that is not UTF-8, empty text, colour, a closed
pipe, ``-h`` and a bare ``kotm`` (issue 14)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from kotm.cli import cli

# What `$(printf '협력\xed')` gives Python: the bad byte as a lone surrogate.
CUT = "협력" + b"\xed".decode("utf-8", "surrogateescape")


def run(*args, **kw):
    return CliRunner().invoke(cli, list(args), **kw)


@pytest.mark.parametrize(
    "args, name, byte",
    [
        (["search", CUT], "QUERY", 6),
        (["match", CUT], "TEXT", 6),
        (["scan", CUT], "TEXT", 6),
        (["term", CUT], "QUERY", 6),
        (["add-segment", CUT, "Cooperation"], "KO", 6),
        (["add-segment", "협력", "Cooperation" + CUT[-1]], "EN", 11),
        (["add-term", CUT, "cooperation"], "KO", 6),
        (["edit", "3", "--note", CUT], "--note", 6),
    ],
)
def test_an_argument_that_is_not_utf8_gets_one_line(args, name, byte):
    result = run(*args)
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stderr.strip().splitlines() == [f"Error: {name} is not UTF-8 text (byte {byte})"]


@pytest.mark.parametrize("command", ["scan", "match"])
def test_standard_input_that_is_not_utf8_gets_one_line(command):
    cp949 = "한국은 협력한다.\n".encode("cp949")
    result = run(command, "-", input=cp949)
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == ["Error: standard input is not UTF-8 text (byte 0)"]


def test_standard_input_in_utf8_with_a_bom_is_read():
    result = run("scan", "-", input="\ufeff카자흐스탄\n".encode())
    assert result.exit_code == 0 and "카자흐스탄" in result.stdout


def test_scan_rejects_empty_text_like_search_term_and_match():
    for command in ("scan", "search", "term", "match"):
        result = run(command, " ")
        assert result.exit_code == 1 and "empty" in result.stderr, command


def test_korean_in_the_english_field_is_refused():
    result = run("add-segment", "한국어 문장", "또 한국어 문장")
    assert result.exit_code == 1 and "English text holds Hangul and no Latin letter" in result.stderr
    result = run("add-term", "정", "정")
    assert result.exit_code == 1 and "English" in result.stderr
    # English may quote a Korean word.
    assert run("add-term", "정", "jeong (정), a bond of affection").exit_code == 0


def test_no_color_is_honoured_on_a_terminal(monkeypatch):
    # color=True: CliRunner behaves as a terminal, where Click writes ANSI codes.
    assert "\x1b[" in run("search", "협력", "--limit", "1", color=True).stdout
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run("search", "협력", "--limit", "1", color=True).stdout
    assert "\x1b[" in run("--color", "search", "협력", "--limit", "1", color=True).stdout
    monkeypatch.delenv("NO_COLOR")
    assert "\x1b[" not in run("--no-color", "match", "양국은 협력도 강화하기로 했습니다.", color=True).stdout


def test_dash_h_is_help_and_bare_kotm_prints_help():
    assert run("-h").exit_code == 0 and "Usage: " in run("-h").stdout
    assert run("search", "-h").exit_code == 0 and "Concordance" in run("search", "-h").stdout
    result = run()
    assert result.exit_code == 0 and "Commands:" in result.stdout


def test_counts_are_singular_for_one():
    result = run("search", "tenth anniversary", "--limit", "1")
    assert "1 segment shown" in result.stderr or "1 of 1 segment\n" in result.stderr, result.stderr
    result = run("search", "뜻깊은")
    assert result.stderr.strip().endswith("1 of 1 segment"), result.stderr
    assert run("list", "--source", "summit-2019-04-22", "--limit", "1").stderr.strip() == "1 of 51 segments"


def test_a_closed_pipe_is_not_an_error(db_path):
    run("init")
    # The reader has gone before kotm writes (`kotm export - | head -0`), so the first write meets a closed pipe
    # whatever the size of the export.
    reader = subprocess.Popen([sys.executable, "-c", "pass"], stdin=subprocess.PIPE)
    reader.wait()
    kotm = subprocess.run(
        [sys.executable, "-m", "kotm", "export", "-", "--format", "tmx"],
        stdout=reader.stdin,
        stderr=subprocess.PIPE,
        env={**os.environ, "KOTM_DB": str(db_path)},
        text=True,
        timeout=120,
        check=False,
    )
    reader.stdin.close()
    assert kotm.returncode == 0 and kotm.stderr == ""


@pytest.mark.parametrize("command", ["scan", "search", "term", "match"])
def test_help_wraps_by_display_width(command, monkeypatch):
    """At COLUMNS=60 no line of prose in the help is wider than 60 columns on screen (a Hangul syllable takes two);
    example command lines are kept as written."""
    from wcwidth import wcswidth

    monkeypatch.setenv("COLUMNS", "60")
    text = CliRunner().invoke(cli, [command, "--help"], terminal_width=60).output
    prose = [line for line in text.splitlines() if not line.strip().startswith("kotm ")]
    assert max(wcswidth(line) for line in prose) <= 60, text
