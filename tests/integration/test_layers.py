"""The shape of the code: stages in order, no import cycle, the core free of Dagster and of `validations/`.

Imports are read from the source (ast), every module of `pipeline/`, `validations/` and `assets/`, so a new
module is covered the day it is written.
"""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import networkx as nx

from assets.resources import PROJECT_ROOT

#: The core's stages in the order a plan travels: a stage imports only stages before it.
STAGES = ("metadata", "ingest", "extract", "tables", "curate", "stores", "link", "lineage", "release")
PACKAGES = ("pipeline", "validations", "assets")


def _module(path: Path) -> str:
    parts = path.relative_to(PROJECT_ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module(p): p for package in PACKAGES for p in sorted((PROJECT_ROOT / package).rglob("*.py"))}


def _imports(path: Path, known: set[str]) -> set[str]:
    """The project modules `path` imports (a `from package import module` names the module)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names}
    return {name for name in found if name in known}


def _graph() -> nx.DiGraph:
    modules = _modules()
    g = nx.DiGraph()
    g.add_nodes_from(modules)
    for name, path in modules.items():
        g.add_edges_from((name, other) for other in _imports(path, set(modules)) if other != name)
    return g


def _stage(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "pipeline" and len(parts) > 1 else None


def test_no_import_cycle_between_modules_or_stages() -> None:
    g = _graph()
    assert list(nx.simple_cycles(g)) == []
    stages = nx.DiGraph((_stage(a), _stage(b)) for a, b in g.edges if _stage(a) and _stage(b) and _stage(a) != _stage(b))
    assert list(nx.simple_cycles(stages)) == []


def test_each_stage_imports_only_earlier_stages() -> None:
    assert sorted(p.name for p in (PROJECT_ROOT / "pipeline").iterdir() if p.is_dir() and p.name != "__pycache__") \
        == sorted(STAGES)
    late = [(a, b) for a, b in _graph().edges if _stage(a) and _stage(b)
            and STAGES.index(_stage(b)) > STAGES.index(_stage(a))]
    assert late == []


def test_the_core_imports_neither_validations_nor_assets() -> None:
    wrong = [(a, b) for a, b in _graph().edges if a.startswith("pipeline") and not b.startswith("pipeline")]
    assert wrong == []
    assert [(a, b) for a, b in _graph().edges if a.startswith("validations") and b.startswith("assets")] == []


def test_no_core_module_imports_dagster() -> None:
    """Every module of `pipeline/` and `validations/`, imported in a fresh interpreter, leaves Dagster unloaded."""
    names = sorted(m for m in _modules() if m.split(".")[0] in ("pipeline", "validations"))
    code = f"import importlib, sys\nfor m in {names!r}: importlib.import_module(m)\nsys.exit('dagster' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_every_module_says_what_it_holds() -> None:
    """A docstring on every module of the project; `ls pipeline/` reads as the stages."""
    silent = [name for name, path in _modules().items() if not ast.get_docstring(ast.parse(path.read_text("utf-8")))]
    assert silent == []
