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


@pytest.fixture
def memory_lookups():
    """Build the glossary look-ups of recognition from Terms in memory, as the store answers them by index (for
    entries that the store cannot hold yet, such as Latin-script Korean sides)."""
    from kotm import korean
    from kotm.glossary.terms import TermLookups, words_key
    from kotm.keys import term_key
    from kotm.keys import term_lemma_key as term_analysis_key
    from kotm.units import Term

    def build(pairs: list[tuple[str, str]]) -> TermLookups:
        terms = [Term(ko, en, id=n) for n, (ko, en) in enumerate(pairs, start=1)]
        index: dict[str, dict[str, list[Term]]] = {"ko_key": {}, "ko_lemma": {}, "en_words": {}}
        for t in terms:
            keys = {"ko_key": term_key(t.ko), "ko_lemma": term_analysis_key(t.ko), "en_words": words_key(t.en)}
            for column, key in keys.items():
                if key:
                    index[column].setdefault(key, []).append(t)

        def by_key(column, keys):
            return {k: index[column][k] for k in keys if k in index[column]}

        return TermLookups(
            by_key,
            lambda q: [t for t in terms if korean.holds(t.ko, q)],
            lambda words: [t for t in terms if " ".join(words) in words_key(t.en)],
        )

    return build
