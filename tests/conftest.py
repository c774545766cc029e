from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def shared() -> Path:
    """../shared (corpora, format samples, schemas); tests that need it are skipped where it is absent."""
    path = REPO.parent / "shared"
    if not path.is_dir():
        pytest.skip("../shared is not here")
    return path


@pytest.fixture
def db_path(tmp_path, monkeypatch) -> Path:
    """An empty kotm database in tmp_path, also set as $KOTM_DB for commands."""
    from kotm.builtin import create

    path = tmp_path / "kotm.db"
    create(path, empty=True)
    monkeypatch.setenv("KOTM_DB", str(path))
    return path
