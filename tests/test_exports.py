"""exports/ holds the built-in corpus exported; regenerating it must give the same bytes."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from kotm.cli import cli

EXPORTS = Path(__file__).resolve().parents[1] / "exports"
FILES = {
    "statement.ko-en.tmx": [],
    "statement.ko-en.po": [],
    "glossary.ko-en.tmx": ["--terms"],
    "glossary.ko-en.po": ["--terms"],
    "glossary.ko-en.tbx": ["--terms"],
    "glossary.ko-en.tsv": ["--terms"],
}


@pytest.mark.parametrize("name", sorted(FILES))
def test_exports_are_in_sync(tmp_path, name):
    out = tmp_path / name
    result = CliRunner().invoke(cli, ["export", str(out), *FILES[name]])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == (EXPORTS / name).read_bytes(), (
        f"exports/{name} is stale: run `kotm --db /tmp/x.db export exports/{name} {' '.join(FILES[name])}`"
    )


def test_tbx_export_is_valid(shared):
    from lxml import etree

    xsd = etree.XMLSchema(etree.parse(str(shared / "formats/tbx/omegat-schema/tbx.xsd")))
    doc = etree.parse(str(EXPORTS / "glossary.ko-en.tbx"))
    assert xsd.validate(doc), xsd.error_log
