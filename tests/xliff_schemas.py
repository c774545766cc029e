"""Validate XLIFF 1.2 and 2.x files against the OASIS schemas in tests/data/xliff-schemas/, offline.

`from xliff_schemas import validate` in a test (pytest puts tests/ on sys.path: the folder has no __init__.py and
the default import mode prepends it). `validate(path_or_bytes)` returns the schema errors, an empty list for a valid
file. The schema is picked by the root element: `{urn:oasis:names:tc:xliff:document:1.2}xliff` is checked against
XLIFF 1.2 strict (or transitional with `strict=False`); `{urn:oasis:names:tc:xliff:document:2.0}xliff` with
version 2.0 or 2.1 against the XLIFF 2.1 core schema and every 2.1 module schema (Translation Candidates, Glossary,
Metadata, Format Style, Resource Data, Size and Length Restriction, Validation, ITS, Change Tracking), so a module
element is checked strictly rather than skipped by the core's `processContents="lax"` extension points.

The schema files are the published ones, unedited (see tests/data/xliff-schemas/SOURCES.md). The XLIFF 1.2 schemas
import xml.xsd from http://www.w3.org/2001/xml.xsd; a resolver maps that address (and the 2009/01 one xml.xsd itself
names) to the local copy, and the parser refuses the network, so no test ever reaches it. The 2.1 schemas import
each other by relative paths and need nothing from outside.

What an XML Schema cannot say (the 2.1 Schematron rules and the prose constraints, such as `ref` pointing to an
existing span, or a unique id) is not checked here.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree

SCHEMAS = Path(__file__).resolve().parent / "data" / "xliff-schemas"
XLIFF_12 = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF_2 = "urn:oasis:names:tc:xliff:document:2.0"
VERSIONS_2 = ("2.0", "2.1")
XML_XSD = SCHEMAS / "2.1" / "informativeCopiesOf3rdPartySchemas" / "w3c" / "xml.xsd"
XML_XSD_URLS = ("http://www.w3.org/2001/xml.xsd", "http://www.w3.org/2009/01/xml.xsd")

# Each XLIFF 2.1 module namespace and its schema file, relative to tests/data/xliff-schemas/2.1/.
MODULES_2 = {
    XLIFF_2: "xliff_core_2.0.xsd",
    "urn:oasis:names:tc:xliff:matches:2.0": "matches.xsd",
    "urn:oasis:names:tc:xliff:metadata:2.0": "metadata.xsd",
    "urn:oasis:names:tc:xliff:glossary:2.0": "glossary.xsd",
    "urn:oasis:names:tc:xliff:fs:2.0": "fs.xsd",
    "urn:oasis:names:tc:xliff:resourcedata:2.0": "resource_data.xsd",
    "urn:oasis:names:tc:xliff:sizerestriction:2.0": "size_restriction.xsd",
    "urn:oasis:names:tc:xliff:validation:2.0": "validation.xsd",
    "http://www.w3.org/2005/11/its": "its.xsd",
    "urn:oasis:names:tc:xliff:itsm:2.1": "itsm.xsd",
    "urn:oasis:names:tc:xliff:changetracking:2.0": "informativeCopiesOf3rdPartySchemas/extensions/change_tracking.xsd",
}


class _LocalXmlXsd(etree.Resolver):
    """Answer the W3C addresses of xml.xsd with the local copy; leave every other address to the parser."""

    def resolve(self, url, pubid, context):
        if url in XML_XSD_URLS:
            return self.resolve_filename(str(XML_XSD), context)
        return None


def _parser() -> etree.XMLParser:
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(_LocalXmlXsd())
    return parser


@cache
def _schema_12(strict: bool) -> etree.XMLSchema:
    name = "xliff-core-1.2-strict.xsd" if strict else "xliff-core-1.2-transitional.xsd"
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "1.2" / name), _parser()))


@cache
def _schema_2() -> etree.XMLSchema:
    """A wrapper schema that imports the core and every module, each from its local file."""
    imports = "".join(
        f'<xs:import namespace="{namespace}" schemaLocation="{location}"/>' for namespace, location in MODULES_2.items()
    )
    wrapper = f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{imports}</xs:schema>'
    base = (SCHEMAS / "2.1" / "kotm-tests-wrapper.xsd").as_uri()  # a name only: relative imports resolve beside it
    return etree.XMLSchema(etree.fromstring(wrapper.encode(), _parser(), base_url=base))


def _document(source: str | Path | bytes) -> etree._ElementTree:
    parser = etree.XMLParser(no_network=True, resolve_entities=False, huge_tree=True)
    if isinstance(source, bytes | bytearray):
        return etree.ElementTree(etree.fromstring(bytes(source), parser))
    return etree.parse(str(source), parser)


def schema_for(root: etree._Element, *, strict: bool = True) -> etree.XMLSchema | str:
    """The compiled schema for a document's root element, or a one-line reason there is none."""
    tag = etree.QName(root)
    version = root.get("version")
    if tag.localname == "xliff" and tag.namespace == XLIFF_12:
        return _schema_12(strict)
    if tag.localname == "xliff" and tag.namespace == XLIFF_2 and version in VERSIONS_2:
        return _schema_2()
    return f"not XLIFF 1.2, 2.0 or 2.1: root element {root.tag!r}, version {version!r}"


def validate(source: str | Path | bytes, *, strict: bool = True) -> list[str]:
    """The schema errors of an XLIFF file (a path or its bytes), one string each; [] when it is valid.

    XLIFF 1.2 is checked against the strict schema unless `strict=False` (transitional); 2.0/2.1 against the 2.1
    core and module schemas. A file that cannot be read, is not well-formed, or is not XLIFF 1.2/2.0/2.1, gives one error.
    """
    try:
        document = _document(source)
    except etree.XMLSyntaxError as error:
        return [f"not well-formed XML: {error}"]
    except OSError as error:
        return [f"cannot read {source}: {error}"]
    schema = schema_for(document.getroot(), strict=strict)
    if isinstance(schema, str):
        return [schema]
    if schema.validate(document):
        return []
    return [f"line {error.line}: {error.message}" for error in schema.error_log]
