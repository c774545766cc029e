"""Issue 15, "What a new user saw": every line of it as a command on a fresh database (the built-in corpus, as a new
user gets it), through the CLI; plus scope, Latin-script entries, phrases across particles and suggestions."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from kotm.cli import cli


def run(*args, **kw):
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False, **kw)
    assert result.exit_code == 0, result.output
    return result


def scanned(text, *args):
    """(text, term) of each term ``kotm scan --json`` finds."""
    return [(f["text"], f["ko"]) for f in json.loads(run("scan", text, "--json", *args).stdout)]


def terms(query, *args):
    return [(h["ko"], h["en"], h["match"]) for h in json.loads(run("term", query, "--json", *args).stdout)]


# ---- predicate terms


def test_added_predicate_is_found_conjugated():
    run("add-term", "개최하다", "host")
    assert scanned("서울에서 개최할 예정이다") == [("서울", "서울"), ("개최할", "개최하다")]
    table = run("scan", "서울에서 개최할 예정이다").stdout
    assert "개최할" in table and "개최하다" in table and "host" in table


@pytest.mark.parametrize(
    ("entry", "en", "text", "form"),
    [
        ("강화하다", "strengthen", "양국은 협력을 강화했다", "강화했다"),
        ("돕다", "help", "그를 도울 예정이다", "도울"),
        ("아름답다", "beautiful", "아름다운 도시", "아름다운"),
        ("협력하다", "cooperate", "양국은 협력하기로 했다", "협력하기로"),
    ],
)
def test_the_other_predicates_the_user_tried(entry, en, text, form):
    run("add-term", entry, en)
    found = [(t, ko) for t, ko in scanned(text) if ko == entry]
    assert found and form.startswith(found[0][0]), found  # the span may end before the final ending (강화했다)


def test_term_of_an_inflected_form_finds_the_dictionary_form():
    run("add-term", "개최하다", "host")
    assert terms("개최할") == [("개최하다", "host", "lemma")]
    assert "lemma" in run("term", "개최할").stdout


def test_term_prefers_the_verb_to_the_noun_it_is_built_on():
    run("add-term", "정의", "definition")
    run("add-term", "정의하다", "define")
    assert terms("정의하는")[0] == ("정의하다", "define", "lemma")


def test_match_lists_predicate_terms_as_scan_does():
    run("add-term", "개최하다", "host")
    text = "양국은 사법분야 협력을 강화하기로 했습니다. 서울에서 개최할 예정이다"
    data = json.loads(run("match", text, "--json").stdout)
    assert [(t["text"], t["ko"]) for t in data["terms"]] == scanned(text)
    lemma = next(t for t in data["terms"] if t["ko"] == "개최하다")
    assert lemma["lemma"] is True and text[lemma["start"] : lemma["end"]] == "개최할"
    table = run("match", text).stdout
    assert "개최할" in table and "개최하다" in table


def test_english_terms_are_found_inflected():
    run("add-term", "개최하다", "host")
    text = "Seoul hosted it last year and is hosting it again"
    assert [(f["text"], f["en"]) for f in json.loads(run("scan", text, "--json").stdout)] == [
        ("Seoul", "Seoul"),
        ("hosted", "host"),
        ("hosting", "host"),
    ]


# ---- homographs, traps, offsets

TRAPS = [("도로", "road"), ("말", "horse"), ("수도", "capital"), ("사과", "apple"), ("차", "tea"), ("안", "proposal")]


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("그는 집으로 도로 돌아갔다", "도로"),
        ("그는 그렇게 말했다", "말"),
        ("도움말을 보세요", "말"),
        ("할 수도 있다", "수도"),
        ("그는 사과했다", "사과"),
        ("제1차 회의", "차"),
        ("4차 산업혁명", "차"),
        ("그러면 안 된다", "안"),
        ("안전하게 보관하세요", "안"),
        ("양 국 정상이 만났다", "국"),
    ],
)
def test_the_traps_do_not_fire(text, absent):
    for ko, en in [*TRAPS, ("국", "soup")]:
        run("add-term", ko, en)
    assert absent not in [ko for _, ko in scanned(text)]


def test_the_nouns_themselves_still_are_found():
    for ko, en in TRAPS:
        run("add-term", ko, en)
    assert ("도로", "도로") in scanned("도로를 넓혔다")
    assert ("말", "말") in scanned("그가 말을 탔다")


def test_scan_json_offsets_after_double_spaces_select_their_text():
    for ko, en in TRAPS:
        run("add-term", ko, en)
    for text in ["그가  말을 탔다.   도로를 넓혔다", "차량이 속도로 달렸고  도로를 넓혔다"]:
        found = json.loads(run("scan", text, "--json").stdout)
        assert found
        for f in found:
            assert text[f["start"] : f["end"]] == f["text"]
    # 도로 is not also reported inside 속도로
    assert [f["text"] for f in json.loads(run("scan", "차량이 속도로 달렸고  도로를 넓혔다", "--json").stdout)] == [
        "도로"
    ]


# ---- scope


def test_scoped_scan_leaves_out_the_diplomatic_glossary(monkeypatch):
    text = "정상 작동 여부를 확인하세요"
    assert ("정상", "정상") in scanned(text)
    assert scanned(text, "--domain", "software") == []
    assert scanned(text, "--domain", "software", "--domain", "diplomacy") == [("정상", "정상")]
    assert scanned(text, "--domain", "software,diplomacy") == [("정상", "정상")]
    assert scanned(text, "--source", "my-project") == []
    monkeypatch.setenv("KOTM_DOMAIN", "software")
    assert scanned(text) == []
    assert scanned(text, "--domain", "diplomacy") == [("정상", "정상")]  # an option replaces the default
    monkeypatch.setenv("KOTM_DOMAIN", "")
    assert scanned(text) == [("정상", "정상")]


def test_software_project_sees_its_own_sense(monkeypatch):
    run("add-term", "정상", "normal", "--domain", "software")
    assert terms("정상", "--domain", "software") == [("정상", "normal", "exact")]
    monkeypatch.setenv("KOTM_DOMAIN", "software")
    assert [f["en"] for f in json.loads(run("scan", "정상 작동 여부를 확인하세요", "--json").stdout)] == ["normal"]


def test_scoped_term_search_and_match():
    assert terms("정상", "--domain", "software") == []
    assert terms("정상", "--domain", "diplomacy")
    assert json.loads(run("search", "협력", "--json", "--domain", "software").stdout) == []
    hits = json.loads(run("search", "협력", "--json", "--domain", "diplomacy", "--limit", "3").stdout)
    assert len(hits) == 3 and {h["domain"] for h in hits} == {"diplomacy"}
    text = "양국은 사법분야 협력을 강화하기로 했습니다."
    both = json.loads(run("match", text, "--json").stdout)
    assert both["matches"] and both["terms"]
    none = json.loads(run("match", text, "--json", "--domain", "software").stdout)
    assert none == {"matches": [], "terms": []}
    # --source stays as it was for search, now repeatable
    assert json.loads(run("search", "협력", "--json", "--source", "summit-2019-04-22", "--limit", "1").stdout)
    assert json.loads(run("search", "협력", "--json", "--source", "x", "--source", "y").stdout) == []


# ---- Latin-script entries


def test_latin_script_entries_can_be_added_and_are_recognised():
    for ko in ("API", "GPU", "5G", "MOU", "Wi-Fi"):
        result = run("add-term", ko, ko.lower())
        assert "Added term" in result.stdout
    latin = [
        f for f in scanned("세계 최초 5G를 상용화했고 MOU를 체결했다. GPU로 계산하고 Wi-Fi를 켠다") if f[1] != "상용화"
    ]
    assert latin == [("5G", "5G"), ("MOU", "MOU"), ("GPU", "GPU"), ("Wi-Fi", "Wi-Fi")]
    assert scanned("5GB 용량, 5GHz 대역, GPUParticles2D 노드") == []
    assert terms("API") == [("API", "api", "exact")]


def test_segments_still_need_hangul():
    result = CliRunner().invoke(cli, ["add-segment", "API", "api"])
    assert result.exit_code == 1 and "holds no Hangul" in result.stderr


def test_latin_script_entries_are_imported_into_the_glossary(tmp_path):
    tsv = tmp_path / "glossary.tsv"
    tsv.write_text("ko\ten\nAPI\tAPI\n5G\t5G\n설치하다\tinstall\n", encoding="utf-8")
    tbx = tmp_path / "glossary.tbx"
    tbx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<martif type="TBX" xml:lang="en"><text><body>'
        '<termEntry id="1"><langSet xml:lang="ko"><tig><term>GPU</term></tig></langSet>'
        '<langSet xml:lang="en"><tig><term>GPU</term></tig></langSet></termEntry>'
        '<termEntry id="2"><langSet xml:lang="ko"><tig><term>MOU</term></tig></langSet>'
        '<langSet xml:lang="en"><tig><term>memorandum of understanding</term></tig></langSet></termEntry>'
        "</body></text></martif>\n",
        encoding="utf-8",
    )
    report = json.loads(run("import", str(tsv), str(tbx), "--terms", "--json").stdout)
    assert [(f["added"], f["skipped"]) for f in report["files"]] == [(3, 0), (2, 0)]
    assert scanned("GPU로 5G를 쓰고 MOU를 체결했다") == [("GPU", "GPU"), ("5G", "5G"), ("MOU", "MOU")]
    # The same file as segments: the Latin-only pairs are skipped, as before, and counted.
    report = json.loads(run("import", str(tsv), "--json").stdout)
    assert report["files"][0]["added"] == 1 and report["files"][0]["reasons"][0]["reason"] == (
        "Korean text holds no Hangul"
    )


# ---- phrases across particles, suggestions


def test_phrase_search_widens_across_particles():
    result = run("search", "협력 강화")
    assert "협력도 강화하기로" in result.stdout
    assert "Widened the search" in result.stderr
    hits = json.loads(run("search", "협력 강화", "--json").stdout)
    assert [h["match"] for h in hits] == ["lemma"]
    ko = hits[0]["ko"]
    assert [ko[s:e] for s, e in hits[0]["ko_spans"]] == ["협력도 강화하기로"]


def test_phrase_hits_come_before_widened_ones():
    run("add-segment", "양국은 협력 강화에 합의했다.", "The two agreed on stronger cooperation.")
    hits = json.loads(run("search", "협력 강화", "--json").stdout)
    assert [h["match"] for h in hits] == ["word", "lemma"]


@pytest.fixture
def godot(shared, tmp_path):
    """A small Godot-like memory: the Godot editor strings that mention 노드 (real strings, imported)."""
    source = shared / "corpora" / "derived" / "godot-editor-l10n.en-ko.tsv"
    if not source.exists():
        pytest.skip(f"{source} is absent")
    lines = source.read_text(encoding="utf-8").splitlines()
    small = tmp_path / "godot.tsv"
    small.write_text("\n".join([lines[0], *[line for line in lines[1:] if "노드" in line][:400]]) + "\n", "utf-8")
    run("init", "--empty")
    run("import", str(small))
    return small


def test_selected_node_is_found_by_lemma(godot):
    assert "선택한 노드" not in godot.read_text(encoding="utf-8") or pytest.skip("the phrase itself occurs")
    result = run("search", "선택한 노드", "--json")
    hits = json.loads(result.stdout)
    assert hits and all(h["match"] == "lemma" for h in hits)
    assert all("선택된 노드" in h["ko"] or "선택한" in h["ko"] for h in hits)
    assert any(h["ko"][s:e].startswith("선택된 노드") for h in hits for s, e in h["ko_spans"])
    assert "Widened the search" in result.stderr


def test_a_typo_gets_a_suggestion():
    result = run("search", "카자흐스턴")
    assert "Did you mean: 카자흐스탄?" in result.stderr
    result = run("search", "카자흐스턴", "--json")
    assert json.loads(result.stdout) == [] and "Did you mean: 카자흐스탄?" in result.stderr
    assert "Did you mean: Kazakhstan?" in run("search", "Kazakstan").stderr
    assert "Did you mean" not in run("search", "카자흐스탄").stderr


# ---- speed: a Korean scan does not load the English lemmatiser


def test_korean_scan_does_not_load_lemminflect(builtin_db_file):
    code = (
        "import sys; from kotm import api; db = api.open_existing(sys.argv[1]);"
        "api.scan(db, '양국은 카자흐스탄과의 전략적 동반자 관계를 강화하기로 했다.');"
        "print('lemminflect' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code, str(builtin_db_file)], capture_output=True, text=True)
    assert out.stdout.strip() == "False", out.stderr
