"""Run the extraction over every plan so that one bad plan never stops the others.

`extract_plan` promises not to raise for bad input, but a bug in a reader must
still cost only that plan: its exception becomes a plan row with status
`error` and the message, and the rest of the release goes out.

The same bytes under a second file name (a plan downloaded twice) would
publish every target twice under two plan ids; the later file (in name order)
becomes a plan row with status `duplicate` naming the first, and no rows
(the run's inventory decides which, `pipeline.ingest.inventory`).
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline.extract.model import PlanExtraction, Problem
from pipeline.extract.reading import extract_plan
from pipeline.ingest.registry import plan_metadata


def failed_extraction(path: Path, registry: dict[str, dict], exc: Exception) -> PlanExtraction:
    """The plan row for a plan whose extraction raised: metadata, status `error`, no rows (the file is read
    again for what its words say of the plan: a rare path, and the reader's own reading is lost)."""
    data = path.read_bytes()
    plan = plan_metadata(path, data.decode("utf-8", errors="replace"), registry, hashlib.sha256(data).hexdigest())
    message = f"{type(exc).__name__}: {exc}"
    plan.update(layout=None, status="error", message=message, n_indicators=0, n_targets=0)
    return PlanExtraction(plan=plan, indicators=[], targets=[], problems=[Problem(path.name, message)])


def duplicate_extraction(path: Path, registry: dict[str, dict], first: str, sha256: str) -> PlanExtraction:
    """The plan row for a file whose bytes equal an earlier file's: status `duplicate`, no rows."""
    plan = plan_metadata(path, "", registry, sha256)
    message = f"same bytes as {first}: published once, under that file"
    plan.update(layout=None, status="duplicate", message=message, n_indicators=0, n_targets=0)
    return PlanExtraction(plan=plan, indicators=[], targets=[], problems=[Problem(path.name, message)])


def invalid_extraction(extraction: PlanExtraction, failures: list[Problem]) -> PlanExtraction:
    """A plan whose rows break the contract's rules: status `invalid`, no rows, each failure quarantined.

    The whole plan goes, not just the failing rows: a table read wrong in one
    place (duplicate ids, a range upside down) may be wrong elsewhere, and a
    person decides. What it would have published travels in the failures.
    """
    plan = dict(extraction.plan)
    first = "; ".join(str(p) for p in failures[:3])
    message = f"plan not published, its rows break the contract ({len(failures)} failures): {first}"
    plan.update(status="invalid", message=message, n_indicators=0, n_targets=0)
    return PlanExtraction(plan=plan, indicators=[], targets=[], problems=failures, evidence=extraction.evidence)


def extract_one(path: Path, registry: dict[str, dict], sha256: str | None = None) -> PlanExtraction:
    """One plan's extraction; a reader bug becomes a status=error plan row, never an exception."""
    try:
        return extract_plan(path, registry, sha256)
    except Exception as exc:  # noqa: BLE001 - any reader bug must stay confined to its plan
        return failed_extraction(path, registry, exc)
