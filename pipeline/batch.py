"""Run the extraction over every plan so that one bad plan never stops the others.

`extract_plan` promises not to raise for bad input, but a bug in a reader must
still cost only that plan: its exception becomes a plan row with status
`error` and the message, and the rest of the release goes out.

The same bytes under a second file name (a plan downloaded twice) would
publish every target twice under two plan ids; the later file (in name order)
becomes a plan row with status `duplicate` naming the first, and no rows.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline.extract import extract_plan
from pipeline.model import PlanExtraction, Problem
from pipeline.registry import plan_metadata


def failed_extraction(path: Path, registry: dict[str, dict], exc: Exception) -> PlanExtraction:
    """The plan row for a plan whose extraction raised: metadata, status `error`, no rows."""
    plan = plan_metadata(path, path.read_bytes().decode("utf-8", errors="replace"), registry)
    message = f"{type(exc).__name__}: {exc}"
    plan.update(layout=None, status="error", message=message, n_indicators=0, n_targets=0)
    return PlanExtraction(plan=plan, indicators=[], targets=[], problems=[Problem(path.name, message)])


def duplicate_extraction(path: Path, registry: dict[str, dict], first: str) -> PlanExtraction:
    """The plan row for a file whose bytes equal an earlier file's: status `duplicate`, no rows."""
    plan = plan_metadata(path, "", registry)
    message = f"same bytes as {first}: published once, under that file"
    plan.update(layout=None, status="duplicate", message=message, n_indicators=0, n_targets=0)
    return PlanExtraction(plan=plan, indicators=[], targets=[], problems=[Problem(path.name, message)])


def extract_all(paths: list[Path], registry: dict[str, dict]) -> list[PlanExtraction]:
    """One extraction per plan file, in the order given."""
    results = []
    first_by_hash: dict[str, str] = {}
    for path in paths:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest in first_by_hash:
            results.append(duplicate_extraction(path, registry, first_by_hash[digest]))
            continue
        first_by_hash[digest] = path.name
        try:
            results.append(extract_plan(path, registry))
        except Exception as exc:  # noqa: BLE001 - any reader bug must stay confined to its plan
            results.append(failed_extraction(path, registry, exc))
    return results
