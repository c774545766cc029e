"""Shared fixtures: a temporary database for every test, the built-in database, and ../shared when present."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(autouse=True)
def db_path(tmp_path, monkeypatch) -> Path:
    """Every test gets its own database file through $KOTM_DB, so none touches the user's."""
    path = tmp_path / "kotm.db"
    monkeypatch.setenv("KOTM_DB", str(path))
    monkeypatch.setenv("KOTM_USER", "tester")
    return path


@pytest.fixture(scope="session")
def builtin_db_file(tmp_path_factory) -> Path:
    """A database with the built-in corpus, built once per session (tests must not change it)."""
    from kotm.api import create

    path = tmp_path_factory.mktemp("builtin") / "kotm.db"
    create(path)
    return path


@pytest.fixture
def builtin_db(builtin_db_file):
    from kotm.store import open_db

    db = open_db(builtin_db_file)
    yield db
    db.close()


@pytest.fixture
def shared() -> Path:
    """The read-only ../shared folder beside the repository; tests that need it skip when it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present (a user's clone has none)")
    return SHARED
