import json

import pytest
from click.testing import CliRunner

from kotm.cli import cli


def run(*args, **kw):
    return CliRunner().invoke(cli, list(args), **kw)


def test_match_json_has_matches_and_terms():
    data = json.loads(run("match", "양국은 사법분야 협력을 강화하기로 했습니다.", "--json").stdout)
    assert data["matches"][0]["score"] > 95
    assert {"ko", "en", "score", "id", "diff"} <= set(data["matches"][0])
    terms = {t["ko"]: t for t in data["terms"]}
    assert terms["사법분야 협력"]["en"] == "judicial cooperation"
    assert {"start", "end"} <= set(terms["사법분야 협력"])


def test_match_table_marks_differences():
    result = run("match", "양국은 사법분야 협력을 강화하기로 했습니다.")
    assert result.exit_code == 0
    assert "[-협력을-]{+협력도+}" in result.stdout and "judicial cooperation" in result.stdout


def test_no_match():
    result = run("match", "전혀 관계없는 문장이다.", "--min-score", "90")
    assert result.exit_code == 0 and "No match" in result.stderr


def test_batch_from_stdin():
    text = "양국은 사법분야 협력을 강화하기로 했습니다.\n\nThe two countries also agreed to strengthen judicial cooperation.\n"
    data = json.loads(run("match", "-", "--json", input=text).stdout)
    assert [d["text"][:3] for d in data] == ["양국은", "The"]
    assert all(d["matches"] for d in data)


def test_bad_min_score():
    assert run("match", "협력", "--min-score", "101").exit_code == 2


def _batch_peak(tmp_path, lines: int, *options: str) -> int:
    """Peak memory traced while ``kotm match -`` reads ``lines`` copies of one sentence from a file and writes to
    /dev/null (in this process, so tracemalloc sees every allocation; the same line each time, so the analyser's
    caches are the same whatever the count)."""
    import os
    import sys
    import tracemalloc

    path = tmp_path / f"batch-{lines}.txt"
    path.write_text("양국은 사법분야 협력을 강화하기로 했습니다.\n" * lines, encoding="utf-8")
    stdin, stdout = sys.stdin, sys.stdout
    with path.open(encoding="utf-8") as sys.stdin, open(os.devnull, "w", encoding="utf-8") as sys.stdout:
        try:
            tracemalloc.start()
            cli.main(["match", "-", *options], standalone_mode=False)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
            sys.stdin, sys.stdout = stdin, stdout


@pytest.mark.parametrize("options", [(), ("--json",)], ids=["table", "json"])
def test_batch_memory_is_flat_in_the_number_of_lines(tmp_path, monkeypatch, builtin_db_file, options):
    """Issue 18: each line's result is written as it is found, not kept for the end, and the input is read line by
    line, so ten times the lines take no more memory. Kept to the end, a line's result costs about 6 KB (table) and
    27 KB (JSON: the results, their dicts and the whole text), so 2 and 10 MB more here; what is left is the cyclic
    garbage json.dumps leaves per item, which the collector frees in its own time (about 50 KB here)."""
    monkeypatch.setenv("KOTM_DB", str(builtin_db_file))
    _batch_peak(tmp_path, 2, *options)  # the analyser and the database loaded before anything is measured
    small = _batch_peak(tmp_path, 40, *options)
    large = _batch_peak(tmp_path, 400, *options)
    assert large - small < 160 * 1024, (small, large)


def test_batch_json_is_one_array_as_before():
    """Written item by item, the batch's JSON is the text json.dumps gives the whole list (and [] for no lines)."""
    text = "양국은 사법분야 협력을 강화하기로 했습니다.\n정상회담을 개최했다.\n"
    out = run("match", "-", "--json", input=text).stdout
    assert out == json.dumps(json.loads(out), ensure_ascii=False, indent=2) + "\n"
    assert len(json.loads(out)) == 2
    assert run("match", "-", "--json", input="\n \n").stdout == "[]\n"


def test_a_later_line_that_is_not_utf8_gets_its_byte_in_the_input():
    result = run("match", "-", input="협력\n".encode() + "협력".encode("cp949") + b"\n")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1] == "Error: standard input is not UTF-8 text (byte 7)"
