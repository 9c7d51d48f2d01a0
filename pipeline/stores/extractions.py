"""One stored extraction per plan, reused while neither the plan nor the code changed.

A nightly refresh over thousands of plans must cost little more than hashing
the unchanged ones (OWID's rule: rebuild on a content hash of inputs + code
version, never on timestamps). Each plan's extraction is pickled under its
plan id with the plan's fingerprint and the version of the code the extraction imports; a
stored entry is used only when both still match (its stamp file says so).
"""
from __future__ import annotations

import ast
import hashlib
import os
import pickle
from collections.abc import Iterable
from pathlib import Path

from pipeline.extract.model import PlanExtraction

_ROOT = Path(__file__).resolve().parents[2]
_PACKAGES = ("pipeline", "validations")
#: What a stored extraction is made by: the extraction (`isolation.extract_one`) and the per-plan contract
#: checks it passed before it was stored (`validations.plan_rules`, run by the extraction asset). Their source
#: files are read and hashed, never imported: the core does not depend on `validations`.
_ENTRIES = ("pipeline.extract.isolation", "validations.plan_rules")


def _module_file(name: str) -> Path | None:
    """The project file of a dotted module name; None for a module outside the project."""
    if name.split(".")[0] not in _PACKAGES:
        return None
    base = _ROOT.joinpath(*name.split("."))
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def _imports(path: Path, name: str) -> Iterable[str]:
    """Dotted names a module imports (absolute, and relative resolved against its package)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_bytes())):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            yield base
            yield from (f"{base}.{a.name}" for a in node.names)


def extraction_modules() -> list[Path]:
    """Every project file the extraction and its per-plan checks import, directly or not (walked from
    `_ENTRIES`)."""
    seen: dict[str, Path] = {}
    todo = list(_ENTRIES)
    while todo:
        name = todo.pop()
        path = _module_file(name)
        if path is None or name in seen:
            continue
        seen[name] = path
        parts = name.split(".")
        todo += [".".join(parts[:i]) for i in range(1, len(parts))]  # a package's __init__ runs first
        todo += list(_imports(path, name))
    return sorted(set(seen.values()))


def _version(paths: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.relative_to(_ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


#: The extraction code: exactly the files it imports, so editing the site does not re-extract every plan and
#: editing a year bound in `pipeline/metadata/columns.py` does.
EXTRACTION_VERSION = _version(extraction_modules())
#: All of the core and its registry: what stores keyed on published rows (lineage, pages) were made by.
CODE_VERSION = _version(p for pkg in _PACKAGES for p in (_ROOT / pkg).rglob("*.py"))


def _path(store: Path, plan_id: str) -> Path:
    return store / f"{plan_id}.pickle"


def _stamp_path(store: Path, plan_id: str) -> Path:
    return store / f"{plan_id}.stamp"


def _stamp(fingerprint: str) -> str:
    return f"{fingerprint} {EXTRACTION_VERSION}"


def stamp(store: Path, plan_id: str) -> str | None:
    """What the stored extraction of `plan_id` was made from (fingerprint and code version); None if none."""
    try:
        return _stamp_path(store, plan_id).read_text(encoding="ascii")
    except OSError:
        return None


def is_current(store: Path, plan_id: str, fingerprint: str) -> bool:
    """Whether the stored extraction of `plan_id` was made from this fingerprint by this code.

    Reads a small stamp file, not the extraction: checking thousands of
    unchanged plans must cost no more than hashing them.
    """
    return stamp(store, plan_id) == _stamp(fingerprint)


def save(store: Path, plan_id: str, fingerprint: str, extraction: PlanExtraction) -> None:
    """Store an extraction; written to a temp name and renamed, so a crash never leaves half an entry."""
    store.mkdir(parents=True, exist_ok=True)
    tmp = _path(store, plan_id).with_suffix(".tmp")
    with tmp.open("wb") as fh:
        pickle.dump(extraction, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, _path(store, plan_id))
    tmp.write_text(_stamp(fingerprint), encoding="ascii")  # the stamp last: it vouches for a whole extraction
    os.replace(tmp, _stamp_path(store, plan_id))


def require(store: Path, plan_id: str) -> PlanExtraction:
    """The stored extraction of a registered plan (the last refresh of its partition wrote it)."""
    with _path(store, plan_id).open("rb") as fh:
        return pickle.load(fh)
