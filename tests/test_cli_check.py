import json

from click.testing import CliRunner

from kotm.cli import cli

PO = """msgid ""
msgstr ""
"Language: ko\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Restart the server."
msgstr "서버을 다시 시작하세요."

msgid "Cannot open %s"
msgstr "열 수 없습니다"

msgid "The summit was held on April 22, 2019."
msgstr "정상회담은 2018년 4월 22일에 열렸다."

msgid "Open the file"
msgstr ""
"""


def run(*args, **kw):
    return CliRunner().invoke(cli, list(args), **kw)


def test_memory_is_clean_exit_0():
    result = run("check")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "Checked 51 units in the memory: 0 findings" in result.stderr


def test_file_findings_json_with_lines(tmp_path):
    po = tmp_path / "deliverable.ko.po"
    po.write_text(PO, encoding="utf-8")
    result = run("check", str(po), "--json")
    assert result.exit_code == 1
    found = json.loads(result.stdout)
    by_check = {f["check"]: f for f in found}
    assert set(by_check) == {"particle", "placeholder", "number", "untranslated"}
    for f in found:
        assert {"ko", "en", "check", "message", "spans", "suggestion", "file", "line"} <= f.keys()
        assert f["file"] == str(po) and f["source_lang"] == "en"
    assert by_check["particle"]["line"] == 6 and by_check["particle"]["suggestion"] == "서버를"
    assert by_check["placeholder"]["line"] == 9
    assert by_check["number"]["line"] == 12 and by_check["number"]["suggestion"] == "2019"
    assert by_check["untranslated"]["line"] == 15
    assert "particle 1, placeholder 1" in result.stderr


def test_checks_option_and_table(tmp_path):
    po = tmp_path / "d.po"
    po.write_text(PO, encoding="utf-8")
    result = run("check", str(po), "--checks", "particle")
    assert result.exit_code == 1
    assert "서버을" in result.stdout and "서버를" in result.stdout and "d.po:6" in result.stdout
    assert "number" not in result.stdout
    assert "(particle 1)" in result.stderr and "1 finding " in result.stderr


def test_usage_errors_exit_2(tmp_path):
    assert run("check", "--checks", "numbers").exit_code == 2
    assert run("check", str(tmp_path / "missing.po")).exit_code == 2
    po = tmp_path / "d.po"
    po.write_text(PO, encoding="utf-8")
    assert run("check", str(po), "--source", "x").exit_code == 2


def test_memory_scope_and_ids():
    assert run("add-segment", "서버을 다시 시작하세요.", "Restart the server.", "--domain", "it").exit_code == 0
    result = run("check", "--domain", "it", "--json")
    assert result.exit_code == 1
    [f] = json.loads(result.stdout)
    assert f["check"] == "particle" and isinstance(f["id"], int) and "file" not in f
    assert run("check", "--domain", "diplomacy").exit_code == 0


def test_forbidden_with_status_options():
    assert run("add-term", "누르술탄", "Nursultan", "--status", "forbidden").exit_code == 0
    assert run("add-segment", "누르술탄에서 만났다.", "They met in Nursultan.").exit_code == 0
    result = run("check", "--checks", "forbidden,term", "--json")
    [f] = json.loads(result.stdout)
    assert f["check"] == "forbidden" and f["suggestion"] == "Nur-Sultan"
    term_id = json.loads(run("term", "Nursultan", "--json").stdout)[0]["id"]
    assert run("edit", "--term", str(term_id), "--status", "admitted").exit_code == 0
    assert run("check", "--checks", "forbidden").exit_code == 0
    assert run("edit", str(term_id), "--status", "admitted").exit_code == 2  # a segment has no status
    assert run("add-term", "누르술탄", "Nur Sultan", "--status", "wrong").exit_code == 2


def test_tbx_is_refused(tmp_path):
    path = tmp_path / "g.tbx"
    assert run("export", str(path), "--terms").exit_code == 0
    result = run("check", str(path))
    assert result.exit_code == 1 and "glossary" in result.stderr


def test_domain_selects_the_glossary_for_a_file(tmp_path):
    # The built-in glossary is a diplomatic one (우주 → space): a software file checked with --domain software
    # gets only that domain's terms and those of no domain.
    po = tmp_path / "godot.ko.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: ko\\n"\n\nmsgid "Local space"\nmsgstr "로컬 공간"\n', encoding="utf-8"
    )
    result = run("check", str(po), "--checks", "term", "--json")
    assert result.exit_code == 1 and json.loads(result.stdout)[0]["suggestion"] == "우주"
    assert run("check", str(po), "--checks", "term", "--domain", "software").exit_code == 0
    assert run("add-term", "공백", "space", "--source-lang", "en").exit_code == 0  # no domain: applies everywhere
    result = run("check", str(po), "--checks", "term", "--domain", "software", "--json")
    assert result.exit_code == 1 and json.loads(result.stdout)[0]["suggestion"] == "공백"
    assert "only the glossary terms of this domain" in run("check", "--help").output.lower()
