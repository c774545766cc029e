"""exports/ holds files generated from the built-in corpus: regenerate them and compare bytes.

Refresh after a deliberate change: ``kotm --db /tmp/x.db init && kotm --db /tmp/x.db export exports/<name> [--terms]``.
"""

from pathlib import Path

import pytest
from click.testing import CliRunner

from kotm.cli import cli

EXPORTS = Path(__file__).resolve().parent.parent / "exports"
FILES = {
    "glossary.ko-en.tbx": ["--terms"],
    "glossary.ko-en.tsv": ["--terms"],
}


@pytest.fixture(scope="module")
def builtin_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("exports") / "kotm.db"
    result = CliRunner().invoke(cli, ["--db", str(path), "init"])
    assert result.exit_code == 0, result.output
    return path


@pytest.mark.parametrize("name", sorted(FILES))
def test_export_is_up_to_date(builtin_db, tmp_path, name):
    out = tmp_path / name
    result = CliRunner().invoke(
        cli, ["--db", str(builtin_db), "export", str(out), *FILES[name]]
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == (EXPORTS / name).read_bytes()


def test_tbx_export_is_valid(shared):
    from lxml import etree

    xsd = etree.XMLSchema(
        etree.parse(str(shared / "formats/tbx/omegat-schema/tbx.xsd"))
    )
    doc = etree.parse(str(EXPORTS / "glossary.ko-en.tbx"))
    assert xsd.validate(doc), xsd.error_log
