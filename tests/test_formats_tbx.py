"""TBX reader (2008 martif and v3) and TBX-Basic writer: real files, OmegaT's schema, translate-toolkit."""

import io

import pytest
from lxml import etree

from kotm.errors import FormatError
from kotm.formats import ReadStats, read, tbx
from kotm.units import Term


def independent_count(path):
    """Full lxml parse + XPath: concepts, and Korean × English term pairs over concepts that have both."""
    tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    lang = "translate(substring(@xml:lang, 1, 2), 'KOEN', 'koen')"
    concepts = tree.xpath("//*[local-name()='termEntry' or local-name()='conceptEntry']")
    pairs = 0
    for c in concepts:
        sets = "*[local-name()='langSet' or local-name()='langSec']"
        ko = c.xpath(f"{sets}[{lang}='ko']//*[local-name()='term']")
        en = c.xpath(f"{sets}[{lang}='en']//*[local-name()='term']")
        pairs += len(ko) * len(en)
    return pairs, len(concepts)


def test_real_files_count_as_an_independent_count(shared):
    paths = sorted((shared / "formats/tbx").rglob("*.tbx"))
    for path in paths:
        stats = ReadStats()
        units = list(read(path, stats=stats))
        pairs, concepts = independent_count(path)
        assert len(units) == stats.units == pairs, path.name
        without = sum(stats.skipped.values())
        assert without <= concepts and (without == concepts) == (pairs == 0), path.name
    assert len(paths) == 9


def test_authored_2008_and_v3_agree(shared):
    old = list(read(shared / "formats/tbx/authored/kotm_ko-en_tbx2008_martif.tbx"))
    new = list(read(shared / "formats/tbx/authored/kotm_ko-en_tbx2019_v3_basic_dca.tbx"))
    assert [(t.ko, t.en, t.domain, t.note) for t in old] == [(t.ko, t.en, t.domain, t.note) for t in new]
    assert old[0] == Term("정상회담", "summit", domain="diplomacy", status="preferred")
    assert "en:administrativeStatus" not in old[0].props  # the Term's status now
    assert {t.ko for t in old} == {"정상회담", "협력", "연구·개발(R&D)"}


def test_export_validates_against_omegat_schema_and_reads_in_translate_toolkit(shared):
    from translate.storage.tbx import tbxfile

    terms = [
        Term("정상회담", "summit", domain="diplomacy", props={"ko:partOfSpeech": "noun"}),
        Term("정상회담", "summit meeting", domain="diplomacy", note="formal"),
        Term("정상회담", "top-level talks", domain="press"),
        Term("협력", "cooperation & collaboration <b>", note="줄\n바꿈"),
    ]
    out = io.BytesIO()
    assert tbx.write(terms, out) == 4
    data = out.getvalue()
    doc = etree.fromstring(data)
    xsd = etree.XMLSchema(etree.parse(str(shared / "formats/tbx/omegat-schema/tbx.xsd")))
    assert xsd.validate(doc), xsd.error_log
    assert doc.get("type") == "TBX-Basic"
    entries = doc.findall(".//termEntry")
    assert len(entries) == 3  # 정상회담 in diplomacy (2 renderings), in press, 협력
    assert len(entries[0].findall("langSet[@{http://www.w3.org/XML/1998/namespace}lang='en']/tig")) == 2
    theirs = [(u.source, u.target) for u in tbxfile.parsestring(data).units]
    assert theirs == [
        ("정상회담", "summit"),
        ("정상회담", "top-level talks"),
        ("협력", "cooperation & collaboration <b>"),
    ]
    back = list(tbx.read(io.BufferedReader(io.BytesIO(data))))
    assert [(t.ko, t.en, t.domain, t.note) for t in back] == [(t.ko, t.en, t.domain, t.note) for t in terms]


def test_entities_refused_and_wrong_root():
    bad = b'<!DOCTYPE martif [<!ENTITY x SYSTEM "file:///etc/passwd">]><martif><text><body/></text></martif>'
    with pytest.raises(FormatError, match="entities"):
        list(tbx.read(io.BufferedReader(io.BytesIO(bad))))
    with pytest.raises(FormatError, match="not a TBX file"):
        list(tbx.read(io.BufferedReader(io.BytesIO(b"<tmx><body><tu/></body></tmx>"))))
