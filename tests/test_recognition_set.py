"""Regression guard: kotm's term recognition on the hand-labelled set tests/data/recognition.tsv.

The scoring rule (gold spans placed from the labels, pairing by term and overlapping span) is the one of
benchmarks/bench_recognition.py, which also prints the errors and the peers' figures. Not timed.
"""

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_recognition.py"


@pytest.fixture(scope="module")
def set_db(bench, tmp_path_factory):
    """The benchmark's glossary: the built-in corpus plus tests/data/recognition.terms.tsv."""
    from kotm.store import open_db

    path = tmp_path_factory.mktemp("recognition") / "kotm.db"
    bench.create_db(path)
    db = open_db(path)
    yield db
    db.close()


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_recognition", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_labels_are_glossary_terms_in_order(bench, set_db):
    terms = bench.load_terms(set_db)
    kos = {ko for ko, _ in terms}
    rows = bench.load_rows()
    assert {row.category for row in rows} == set(bench.CATEGORIES)
    for row in rows:
        assert set(row.labels) <= kos, row.text
        bench.locate(row, terms)  # raises when a label is not in the text, in order


def test_precision_and_recall(bench, set_db):
    rows = bench.load_rows()
    terms = bench.load_terms(set_db)
    golds = [bench.locate(row, terms) for row in rows]
    method = bench.kotm_method(set_db)
    tp, fp, fn, errors = bench.evaluate(rows, golds, [method(row.text) for row in rows])
    precision, recall, _ = bench.prf(tp, fp, fn)
    detail = "\n".join(row.text for _, row, _, _ in errors)
    assert precision >= 0.95, detail
    assert recall >= 0.95, detail
    hits = [method(row.text) for row in rows]
    for kind in ("noun", "predicate", "english"):
        tp, fp, fn, _ = bench.evaluate(rows, golds, hits, of_kind=kind)
        precision, recall, _ = bench.prf(tp, fp, fn)
        assert precision >= 0.95 and recall >= 0.95, (kind, precision, recall)
