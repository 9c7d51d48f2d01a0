"""Run the extraction over every plan so that one bad plan never stops the others.

`extract_plan` promises not to raise for bad input, but a bug in a reader must
still cost only that plan: its exception becomes a plan row with status
`error` and the message, and the rest of the release goes out.

The same bytes under a second file name (a plan downloaded twice) would
publish every target twice under two plan ids; the later file (in name order)
becomes a plan row with status `duplicate` naming the first, and no rows
(`later_copies` decides, where every plan is gathered).
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TypeVar

from pipeline.extract.model import PlanExtraction, Problem
from pipeline.extract.reading import extract_plan
from pipeline.ingest.registry import plan_metadata

K = TypeVar("K")


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


def extract_one(path: Path, registry: dict[str, dict]) -> PlanExtraction:
    """One plan's extraction; a reader bug becomes a status=error plan row, never an exception."""
    try:
        return extract_plan(path, registry)
    except Exception as exc:  # noqa: BLE001 - any reader bug must stay confined to its plan
        return failed_extraction(path, registry, exc)


def later_copies(files: Iterable[tuple[str, str, K]]) -> dict[K, tuple[str, str]]:
    """Of (source file, sha256, key) triples: key → (its file, the earlier file with the same bytes) for each
    later copy, in file-name order."""
    first_by_hash: dict[str, str] = {}
    found: dict[K, tuple[str, str]] = {}
    for name, digest, key in sorted(files, key=lambda f: f[0]):
        if digest in first_by_hash:
            found[key] = (name, first_by_hash[digest])
        else:
            first_by_hash[digest] = name
    return found
