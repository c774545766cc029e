"""kotm pretranslate: the library (kotm.tm.pretranslate, kotm.formats.bilingual, api.pretranslate) and the command,
on the built-in memory; outputs read back by translate-toolkit and checked by msgfmt."""

import doctest
import io
import json
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from kotm import api, builtin
from kotm.cli import cli
from kotm.errors import InputError
from kotm.formats import bilingual
from kotm.tm import pretranslate
from kotm.tm.analysis import DocSegment
from kotm.tm.pretranslate import Pretranslator, fix

SEGS = list(builtin.segments())
KO = [s.ko for s in SEGS]
EN = [s.en for s in SEGS]
NEW_KO = "오늘 서울은 날씨가 맑고 바람이 조금 불겠습니다."
# KO[11] says 1991 and its English says 1991 too: a changed year can be put right.
YEAR_KO = KO[11].replace("1991", "1992")
# KO[9] says 10주년 and its English "tenth anniversary": a changed number cannot be put right safely.
TENTH_KO = KO[9].replace("10주년", "30주년")
EDITED_KO = KO[3].replace("약속했다", "약속하였다")


def test_doctests():
    assert doctest.testmod(pretranslate).failed == 0
    assert doctest.testmod(bilingual).failed == 0


def document(tmp_path, *paragraphs: str, name="doc.ko.txt"):
    path = tmp_path / name
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


def xliff12(path):
    from translate.storage import xliff

    return [u for u in xliff.xlifffile.parsefile(str(path)).units if not u.isheader()]


def test_each_kind_of_target(builtin_db, tmp_path):
    doc = document(tmp_path, KO[1], EDITED_KO, YEAR_KO, TENTH_KO, NEW_KO)
    out = tmp_path / "doc.xlf"
    result = api.pretranslate(builtin_db, doc, out)
    assert result.counts == {"exact": 1, "fixed": 1, "fuzzy": 2, "kept": 0, "draft": 0, "none": 1}
    assert result.format == "xliff" and result.source_lang == "ko"
    units = xliff12(out)
    assert [u.source for u in units] == [KO[1], EDITED_KO, YEAR_KO, TENTH_KO, NEW_KO]
    assert units[0].target == EN[1]
    assert units[1].target == EN[3]
    assert units[2].target == EN[11].replace("1991", "1992")
    assert units[3].target == EN[9]  # "tenth" is not 10: left as the match has it, with a note
    assert units[4].target == ""


def test_states_candidates_and_notes_in_xliff12(builtin_db, tmp_path):
    from lxml import etree

    doc = document(tmp_path, KO[1], YEAR_KO, TENTH_KO, NEW_KO)
    out = tmp_path / "doc.xlf"
    api.pretranslate(builtin_db, doc, out, candidates=2)
    ns = {"x": bilingual.XLIFF12_NS}
    tree = etree.parse(str(out))
    tus = tree.findall(".//x:trans-unit", ns)
    targets = [tu.find("x:target", ns) for tu in tus]
    assert [(t.get("state"), t.get("state-qualifier")) for t in targets] == [
        ("translated", "exact-match"),
        ("needs-review-translation", "leveraged-tm"),
        ("needs-review-translation", "fuzzy-match"),
        ("needs-translation", None),
    ]
    alts = tus[1].findall("x:alt-trans", ns)
    assert 1 <= len(alts) <= 2
    assert float(alts[0].get("match-quality")) >= 75 and alts[0].findtext("x:source", namespaces=ns) == KO[11]
    assert alts[0].get("origin") == SEGS[11].source
    notes = [n.text for n in tus[1].findall("x:note", ns)]
    assert any("1991 → 1992" in n for n in notes)
    assert "glossary: 카자흐스탄 = Kazakhstan" in notes
    tenth = [n.text for n in tus[2].findall("x:note", ns)]
    assert any("differs in numbers" in n and "10 → 30" in n for n in tenth)
    assert not tus[3].findall("x:alt-trans", ns)
    file = tree.find("x:file", ns)
    assert (file.get("source-language"), file.get("target-language"), file.get("original")) == ("ko", "en", doc.name)


def test_xliff21_candidates_module(builtin_db, tmp_path):
    from lxml import etree
    from translate.storage import xliff2

    doc = document(tmp_path, KO[1], YEAR_KO, NEW_KO)
    out = tmp_path / "doc.xlf2"
    result = api.pretranslate(builtin_db, doc, out)
    assert result.format == "xliff2"
    ns = {"x": bilingual.XLIFF2_NS, "mtc": bilingual.MTC_NS}
    tree = etree.parse(str(out))
    assert tree.getroot().get("version") == "2.1" and tree.getroot().get("srcLang") == "ko"
    units = tree.findall(".//x:unit", ns)
    segs = [u.find("x:segment", ns) for u in units]
    assert [(s.get("state"), s.get("subState")) for s in segs] == [
        ("translated", "kotm:exact-match"),
        ("initial", "kotm:fixed-match"),
        ("initial", "kotm:no-match"),
    ]
    match = units[1].find("mtc:matches/mtc:match", ns)
    assert match.get("ref") == "#s1" and float(match.get("matchQuality")) >= 75
    assert match.findtext("x:source", namespaces=ns) == KO[11]
    # The module comes before the notes and the segment in a unit, as the core schema orders them.
    assert [etree.QName(c).localname for c in units[1]] == ["matches", "notes", "segment"]
    store = xliff2.Xliff2File.parsefile(str(out))
    read = [(u.source, u.target) for u in store.units]
    assert read[0] == (KO[1], EN[1]) and read[1][1] == EN[11].replace("1991", "1992")


def test_english_source_gives_korean_targets(builtin_db, tmp_path):
    doc = document(tmp_path, EN[1], EN[2], name="doc.en.txt")
    out = tmp_path / "doc.po"
    result = api.pretranslate(builtin_db, doc, out)
    assert result.source_lang == "en" and result.counts["exact"] == 2
    import polib

    po = polib.pofile(str(out))
    assert po.metadata["Language"] == "ko"
    assert [(e.msgid, e.msgstr) for e in po] == [(EN[1], KO[1]), (EN[2], KO[2])]


PO_DOC = """\
# The user interface of our app.
msgid ""
msgstr ""
"Project-Id-Version: our app 2.0\\n"
"Language: ko\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

#. A comment for translators from the code
#: src/app.c:10
msgctxt "menu"
msgid "{first}"
msgstr ""

#: src/app.c:20
#, c-format
msgid "{edited}"
msgstr ""

#: src/app.c:30
msgid "Kazakhstan"
msgstr "카자흐스탄 (검토 완료)"

#, fuzzy
msgid "A sentence no memory holds, in the end."
msgstr "오래된 초안"
"""


def test_po_document_keeps_what_the_file_held(builtin_db, tmp_path):
    import polib

    doc = tmp_path / "ui.pot"
    edited_en = EN[3].replace("pledged", "promised") if "pledged" in EN[3] else EN[3][:-1] + " too."
    doc.write_text(PO_DOC.format(first=EN[1], edited=edited_en), encoding="utf-8")
    out = tmp_path / "ui.ko.po"
    result = api.pretranslate(builtin_db, doc, out)
    assert result.source_lang == "en"
    assert result.counts["exact"] == 1 and result.counts["kept"] == 1 and result.counts["draft"] == 1
    po = polib.pofile(str(out))
    # The same kind of file again: its header as it was.
    assert out.read_text(encoding="utf-8").startswith("# The user interface of our app.\nmsgid")
    assert po.metadata["Project-Id-Version"] == "our app 2.0"
    entries = {e.msgid: e for e in po}
    first = entries[EN[1]]
    assert first.msgctxt == "menu" and first.msgstr == KO[1] and "fuzzy" not in first.flags
    assert first.occurrences == [("src/app.c", "10")]
    assert "A comment for translators from the code" in first.comment
    edited = entries[edited_en]
    assert edited.msgstr == KO[3] and "fuzzy" in edited.flags and "c-format" in edited.flags
    assert "% match" in edited.comment
    assert entries["Kazakhstan"].msgstr == "카자흐스탄 (검토 완료)"  # confirmed in the file: kept
    draft = entries["A sentence no memory holds, in the end."]
    assert draft.msgstr == "오래된 초안" and "fuzzy" in draft.flags
    if shutil.which("msgfmt"):
        check = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(out)], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr


def test_tmx_output_is_valid_and_carries_the_score(builtin_db, tmp_path, shared):
    from lxml import etree

    doc = document(tmp_path, KO[1], EDITED_KO, NEW_KO)
    out = tmp_path / "doc.tmx"
    api.pretranslate(builtin_db, doc, out)
    dtd = etree.DTD(str(shared / "formats" / "tmx" / "tmx14.dtd"))
    tree = etree.parse(str(out))
    assert dtd.validate(tree), dtd.error_log.filter_from_errors()
    props = [tu.findtext("prop[@type='x-kotm-how']") for tu in tree.iter("tu")]
    assert props == ["exact", "fuzzy", "none"]


def test_repetitions_and_a_segment_in_the_other_language(builtin_db, tmp_path):
    doc = document(tmp_path, KO[1], KO[1], EN[2])
    out = tmp_path / "doc.xlf"
    result = api.pretranslate(builtin_db, doc, out)
    assert result.counts["exact"] == 2 and result.counts["none"] == 1
    units = xliff12(out)
    assert units[2].target == "" and "is in English, not Korean" in units[2].getnotes()


def test_min_score_sets_what_is_put_in(builtin_db, tmp_path):
    doc = document(tmp_path, EDITED_KO)
    assert api.pretranslate(builtin_db, doc, tmp_path / "a.xlf", min_score=99.9).counts["none"] == 1
    assert api.pretranslate(builtin_db, doc, tmp_path / "b.xlf", min_score=80).counts["fuzzy"] == 1


def test_stdout_and_formats(builtin_db, tmp_path):
    with pytest.raises(InputError, match="cannot tell the output format"):
        api.pretranslate(builtin_db, document(tmp_path, KO[1]), tmp_path / "out.docx")
    with pytest.raises(InputError, match="min-score"):
        api.pretranslate(builtin_db, document(tmp_path, KO[1]), tmp_path / "out.xlf", min_score=0)
    assert bilingual.output_format("a.b/out", "po") == "po"


def test_fix_is_safe():
    # One number changed, twice in the source and twice in the target: both replaced.
    assert fix("2020년과 2020년", "2019년과 2019년", "2019 and 2019") == ("2020 and 2020", (("2019", "2020"),))
    # The target spells the number once where the source has it twice: not safe.
    assert fix("2020년과 2020년", "2019년과 2019년", "2019 twice") is None
    # Other words differ too: not a fix.
    assert fix("2020년 협력을 멈췄다.", "2019년 협력을 시작했다.", "Cooperation began in 2019.") is None
    # Placeholders: {0} → {1}.
    assert fix("Open {1} now", "Open {0} now", "{0} 지금 열기") == ("{1} 지금 열기", (("{0}", "{1}"),))
    # A number that changes in one place and stays in another: which of the target's to change is not known.
    assert fix("4명이 3일 동안 머물렀다.", "3명이 3일 동안 머물렀다.", "3 people stayed for 3 days.") is None
    assert fix("Open {1} and {0}", "Open {0} and {0}", "{0}와 {0} 열기") is None
    # Two numbers swap places: each maps to one new value.
    assert fix("3 of 5", "5 of 3", "3개 중 5개") == ("5개 중 3개", (("5", "3"), ("3", "5")))


class Stored:
    """A stored segment as the matcher gives it (the real Match record of kotm.tm.fuzzy)."""

    @staticmethod
    def match(ko: str, en: str, score: float):
        from kotm.tm.fuzzy import Match
        from kotm.units import Segment

        return Match(Segment(ko, en, id=1), score, "ko", ())


def test_memory_is_flat_in_the_length_of_a_document():
    import tracemalloc

    match = Stored.match(KO[1], EN[1], 100.0)
    worker = Pretranslator(lambda text, lang: [match], cache=100)

    def run(n: int) -> int:
        segs = (DocSegment(f"{KO[1]} {i}", "ko", id=str(i)) for i in range(n))
        tracemalloc.start()
        out = _Discard()
        bilingual.write(worker.translate(segs, "ko"), out, "xliff", source_lang="ko")
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return peak

    # Past the few thousand texts whose results are cached for repetitions, nothing grows: five times the
    # document, the same peak (give or take the ids seen, 8 bytes each in XLIFF 2.1, none in 1.2).
    small, large = run(1_000), run(5_000)
    assert large < small * 1.2, (small, large)


class _Discard(io.RawIOBase):
    def writable(self) -> bool:
        return True

    def write(self, b) -> int:
        return len(b)


def test_cli_summary_and_json(tmp_path):
    runner = CliRunner()
    db = str(tmp_path / "k.db")
    doc = document(tmp_path, KO[1], EDITED_KO, NEW_KO)
    out = tmp_path / "doc.xlf"
    result = runner.invoke(cli, ["--db", db, "pretranslate", str(doc), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "identical match" in result.stdout and "no match (empty target)" in result.stdout
    assert f"Wrote 3 segments (Korean source) to {out} as XLIFF 1.2." in result.stdout
    as_json = runner.invoke(cli, ["--db", db, "pretranslate", str(doc), "-o", str(out), "--json"])
    assert json.loads(as_json.stdout)["counts"]["exact"] == 1
    to_stdout = runner.invoke(cli, ["--db", db, "pretranslate", str(doc), "-o", "-", "--format", "po"])
    assert to_stdout.exit_code == 0 and f'msgstr "{EN[1]}"' in to_stdout.stdout
    assert "Wrote 3 segments" in to_stdout.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "out.docx"], "cannot tell the output format"),
        (["-o", "missing/out.xlf"], "does not exist"),
        (["-o", "out.xlf", "--min-score", "0"], "--min-score"),
        (["-o", "out.xlf", "--format", "html"], "--format"),
    ],
)
def test_cli_bad_input(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    doc = document(tmp_path, KO[1])
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "k.db"), "pretranslate", str(doc), *args])
    assert result.exit_code in (1, 2) and message in result.stderr
    assert "Traceback" not in result.output
    assert not list(tmp_path.glob("out*")) and not list(tmp_path.glob(".out*"))


def test_what_xml_cannot_hold_is_dropped_and_said(builtin_db, tmp_path):
    doc = document(tmp_path, NEW_KO.replace("맑고", "맑\x07고"))
    warnings = []
    for fmt, name in (("xliff", "a.xlf"), ("xliff2", "a.xlf2")):
        api.pretranslate(builtin_db, doc, tmp_path / name, fmt=fmt, on_warning=warnings.append)
        from lxml import etree

        etree.parse(str(tmp_path / name))  # well-formed
    assert len(warnings) == 2 and "dropped 1 character(s) that XML cannot hold" in warnings[0]


@pytest.mark.parametrize(("fmt", "name"), [("xliff", "doc.xlf"), ("xliff2", "doc.xlf2")])
def test_xliff_outputs_are_valid_against_the_oasis_schemas(builtin_db, tmp_path, fmt, name):
    from xliff_schemas import validate

    # Every kind of target, notes, candidates, an English segment in a Korean document, and markup-like text.
    doc = document(tmp_path, KO[1], EDITED_KO, YEAR_KO, TENTH_KO, NEW_KO, EN[2], "<b>협력</b> & \"양국\" 'x'")
    out = tmp_path / name
    api.pretranslate(builtin_db, doc, out, fmt=fmt)
    assert validate(out) == []


def test_po_documents_in_xliff_are_valid(builtin_db, tmp_path):
    from xliff_schemas import validate

    doc = tmp_path / "ui.pot"
    doc.write_text(PO_DOC.format(first=EN[1], edited=EN[3]), encoding="utf-8")
    for fmt, name in (("xliff", "ui.xlf"), ("xliff2", "ui.xlf2")):
        api.pretranslate(builtin_db, doc, tmp_path / name, fmt=fmt)
        assert validate(tmp_path / name) == []


def test_an_output_that_cannot_be_written_is_one_line(tmp_path):
    doc = document(tmp_path, KO[1])
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "k.db"), "pretranslate", str(doc), "-o", "/proc/x.xlf"])
    assert result.exit_code == 1 and result.stderr.splitlines()[-1].startswith("Error: cannot write /proc/x.xlf")
    assert "Traceback" not in result.output


def test_glossary_notes_name_the_term_as_the_glossary_lists_it(builtin_db_file, tmp_path):
    from kotm.store import open_db

    shutil.copy(builtin_db_file, tmp_path / "kotm.db")
    db = open_db(tmp_path / "kotm.db")
    api.add_term(db, "개최하다", "host")
    api.add_term(db, "협력", "collaboration", status="forbidden")
    doc = document(tmp_path, "양국은 내년에 포럼을 개최할 예정이며 협력을 강화한다.")
    out = tmp_path / "doc.xlf"
    api.pretranslate(db, doc, out)
    notes = xliff12(out)[0].getnotes()
    assert "glossary: 개최할 (개최하다) = host" in notes
    assert "glossary: 협력 = cooperation; cooperate (not: collaboration)" in notes
    without = tmp_path / "bare.xlf"
    api.pretranslate(db, doc, without, terms=False)
    assert "glossary" not in xliff12(without)[0].getnotes()


def test_scope_takes_matches_and_terms_from_that_part_only(tmp_path, monkeypatch):
    """--domain (or $KOTM_DOMAIN, which a software project sets once) keeps the diplomatic memory and glossary out
    of a pre-translation and an analysis."""
    runner = CliRunner()
    db = str(tmp_path / "k.db")
    doc = document(tmp_path, KO[1])
    out = tmp_path / "doc.xlf"
    everything = json.loads(runner.invoke(cli, ["--db", db, "pretranslate", str(doc), "-o", str(out), "--json"]).stdout)
    assert everything["counts"]["exact"] == 1 and "glossary:" in xliff12(out)[0].getnotes()
    scoped = runner.invoke(
        cli, ["--db", db, "pretranslate", str(doc), "-o", str(out), "--domain", "software", "--json"]
    )
    assert json.loads(scoped.stdout)["counts"]["none"] == 1
    assert "glossary:" not in xliff12(out)[0].getnotes()
    monkeypatch.setenv("KOTM_DOMAIN", "software")
    analysis = json.loads(runner.invoke(cli, ["--db", db, "analyze", str(doc), "--json"]).stdout)
    assert {b["band"]: b["segments"] for b in analysis["total"]["bands"]}["no-match"] == 1
    monkeypatch.setenv("KOTM_DOMAIN", "diplomacy")
    analysis = json.loads(runner.invoke(cli, ["--db", db, "analyze", str(doc), "--json"]).stdout)
    assert {b["band"]: b["segments"] for b in analysis["total"]["bands"]}["100"] == 1


def test_a_crlf_po_document_keeps_its_header_once(builtin_db, tmp_path):
    import polib

    doc = tmp_path / "ui.po"
    text = PO_DOC.format(first=EN[1], edited=EN[3])
    doc.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    out = tmp_path / "out.po"
    api.pretranslate(builtin_db, doc, out)
    po = polib.pofile(str(out))
    assert po.metadata["Project-Id-Version"] == "our app 2.0"
    assert len(po) == 4
    if shutil.which("msgfmt"):
        check = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(out)], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr


def test_json_beside_a_document_on_stdout_goes_to_stderr(tmp_path):
    doc = document(tmp_path, KO[1])
    args = ["--db", str(tmp_path / "k.db"), "pretranslate", str(doc), "-o", "-", "--format", "po", "--json"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0
    assert result.stdout.startswith("#\nmsgid") and '"counts"' not in result.stdout
    assert json.loads(result.stderr[result.stderr.index("{") :])["counts"]["exact"] == 1


def test_a_draft_in_the_file_is_never_overwritten(builtin_db, tmp_path):
    """A fuzzy PO entry (a draft, a machine translation) stays as the translator left it; the memory's match is
    offered beside it."""
    import polib

    doc = tmp_path / "ui.po"
    doc.write_text(
        f'msgid ""\nmsgstr ""\n"Language: ko\\n"\n\n#, fuzzy\nmsgid "{EN[1]}"\nmsgstr "초안"\n', encoding="utf-8"
    )
    result = api.pretranslate(builtin_db, doc, tmp_path / "out.po")
    assert result.counts["draft"] == 1 and result.counts["exact"] == 0
    entry = polib.pofile(str(tmp_path / "out.po"))[0]
    assert entry.msgstr == "초안" and "fuzzy" in entry.flags
    assert "the file's own draft is kept; the memory's best is a 100% match" in entry.comment
    api.pretranslate(builtin_db, doc, tmp_path / "out.xlf")
    unit = xliff12(tmp_path / "out.xlf")[0]
    assert unit.target == "초안"
    assert [alt.target for alt in unit.getalttrans()][:1] == [KO[1]]


def test_a_draft_in_the_memory_is_no_100_match(builtin_db_file, tmp_path):
    from kotm.store import open_db

    shutil.copy(builtin_db_file, tmp_path / "kotm.db")
    db = open_db(tmp_path / "kotm.db")
    po = tmp_path / "drafts.po"
    po.write_text(f'msgid ""\nmsgstr ""\n"Language: ko\\n"\n\n#, fuzzy\nmsgid "{NEW_EN}"\nmsgstr "{NEW_KO}"\n')
    api.import_files(db, [po], include_fuzzy=True)
    doc = document(tmp_path, NEW_EN, name="doc.en.txt")
    assert api.pretranslate(db, doc, tmp_path / "a.xlf", min_score=100).counts["none"] == 1
    result = api.pretranslate(db, doc, tmp_path / "b.xlf", min_score=99)
    assert result.counts["fuzzy"] == 1
    bands = {b["band"]: b["segments"] for b in api.analyze(db, [doc]).to_dict()["total"]["bands"]}
    assert bands["95-99"] == 1 and bands["100"] == 0  # analysis and pre-translation agree


NEW_EN = "Today Seoul will be clear with a light wind."


def test_a_pretranslated_tmx_gives_back_only_what_is_confirmed(builtin_db_file, tmp_path):
    """A TMX written by pretranslate is for a CAT tool's memory; imported into kotm again, its fuzzy and fixed
    targets are not taken for translations."""
    from kotm.store import open_db

    shutil.copy(builtin_db_file, tmp_path / "kotm.db")
    db = open_db(tmp_path / "kotm.db")
    doc = document(tmp_path, KO[1], EDITED_KO, YEAR_KO, NEW_KO)
    out = tmp_path / "doc.tmx"
    api.pretranslate(db, doc, out)
    report = api.import_files(db, [out]).to_dict()
    assert report["totals"]["added"] == 0 and report["totals"]["existing"] == 1
    reasons = {r["reason"]: r["count"] for r in report["files"][0]["reasons"]}
    assert reasons["pre-translated by kotm, not confirmed (x-kotm-how fuzzy)"] == 1
    assert reasons["pre-translated by kotm, not confirmed (x-kotm-how fixed)"] == 1


def test_a_tmx_document_of_sources_only(builtin_db, tmp_path):
    doc = tmp_path / "doc.tmx"
    doc.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="x" creationtoolversion="1"'
        ' segtype="sentence" o-tmf="x" adminlang="en" srclang="ko" datatype="plaintext"/><body>'
        f'<tu tuid="a1"><tuv xml:lang="ko"><seg>{KO[1]}</seg></tuv></tu>'
        f'<tu tuid="a2"><tuv xml:lang="ko"><seg>{NEW_KO}</seg></tuv></tu></body></tmx>',
        encoding="utf-8",
    )
    result = api.pretranslate(builtin_db, doc, tmp_path / "out.xlf")
    assert result.counts["exact"] == 1 and result.counts["none"] == 1


def test_the_direction_is_most_of_the_first_segments(builtin_db, tmp_path):
    """A Korean document that opens with a date is still a Korean document; --source-lang says it outright."""
    doc = document(tmp_path, "2019-04-22", KO[1], KO[2])
    result = api.pretranslate(builtin_db, doc, tmp_path / "out.xlf")
    assert result.source_lang == "ko" and result.counts["exact"] == 2
    assert xliff12(tmp_path / "out.xlf")[0].source == "2019-04-22"
    forced = CliRunner().invoke(
        cli,
        [
            "--db",
            str(tmp_path / "k.db"),
            "pretranslate",
            str(doc),
            "-o",
            str(tmp_path / "e.xlf"),
            "--source-lang",
            "en",
            "--json",
        ],
    )
    assert json.loads(forced.stdout)["source_lang"] == "en"


def test_memory_is_flat_with_the_real_matcher_and_glossary(builtin_db):
    """The same with kotm's own fuzzy matcher and glossary scan on every segment, all texts distinct: what they
    keep between segments must not grow with the document."""
    import tracemalloc

    from kotm.glossary.recognize import scan
    from kotm.glossary.terms import db_lookups
    from kotm.tm.fuzzy import match

    lookups = db_lookups(builtin_db)
    worker = Pretranslator(
        lambda text, lang: match(builtin_db, text, lang=lang, min_score=75, limit=5),
        lambda text, lang: scan(builtin_db, text, lang=lang, lookups=lookups),
        cache=20,
    )

    def run(n: int, start: int) -> int:
        segs = (DocSegment(f"{KO[i % len(KO)]} ({i})", "ko", id=str(i)) for i in range(start, start + n))
        tracemalloc.start()
        bilingual.write(worker.translate(segs, "ko"), _Discard(), "xliff", source_lang="ko")
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return peak

    run(50, 0)  # the analysers and lemminflect load once
    small, large = run(100, 1_000), run(400, 10_000)
    assert large < small * 1.5, (small, large)
