"""Every folder with Python files under the mapped package folders is listed in pyproject's packages.

A sub-folder missing from `packages` still imports under `pip install -e`, but is left out of the wheel silently.
"""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_packages_cover_every_folder():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(config["packages"])
    found = set()
    for package, folder in config["package-dir"].items():
        for path in (ROOT / folder).rglob("*.py"):
            parts = path.parent.relative_to(ROOT / folder).parts
            if "__pycache__" not in parts:
                found.add(".".join((package, *parts)))
    assert found - listed == set()


def test_data_files_are_package_data():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert "*.tsv" in config["package-data"]["kotm.data"]
    assert list((ROOT / "src" / "kotm" / "data").glob("*.tsv"))
