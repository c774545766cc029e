"""kotm.qa: each check finds an error planted in a real sentence of the built-in corpus, with the right suggestion,
and stays quiet on the corpus itself."""

from __future__ import annotations

import pytest

from kotm import api, queries
from kotm.qa import CHECKS, check_unit
from kotm.qa.numbers import en_numbers, ko_numbers
from kotm.qa.particles import disagreements
from kotm.qa.placeholders import placeholders
from kotm.qa.terms import Glossary
from kotm.units import Segment, Term


@pytest.fixture
def glossary(builtin_db):
    return Glossary(queries.iter_term_keys(builtin_db))


def only(unit, check, glossary=None):
    return [f for f in check_unit(unit, CHECKS, glossary) if f.check == check]


def test_the_builtin_corpus_is_clean(builtin_db):
    report = api.check(builtin_db)
    assert report.units == 51
    assert report.findings == [], [f.message for f in report.findings]


def test_term_missing_from_the_target(glossary):
    ko = "양국은 국제 IT 협력센터를 설립하기로 합의했다."
    good = Segment(ko, "The two countries agreed to set up an International IT Cooperation Centre.")
    bad = Segment(ko, "The two countries agreed to set up a centre for IT.")
    assert only(good, "term", glossary) == []
    [f] = only(bad, "term", glossary)
    assert f.suggestion == "International IT Cooperation Centre"
    assert ko[slice(*f.spans["ko"][0])] == "국제 IT 협력센터"


def test_term_matched_with_inflection_on_both_sides(glossary):
    # 협력센터를 satisfies 협력센터 (en→ko); "hosted" satisfies host (ko→en, 개최하다 by its lemma in 개최했다).
    en = "The International IT Cooperation Centre will open."
    assert only(Segment("국제 IT 협력센터를 연다.", en, source_lang="en"), "term", glossary) == []
    [f] = only(Segment("국제 IT 센터를 연다.", en, source_lang="en"), "term", glossary)
    assert f.suggestion == "국제 IT협력센터" and f.spans["en"]


def test_forbidden_rendering(tmp_path):
    db = api.open_or_create(tmp_path / "f.db")
    api.add_term(db, "누르술탄", "Nursultan", status="forbidden")
    api.add_term(db, "누르술탄", "Nur-Sultan", status="preferred")
    glossary = Glossary(queries.iter_term_keys(db))
    [f] = only(Segment("정상회담은 누르술탄에서 열렸다.", "The summit was held in Nursultan."), "forbidden", glossary)
    assert f.suggestion == "Nur-Sultan" and "forbidden" in f.message
    assert f.en[slice(*f.spans["en"][0])] == "Nursultan"
    assert only(Segment("정상회담은 누르술탄에서 열렸다.", "The summit was held in Nursultan."), "term", glossary) == []
    assert (
        only(Segment("정상회담은 누르술탄에서 열렸다.", "The summit was held in Nur-Sultan."), "forbidden", glossary)
        == []
    )


@pytest.mark.parametrize(
    ("ko", "en"),
    [
        ("2019년 4월 22일", "on 22 April 2019"),
        ("수교 30주년", "the 30th anniversary of relations"),
        ("3만 명", "30,000 people"),
        ("1억 2천만 달러", "120,000,000 dollars"),
        ("1억 2천만 달러", "120 million dollars"),
        ("１，０００개", "1000 units"),
        ("30% 증가", "a 30 percent rise"),
        ("세 번째 회의", "the third meeting"),
        ("제2차 회의", "the second meeting"),
        ("제2차 회의", "the 2nd meeting"),
    ],
)
def test_numbers_read_as_values(ko, en):
    assert only(Segment(ko, en), "number") == []


def test_number_differs_or_is_on_one_side():
    [f] = only(Segment("2019년 4월 22일 정상회담", "The summit on 22 April 2018"), "number")
    assert f.suggestion == "2019" and f.ko[slice(*f.spans["ko"][0])] == "2019"
    assert f.en[slice(*f.spans["en"][0])] == "2018"
    [f] = only(Segment("3만 명이 참석했다.", "3,000 people attended."), "number")
    assert f.suggestion == "30,000"
    [f] = only(Segment("회의가 열렸다.", "Five hundred and 12 people met."), "number")
    assert "12" in f.message and f.spans["en"]


def test_number_values():
    assert [n.value for n in ko_numbers("1억 2천만 명과 3만 명, 제2차, 30주년")[0]] == [1.2e8, 3e4, 2, 30]
    assert [n.value for n in en_numbers("the 30th, 1.2 million, 2019")[0]] == [30, 1.2e6, 2019]


@pytest.mark.parametrize(
    ("text", "host", "wrong", "right"),
    [
        ("서버을 다시 시작하세요.", "서버", "을", "를"),
        ("협력센터은 문을 열었다.", "협력센터", "은", "는"),
        ("카자흐스탄와 협력한다.", "카자흐스탄", "와", "과"),
        ("서울으로 간다.", "서울", "으로", "로"),
        ("파일로 저장하고 책로 읽는다.", "책", "로", "으로"),
        ("사과이나 배를", "사과", "이나", "나"),  # 이나 after a vowel, as the analyser reads it here
        ("커피이랑 빵", "커피", "이랑", "랑"),
        ("5G을 쓴다.", "5G", "을", "를"),
        ("IT은 중요하다.", "IT", "은", "는"),
        ("URL를 연다.", "URL", "를", "을"),
        ("2019년는 좋았다.", "2019년", "는", "은"),
        ("3를 더한다.", "3", "를", "을"),
        ("10를 뺀다.", "10", "를", "을"),
    ],
)
def test_particle_disagreement(text, host, wrong, right):
    [d] = [d for d in disagreements(text) if d.host == host]
    assert (d.text, d.suggestion) == (wrong, right)
    assert text[d.start : d.end] == wrong


def test_particles_that_agree_or_are_no_particles():
    ok = "서버를 협력센터는 서울로 5G를 URL을 IT는 2019년은 3을 10을 국가 경로 사이 먹는 있는 나은 GET은 IDLE은 사과나"
    assert disagreements(ok) == []


def test_particle_finding_suggests_the_word():
    [f] = only(Segment("서버을 다시 시작하세요.", "Restart the server."), "particle")
    assert f.suggestion == "서버를" and f.spans["ko"] == [(2, 3)]


def test_placeholders():
    assert [p.text for p in placeholders("%(n)d개 {0} %1$s ${HOME} <b>굵게</b> \\n, 50%를 <비어 있음>")] == [
        "%(n)d",
        "{0}",
        "%1$s",
        "${HOME}",
        "<b>",
        "</b>",
        "\\n",
    ]
    [f] = only(Segment("파일 %s을(를) 열 수 없습니다", "Cannot open file %s: %d", source_lang="en"), "placeholder")
    assert "%d" in f.message and f.spans["en"] and "keep %d" in f.suggestion
    assert only(Segment("<b>%s</b> 파일", "<b>%s</b> file", source_lang="en"), "placeholder") == []
    [f] = only(Segment("함수 '%s'의 인수 %d", "Argument %d of function '%s'", source_lang="en"), "placeholder")
    assert "another order" in f.message and "%1$s" in f.suggestion
    assert (
        only(Segment("함수 '%2$s'의 인수 %1$d", "Argument %1$d of function '%2$s'", source_lang="en"), "placeholder")
        == []
    )
    # a percentage in Korean is no printf placeholder
    assert only(Segment("3.5%p 증가, 100%의 확률", "a rise of 3.5 points, 100% sure"), "placeholder") == []


def test_tmx_inline_codes():
    unit = Segment(
        "굵게", "bold", ko_markup="굵게", en_markup='<bpt i="1">&lt;b&gt;</bpt>bold<ept i="1">&lt;/b&gt;</ept>'
    )
    [f] = only(unit, "placeholder")
    assert "inline codes" in f.message


def test_untranslated():
    [f] = only(Segment("", "Open the file", source_lang="en"), "untranslated")
    assert "empty" in f.message
    [f] = only(Segment("Open the file", "Open the file", source_lang="en"), "untranslated")
    assert "as it is" in f.message
    [f] = only(Segment("Ouvrir le fichier", "Open the file", source_lang="en"), "untranslated")
    assert "no Hangul" in f.message
    [f] = only(Segment("파일을 엽니다", "파일을 엽니다 now"), "untranslated")
    assert "Hangul" in f.message
    for kept in ("Godot", "``print()``", ">>> x = 1", "HTTP/2", "3.14"):
        assert only(Segment(kept, kept, source_lang="en"), "untranslated") == []
    # Korean copied to the English side of a ko→en unit, as it is.
    [f] = only(Segment("양국은 협력을 강화한다.", "양국은 협력을 강화한다."), "untranslated")
    assert "as it is" in f.message
    assert only(Segment("3.14", "3.14"), "untranslated") == []


def test_inconsistent_in_the_memory(tmp_path):
    db = api.open_or_create(tmp_path / "i.db")
    a = api.add_segment(db, "회의가 열렸다.", "The meeting was held.").id
    b = api.add_segment(db, "회의가 열렸다!", "A meeting took place.").id  # loose: the same source
    c = api.add_segment(db, "회의가  열렸다.", "The meeting was held").id  # the same once spacing is set aside
    report = api.check(db, checks="inconsistent")
    assert [f.check for f in report.findings] == []  # stored texts differ: the memory compares them exactly
    d = api.add_segment(db, "회의가 열렸다.", "The conference was held.").id
    report = api.check(db, checks=["inconsistent"])
    [f] = report.findings
    assert {m["id"] for m in f.group} == {a, d} and f.id == a
    assert b and c


def test_inconsistent_in_a_file(tmp_path):
    path = tmp_path / "t.tsv"
    path.write_text(
        "en\tko\nEnable the filter\t필터 켜기\nDisable the filter\t필터 켜기\nSave\t저장\nSave\t저장하기\n",
        encoding="utf-8",
    )
    report = api.check(api.open_or_create(tmp_path / "x.db"), files=[path], checks="inconsistent")
    lines = sorted(tuple(m["line"] for m in f.group) for f in report.findings)
    assert lines == [(2, 3), (4, 5)]


def test_check_names():
    assert api.check_names("number, particle") == ("number", "particle")
    with pytest.raises(Exception, match="unknown check"):
        api.check_names("numbers")


def test_report_to_dict(builtin_db):
    data = api.check(builtin_db, checks="number").to_dict()
    assert data["counts"] == {"number": 0} and data["units"] == 51 and data["findings"] == []


def test_term_status_round_trips(tmp_path):
    from kotm import formats

    terms = [Term("누르술탄", "Nursultan", status="forbidden"), Term("누르술탄", "Nur-Sultan", status="preferred")]
    for name in ("glossary.tbx", "glossary.tsv", "glossary.csv"):
        out = tmp_path / name
        formats.export(terms, out, formats.format_for(out))
        api.create(tmp_path / f"{name}.db", empty=True)
        db = api.open_existing(tmp_path / f"{name}.db")
        api.import_files(db, [out], terms=True)
        statuses = {(t.en, t.status) for t in queries.iter_terms(db) if t.ko == "누르술탄"}
        assert {("Nursultan", "forbidden"), ("Nur-Sultan", "preferred")} <= statuses, name


# ---- planted from the real files (../shared/corpora): a false alarm of an earlier version next to a real error


@pytest.mark.parametrize(
    "kept",
    [
        "from .foo import Foo",  # Python docs, reference/import.po
        ":rfc:`2368` - The mailto URL scheme.",  # a standard cited by its title
        "Copyright © 1995-2000 Corporation for National Research Initiatives. All rights reserved.",
        "utf-8, utf-16, utf-32, utf-16-be, utf-16-le, utf-32-be, utf-32-le",
        '"[Non-text (%(type)s) part of message omitted, filename %(filename)s]"',
        "Running worker\nRunning worker\nMain thread sleeping\nWorker <Thread(worker 1, started 1302)> running with 0",
        "if 'message-id' in myMessage:\n   print('Message-ID:', myMessage['message-id'])",
        'M. Matsumoto and T. Nishimura, "Mersenne Twister", ACM Transactions on Modeling and Computer Simulation',
        "LATIN SMALL LETTER I WITH DIAERESIS",
        "Vinay Sajip <vinay_sajip at red-dove dot com>",
    ],
)
def test_untranslated_keeps_code_names_and_references(kept):
    assert only(Segment(kept, kept, source_lang="en"), "untranslated") == []


def test_untranslated_still_finds_copied_prose():
    # python-docs-ko keeps its credit lines in English (67 copied, none translated): names, not prose
    credit = "(Contributed by Łukasz Langa and Guido van Rossum in :issue:`18395`.)"
    assert only(Segment(credit, credit, source_lang="en"), "untranslated") == []
    prose = "(Contributed by Victor Stinner in :issue:`18395`, based on patches by Ned Deily.)"
    [f] = only(Segment(prose, prose, source_lang="en"), "untranslated")
    assert f.suggestion == "translate it"
    godot = "This animation belongs to an imported scene.\n\nTo modify this animation, open its settings."
    assert only(Segment(godot, godot, source_lang="en"), "untranslated")


def test_inconsistent_korean_spacing_is_free():
    from kotm.qa.consistency import Groups, Member

    groups = Groups()
    groups.add(Member({"line": 1}, "메시 라이브러리...", "MeshLibrary...", "en"))  # Godot editor.ko.po
    groups.add(Member({"line": 2}, "메시라이브러리", "MeshLibrary", "en"))
    assert list(groups.findings()) == []
    groups.add(Member({"line": 3}, "FBX 가져오기 구성...", "Configure FBX Importer...", "en"))
    groups.add(Member({"line": 4}, "FBX 임포터 구성", "Configure FBX Importer", "en"))
    [f] = groups.findings()
    assert f.check == "inconsistent" and [m["line"] for m in f.group] == [3, 4]


@pytest.mark.parametrize(
    ("ko", "en"),
    [
        ("비었거나 하나의 항목을 갖는 튜플", "tuples containing 0 or 1 items"),  # tutorial/datastructures.po
        ("*x* 의 상용로그를 반환합니다.", "Returns the base 10 logarithm of *x*."),  # library/decimal.po
        (
            "최대 9999줄을 유지할 수 있으며, 기본값은 300입니다.",
            "keeps a user-settable 1 to 9999 lines, with 300 the default.",
        ),
        ("2천 개 이상의 문자를 갖는 엔티티", "one large entity with a couple of thousand chars"),  # library/xml.po
        (
            "좌클릭+드래그: 3D 공간에서 두 점 사이의 거리를 측정합니다.",
            "LMB+Drag: Measure distance between two points.",
        ),
    ],
)
def test_numbers_said_otherwise(ko, en):
    assert only(Segment(ko, en, source_lang="en"), "number") == []


def test_numbers_that_really_differ():
    # library/zlib.po: "a default value of 0" as 기본값 1 (부호 없는, "unsigned", says no zero)
    ko = "결과는 부호 없는 32비트 정수입니다. 그렇지 않으면, 기본값 1이 사용됩니다."
    [f] = only(
        Segment(
            ko, "The result is an unsigned 32-bit integer; otherwise, a default value of 0 is used.", source_lang="en"
        ),
        "number",
    )
    assert f.suggestion == "0"
    [f] = only(
        Segment("아이콘 144 X 144 다크", "Icon 1024 X 1024 Dark", source_lang="en"), "number"
    )  # properties.ko.po
    assert f.suggestion == "1024"
    [f] = only(Segment("2D 씬", "3D scene", source_lang="en"), "number")
    assert f.suggestion == "3"


def test_particles_after_code_names():
    assert disagreements(r"자리 올림은 :const:`ROUND_HALF_UP`\으로 설정됩니다.") == []  # UP is read 업
    [d] = disagreements("키가 항상 UTF-8으로 인코딩되었습니다.")  # library/shelve.po
    assert d.word == "UTF-8로"
    [d] = disagreements(r":pep:`492`\을 확장한 제안.")  # 사백구십이
    assert d.suggestion == "를"


@pytest.fixture
def lean_glossary(tmp_path):
    """Entries of the lean4game glossary (../shared/corpora/glossary), English→Korean."""
    api.create(tmp_path / "lean.db", empty=True)
    db = api.open_existing(tmp_path / "lean.db")
    for en, ko in [
        ("file", "파일"),
        ("command", "명령어"),
        ("unlocked", "잠금 해제가 된"),
        ("unlock", "잠금 해제를 하다"),
        ("space", "공간"),
    ]:
        api.add_term(db, ko, en, source_lang="en")
    return Glossary(queries.iter_term_keys(db))


def test_term_word_sense_from_the_sentence(lean_glossary):
    from kotm.qa.terms import en_use

    source = "Feel free to file a <1>GitHub Issue</1> about any problems you experience!"
    at = source.index("file")
    assert en_use(source, at, at + 4) == "verb"
    ko = "문제를 겪으면 거리낌 없이 <1>깃허브 이슈</1>를 제출해 주세요!"  # lean4game TMX: file (verb) is 제출
    assert only(Segment(ko, source, source_lang="en"), "term", lean_glossary) == []
    [f] = only(Segment("열기", "Open the file", source_lang="en"), "term", lean_glossary)  # the noun: 파일
    assert f.suggestion == "파일"


def test_term_predicate_rendering_present_as_its_noun(lean_glossary):
    assert only(Segment("아직 잠금 해제가 안 됨", "Not unlocked yet", source_lang="en"), "term", lean_glossary) == []
    [f] = only(Segment("아직 열리지 않음", "Not unlocked yet", source_lang="en"), "term", lean_glossary)
    assert f.suggestion == "잠금 해제가 된"
    [f] = only(Segment("실패한 명령", "Failed command", source_lang="en"), "term", lean_glossary)
    assert f.suggestion == "명령어"  # 명령 is another, shorter word than 명령어


def test_term_not_in_code_or_links(lean_glossary):
    source = "Set ``space`` to 2, see https://example.org/space or :class:`Space`."
    assert only(Segment("``space``를 2로 설정합니다.", source, source_lang="en"), "term", lean_glossary) == []
    [f] = only(Segment("빈칸을 넣습니다.", "Insert a space.", source_lang="en"), "term", lean_glossary)
    assert f.suggestion == "공간"


def test_term_glossary_of_the_domain(tmp_path):
    db = api.open_or_create(tmp_path / "d.db")
    api.load_builtin(db)  # the summit glossary: 우주 → space (ict-science)
    api.add_term(db, "노드", "node", source_lang="en", domain="software")
    po = tmp_path / "godot.ko.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: ko\\n"\n\nmsgid "Local space node"\nmsgstr "로컬 공간 노드"\n\n'
        'msgid "Add a node"\nmsgstr "추가"\n',
        encoding="utf-8",
    )
    every = api.check(db, files=[po], checks="term").findings
    assert sorted(f.suggestion for f in every) == ["노드", "우주"]
    [f] = api.check(db, files=[po], checks="term", domains=["software"]).findings
    assert f.suggestion == "노드" and f.line == 8
    assert [f.suggestion for f in api.check(db, files=[po], checks="term", domains=["ict-science"]).findings] == [
        "우주"
    ]
