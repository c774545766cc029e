"""The import graph follows the layers of ARCHITECTURE.md: no cycles, and no arrow that its table does not allow.

Every module's imports are read with ``ast``, wherever they stand (the top, inside functions, under
``TYPE_CHECKING``), so a lazy import cannot hide an arrow. The table is read from ARCHITECTURE.md itself, the one
place the rule is written. Two further tests plant a cycle and an upward import in a copy of the tree and check
that the same check fails on them, so this test can fail.
"""

from __future__ import annotations

import ast
import re
import shutil
import tomllib
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Layer:
    name: str
    patterns: tuple[str, ...]
    allowed: tuple[str, ...]  # layer names, or module names in backticks


def read_layers(text: str) -> list[Layer]:
    """The rows of the table that follows the ``<!-- layers`` marker."""
    lines = text[text.index("<!-- layers") :].splitlines()[1:]
    layers = []
    for line in lines:
        if not line.startswith("|"):
            if layers:
                break
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells[0] in ("layer", "") or set(cells[0]) <= set("-"):
            continue
        patterns = tuple(re.findall(r"`([^`]+)`", cells[1]))
        allowed = tuple(a.strip() for a in cells[2].split(",") if a.strip())
        layers.append(Layer(cells[0], patterns, allowed))
    return layers


def modules(root: Path) -> dict[str, Path]:
    """Every module of the package, by dotted name, as pyproject's package-dir maps the folders."""
    config = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]
    found = {}
    for package, folder in config["package-dir"].items():
        for path in (root / folder).rglob("*.py"):
            if "__pycache__" in path.parts:
                continue
            parts = path.relative_to(root / folder).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            name = ".".join((package, *parts))
            found.setdefault(name, path)  # kotm.glossary's own folder wins over a same-named path under kotm
    return found


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The kotm modules that module ``name`` imports anywhere in its source."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from kotm import api` imports the module kotm.api; `from kotm.api import create` imports kotm.api.
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        else:
            continue
        for target in targets:
            while target and target not in known:  # import kotm.tm.fuzzy as …: the module itself
                target = target.rpartition(".")[0]
            if target and target != name:
                out.add(target)
    return out


def layer_of(module: str, layers: list[Layer]) -> Layer:
    for layer in layers:
        if any(fnmatchcase(module, p) for p in layer.patterns):
            return layer
    raise AssertionError(f"{module} is in no layer of ARCHITECTURE.md: add it to the table")


def violations(root: Path) -> list[str]:
    """What breaks the rules in the tree at ``root``: arrows the table does not allow, and cycles."""
    layers = read_layers((root / "ARCHITECTURE.md").read_text())
    found = modules(root)
    graph = {name: imports(name, path, set(found)) for name, path in found.items()}
    problems = []
    for name, targets in sorted(graph.items()):
        mine = layer_of(name, layers)
        for target in sorted(targets):
            theirs = layer_of(target, layers)
            if theirs.name not in mine.allowed and f"`{target}`" not in mine.allowed:
                problems.append(f"{name} ({mine.name}) imports {target} ({theirs.name})")
    problems += [f"cycle: {' → '.join(cycle)}" for cycle in cycles(graph)]
    return problems


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each as a path through it."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append([*sorted(component), min(component)])

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_the_import_graph_follows_the_layers():
    assert violations(ROOT) == []


def test_every_module_is_in_a_layer():
    layers = read_layers((ROOT / "ARCHITECTURE.md").read_text())
    for name in modules(ROOT):
        layer_of(name, layers)


def test_cli_imports_no_store_and_holds_no_sql():
    """cli/ calls the use cases only; glossary/ and tm/ hold no SQL strings (the store layer owns the schema)."""
    sql = re.compile(r"\b(SELECT|INSERT INTO|DELETE FROM|UPDATE \w+ SET|CREATE (TABLE|INDEX|VIRTUAL))\b")
    for folder in ("cli", "glossary", "tm"):
        for path in (ROOT / folder).rglob("*.py"):
            for n, line in enumerate(path.read_text().splitlines(), 1):
                assert not sql.search(line), f"{path.relative_to(ROOT)}:{n} holds SQL: {line.strip()}"


@pytest.fixture
def tree(tmp_path):
    """A copy of the sources, to plant violations in."""
    for name in ("pyproject.toml", "ARCHITECTURE.md"):
        shutil.copy(ROOT / name, tmp_path / name)
    for folder in ("src", "glossary", "tm", "cli"):
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def test_a_planted_upward_import_fails(tree):
    """The store importing the CLI inside a function (where a lazy import would hide it) is caught."""
    store = tree / "src" / "kotm" / "store.py"
    store.write_text(
        store.read_text() + "\n\ndef _planted():\n    from kotm.cli.output import table\n\n    return table\n"
    )
    assert violations(tree) == ["kotm.store (writes) imports kotm.cli.output (cli)"]


def test_a_planted_cycle_fails(tree):
    """korean importing text is allowed, text importing korean back is allowed by layer, but together a cycle."""
    text = tree / "src" / "kotm" / "text.py"
    text.write_text(text.read_text() + "\n\ndef _planted():\n    from kotm import korean\n\n    return korean\n")
    assert violations(tree) == ["cycle: kotm.korean → kotm.text → kotm.korean"]
