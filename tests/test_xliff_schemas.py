"""The XLIFF validator of the tests (tests/xliff_schemas.py) against the OASIS schemas, and what it says of the XLIFF
that translate-toolkit, a real other tool, writes."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys

import pytest
from lxml import etree
from xliff_schemas import SCHEMAS, validate

XLIFF_12 = """\
<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">
  <file original="summit.txt" source-language="ko" target-language="en" datatype="plaintext">
    <header>
      <tool tool-id="kotm" tool-name="kotm" tool-version="0.1"/>
    </header>
    <body>
      <trans-unit id="1">
        <source>양국은 협력을 강화하기로 했습니다.</source>
        <target state="translated" state-qualifier="exact-match">The two countries agreed to strengthen cooperation.</target>
        <alt-trans match-quality="87" origin="kotm" tool-id="kotm">
          <source>양국은 협력을 강화했습니다.</source>
          <target>The two countries strengthened cooperation.</target>
        </alt-trans>
        <note from="kotm">glossary: 협력 = cooperation</note>
      </trans-unit>
    </body>
  </file>
</xliff>
"""

XLIFF_21 = """\
<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" xmlns:mtc="urn:oasis:names:tc:xliff:matches:2.0"
       xmlns:mda="urn:oasis:names:tc:xliff:metadata:2.0" version="2.1" srcLang="ko" trgLang="en">
  <file id="f1" original="summit.txt">
    <unit id="u1">
      <mtc:matches>
        <mtc:match id="m1" ref="#1" matchQuality="87.5" similarity="87.5" origin="kotm" type="tm">
          <mda:metadata>
            <mda:metaGroup category="kotm">
              <mda:meta type="segment-id">42</mda:meta>
            </mda:metaGroup>
          </mda:metadata>
          <source>양국은 협력을 강화했습니다.</source>
          <target>The two countries strengthened cooperation.</target>
        </mtc:match>
      </mtc:matches>
      <mda:metadata>
        <mda:metaGroup category="kotm">
          <mda:meta type="best-match">87.5</mda:meta>
        </mda:metaGroup>
      </mda:metadata>
      <notes>
        <note category="kotm">glossary: 협력 = cooperation</note>
      </notes>
      <segment id="1" state="translated">
        <source>양국은 협력을 강화하기로 했습니다.</source>
        <target>The two countries agreed to strengthen cooperation.</target>
      </segment>
    </unit>
  </file>
</xliff>
"""


def changed(text: str, old: str, new: str) -> bytes:
    """The document with one change, which must apply (a test whose change missed would pass for nothing)."""
    assert text.count(old) == 1, old
    return text.replace(old, new).encode()


def moved(text: str, block: str, after: str) -> bytes:
    """The document with the element `block` (its first occurrence, tags included) moved to just after `after`."""
    match = re.search(rf"\n *<{block}>.*?</{block}>", text, re.S)
    assert match, block
    rest = text[: match.start()] + text[match.end() :]
    assert rest.count(after) == 1, after
    return rest.replace(after, after + match.group(0)).encode()


# The files and their checksums


def test_schema_files_are_the_ones_sources_names():
    """Every file in tests/data/xliff-schemas/ is listed in its SOURCES.md with the SHA-256 it has, and no other."""
    sources = (SCHEMAS / "SOURCES.md").read_text()
    listed = dict(re.findall(r"^\| `([^`]+)` \|.*\| `([0-9a-f]{64})` \|$", sources, re.M))
    present = {
        path.relative_to(SCHEMAS).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in SCHEMAS.rglob("*")
        if path.is_file() and path.name not in ("SOURCES.md", "LICENSE", ".gitattributes")
    }
    assert len(present) == 15
    assert present == listed


def test_the_12_schemas_are_unedited_and_import_xml_xsd_from_the_w3c():
    """The resolver, not an edit, keeps the 1.2 schemas offline: they still name the W3C's address."""
    for name in ("xliff-core-1.2-strict.xsd", "xliff-core-1.2-transitional.xsd"):
        data = (SCHEMAS / "1.2" / name).read_bytes()
        assert b'schemaLocation="http://www.w3.org/2001/xml.xsd"' in data
        assert b"\r\n" in data  # as OASIS published them


def test_without_the_resolver_the_12_schema_does_not_compile_offline():
    """So the local xml.xsd is what `validate` uses: a parser that refuses the network cannot build the schema."""
    parser = etree.XMLParser(no_network=True)
    with pytest.raises(etree.XMLSchemaParseError, match="lang"):
        etree.XMLSchema(etree.parse(str(SCHEMAS / "1.2" / "xliff-core-1.2-strict.xsd"), parser))


# XLIFF 1.2


def test_valid_12_file_passes_as_bytes_and_as_path(tmp_path):
    assert validate(XLIFF_12.encode()) == []
    path = tmp_path / "kotm.xlf"
    path.write_text(XLIFF_12, encoding="utf-8")
    assert validate(path) == []
    assert validate(str(path)) == []
    assert validate(path, strict=False) == []


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('state="translated"', 'state="bogus"', "attribute 'state': 'bogus' is not a valid value"),
        ('state-qualifier="exact-match"', 'state-qualifier="exact"', "attribute 'state-qualifier'"),
        ('<trans-unit id="1">', '<trans-unit id="1" score="87">', "The attribute 'score' is not allowed"),
        # an alt-trans's tool-id must name a <tool> of the header (a keyref)
        ('tool-id="kotm">', 'tool-id="okapi">', "KR_alt-trans_tool-id"),
        ("<target>The two countries strengthened cooperation.</target>", "", "alt-trans"),
        ('source-language="ko"', "", "'source-language' is required"),
    ],
)
def test_invalid_12_file_fails_strict(old, new, message):
    errors = validate(changed(XLIFF_12, old, new))
    assert len(errors) == 1, errors
    assert message in errors[0]
    assert errors[0].startswith("line ")


def test_transitional_takes_what_strict_refuses():
    """Transitional 1.2 skips what strict checks: an unqualified attribute, the deprecated `<file tool=…>`, and an
    attribute of another namespace. Strict 1.2's extension points are `processContents="strict"`: an element or
    attribute of a tool's own namespace is an error unless a schema for that namespace is loaded."""
    for old, new, message in [
        ('<trans-unit id="1">', '<trans-unit id="1" score="87">', "The attribute 'score' is not allowed"),
        ('datatype="plaintext"', 'datatype="plaintext" tool="kotm"', "The attribute 'tool' is not allowed"),
        (
            '<trans-unit id="1">',
            '<trans-unit id="1" xmlns:kotm="urn:kotm" kotm:score="87">',
            "No matching global attribute declaration available, but demanded by the strict wildcard",
        ),
    ]:
        document = changed(XLIFF_12, old, new)
        errors = validate(document)
        assert len(errors) == 1
        assert message in errors[0]
        assert validate(document, strict=False) == []


# XLIFF 2.1: core, Translation Candidates (mtc) and Metadata (mda)


def test_valid_21_file_passes(tmp_path):
    assert validate(XLIFF_21.encode()) == []
    path = tmp_path / "kotm.xlf"
    path.write_text(XLIFF_21, encoding="utf-8")
    assert validate(path) == []


def test_xliff_20_is_checked_by_the_same_schemas():
    assert validate(changed(XLIFF_21, 'version="2.1"', 'version="2.0"')) == []
    assert validate(changed(XLIFF_21, 'version="2.1"', 'version="2.0"').replace(b' id="m1"', b' id="m 1"')) != []


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        # the modules are loaded: without matches.xsd the lax extension point would let all of these through
        (' ref="#1"', "", "The attribute 'ref' is required but missing"),
        ('matchQuality="87.5"', 'matchQuality="150"', "greater than the maximum value allowed ('100.0')"),
        ('matchQuality="87.5"', 'matchQuality="87.5%"', "attribute 'matchQuality': '87.5%' is not a valid value"),
        ('type="tm"', 'type="fuzzy"', "attribute 'type': [facet 'enumeration']"),
        ("<target>The two countries strengthened cooperation.</target>", "", "Expected is ( {urn:oasis:"),
        ('<mda:meta type="segment-id">', "<mda:meta>", "'type' is required but missing"),
        ("<mtc:matches>", '<mtc:matches><kotm:x xmlns:kotm="urn:kotm"/>', "Element '{urn:kotm}x': This element"),
        # the core
        ('state="translated"', 'state="bogus"', "'initial', 'translated', 'reviewed', 'final'"),
        ('<segment id="1"', '<segment id="1" score="87"', "The attribute 'score' is not allowed"),
        (
            '<segment id="1"',
            '<segment xml:space="preserve" id="1"',
            "attribute '{http://www.w3.org/XML/1998/namespace}space'",
        ),
        ('<unit id="u1">', '<unit id="u 1">', "'u 1' is not a valid value of the atomic type 'xs:NMTOKEN'"),
        ('srcLang="ko"', "", "'srcLang' is required"),
    ],
)
def test_invalid_21_file_fails(old, new, message):
    errors = validate(changed(XLIFF_21, old, new))
    assert len(errors) == 1, errors
    assert message in errors[0]


def test_21_unit_children_come_in_order_modules_notes_segments():
    """A <unit> holds module and extension elements first, then <notes>, then <originalData>, then segments."""
    notes_first = moved(XLIFF_21, "notes", '<unit id="u1">')
    errors = validate(notes_first)
    assert len(errors) == 1
    assert "{urn:oasis:names:tc:xliff:matches:2.0}matches': This element is not expected" in errors[0]
    matches_last = moved(XLIFF_21, "mtc:matches", "</segment>")
    assert "This element is not expected" in validate(matches_last)[0]


def test_21_extensions_of_an_unknown_namespace_pass():
    """The core's extension points are lax: a namespace no schema declares is not checked (a tool's own data)."""
    element = changed(XLIFF_21, '<unit id="u1">', '<unit id="u1"><kotm:x xmlns:kotm="urn:kotm" a="1"><y/></kotm:x>')
    assert validate(element) == []
    attribute = changed(XLIFF_21, "<mtc:match ", '<mtc:match xmlns:kotm="urn:kotm" kotm:score="x" ')
    assert validate(attribute) == []


# Files the validator does not take


@pytest.mark.parametrize(
    "document",
    [
        b"<tmx version='1.4'/>",
        XLIFF_21.replace('version="2.1"', 'version="2.2"').encode(),
        XLIFF_12.replace("document:1.2", "document:1.1").replace('version="1.2"', 'version="1.1"').encode(),
    ],
)
def test_unknown_document_gives_one_error(document):
    errors = validate(document)
    assert len(errors) == 1
    assert errors[0].startswith("not XLIFF 1.2, 2.0 or 2.1: root element")


def test_not_well_formed_gives_one_error(tmp_path):
    assert validate(XLIFF_12.encode()[:-20])[0].startswith("not well-formed XML: ")
    assert validate(tmp_path / "absent.xlf")[0].startswith(f"cannot read {tmp_path / 'absent.xlf'}: ")


# translate-toolkit, a real other tool


def test_translate_toolkit_editing_a_12_file_keeps_it_strict_valid():
    """A CAT-like edit by translate-toolkit (new target, fuzzy, note, alt-trans, new unit) of kotm's 1.2 file."""
    from translate.storage import xliff

    store = xliff.xlifffile.parsestring(XLIFF_12.encode())
    unit = store.units[0]
    unit.target = "Both countries agreed to strengthen cooperation."
    unit.markfuzzy(True)
    unit.addnote("checked", origin="translator")
    unit.addalttrans("The two nations agreed.", origin="mt", sourcetxt=unit.source, matchquality="70")
    new = store.UnitClass("새 문장")
    new.target = "A new sentence."
    new.setid("2")
    store.addunit(new)
    written = bytes(store)
    assert b'xmlns="urn:oasis:names:tc:xliff:document:1.2"' in written
    assert written.count(b"<alt-trans") == 2
    assert validate(written) == []


def test_po2xliff_writes_xliff_11_which_fails_12_only_on_context_group_names(shared, tmp_path):
    """po2xliff (translate-toolkit) writes XLIFF 1.1, which has no schema here. Read as 1.2, its file breaks one
    rule of both 1.2 schemas: a trans-unit holds one <context-group name="po-reference"> per PO reference, and 1.2
    wants context-group names unique within a trans-unit."""
    po = shared / "corpora/po/godot-editor-l10n/extractable.ko.po"
    out = tmp_path / "extractable.xlf"
    subprocess.run(
        [sys.executable, "-m", "translate.convert.po2xliff", "--progress=none", str(po), str(out)],
        check=True,
        capture_output=True,
    )
    written = out.read_bytes()
    assert b'<xliff xmlns="urn:oasis:names:tc:xliff:document:1.1" version="1.1">' in written
    assert validate(written) == [
        "not XLIFF 1.2, 2.0 or 2.1: root element '{urn:oasis:names:tc:xliff:document:1.1}xliff', version '1.1'"
    ]
    as_12 = written.replace(b"document:1.1", b"document:1.2").replace(b'version="1.1"', b'version="1.2"')
    for strict in (True, False):
        errors = validate(as_12, strict=strict)
        assert errors
        assert all("Duplicate key-sequence ['po-reference']" in e and "U_context-group_name" in e for e in errors)


def test_translate_toolkit_xliff2_writer_breaks_two_core_rules():
    """translate-toolkit's XLIFF 2.0 writer puts xml:space on <segment> (the core allows it on <unit>, <group>,
    <file> and <xliff> only) and a note's <notes> inside <segment> (it belongs in <unit>, before the segments).
    With those two moved, what it writes is valid."""
    from translate.storage import xliff2

    store = xliff2.Xliff2File(sourcelanguage="ko", targetlanguage="en")
    unit = store.addsourceunit("양국은 협력을 강화하기로 했습니다.")
    unit.target = "The two countries agreed to strengthen cooperation."
    unit.setid("u1")
    unit.addnote("glossary: 협력 = cooperation")
    written = bytes(store)
    errors = validate(written)
    assert len(errors) == 2
    assert "segment', attribute '{http://www.w3.org/XML/1998/namespace}space': The attribute" in errors[0]
    assert "Element '{urn:oasis:names:tc:xliff:document:2.0}notes': This element is not expected" in errors[1]

    ns = "{urn:oasis:names:tc:xliff:document:2.0}"
    fixed = etree.fromstring(written)
    for element in fixed.iter(f"{ns}unit"):
        segment = element.find(f"{ns}segment")
        element.set(
            "{http://www.w3.org/XML/1998/namespace}space",
            segment.attrib.pop("{http://www.w3.org/XML/1998/namespace}space"),
        )
        element.insert(0, segment.find(f"{ns}notes"))
    assert validate(etree.tostring(fixed)) == []
