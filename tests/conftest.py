"""Shared fixtures: a temporary database for every test, the built-in database, and ../shared when present."""

from __future__ import annotations

from contextlib import contextmanager
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


@pytest.fixture
def empty_db_path(db_path) -> Path:
    """The test's database created empty (no built-in corpus), so that counts are the imported files' own."""
    from kotm.api import create

    create(db_path, empty=True)
    return db_path


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


@pytest.fixture
def serve_process():
    """Start ``kotm serve`` (a real uvicorn) on a free port of 127.0.0.1 as a subprocess: call it with the database
    and the extra options, get the base URL. Every server it started is stopped after the test."""
    with serving() as start:
        yield start


@pytest.fixture(scope="module")
def module_server():
    """``serve_process`` for a whole test module (the browser tests share one server)."""
    with serving() as start:
        yield start


@contextmanager
def serving():
    import os
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    started = []

    def start(db: Path, *options: str) -> str:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        kotm = [sys.executable, "-m", "kotm", "--db", str(db), "serve", "--port", str(port), *options]
        proc = subprocess.Popen(kotm, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env={**os.environ})
        started.append(proc)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{url}/static/kotm.css", timeout=1).close()
                return url
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    proc.kill()
                    raise AssertionError(f"kotm serve did not start: {proc.stdout.read().decode()}") from None
                time.sleep(0.05)

    try:
        yield start
    finally:
        for proc in started:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
