"""Ingest and extraction: one dynamic partition per plan, gathered into the extractions of the release.

`plan_extraction` is partitioned by plan id with a single-run backfill
policy: a full refresh of every plan is one run, and inside it the plans
that need it are extracted in parallel across the machine's cores. A plan
whose bytes, registry row and extraction code are unchanged is not
extracted again (only hashed): its stored extraction is reused.
`plan_extractions` gathers the stored extraction of every registered plan,
so a plan removed from `data/raw/` (its partition deleted by the sensor) is
withdrawn from the next release.
"""
from __future__ import annotations

import hashlib
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import dagster as dg
import pandas as pd

from assets.metadata import markdown
from assets.resources import PipelinePaths
from pipeline.extract.isolation import extract_one
from pipeline.extract.national import national_extraction
from pipeline.extract.reading import evidence_row
from pipeline.ingest.inventory import discover_plans, fingerprint, plan_files
from pipeline.ingest.registry import load_registry
from pipeline.stores import extractions as extraction_store
from pipeline.stores.gathered import gathered_tables
from pipeline.tables.records import plain_records
from validations.plan_rules import checked_all

PLANS = dg.DynamicPartitionsDefinition(name="plans")


@dg.asset(group_name="ingest", description="Plan files found in the raw directory, with the plan registry.")
def raw_plans(paths: PipelinePaths) -> dg.MaterializeResult:
    files = discover_plans(paths.raw)
    registry = load_registry(paths.raw)
    listing = pd.DataFrame({
        "source_file": [p.name for p in files],
        "sha256": [hashlib.sha256(p.read_bytes()).hexdigest() for p in files],
        "in_registry": [p.name in registry for p in files],
    })
    return dg.MaterializeResult(
        value={"files": [str(p) for p in files], "registry": registry},
        metadata={"count": len(files), "files": markdown(listing), "raw_dir": dg.MetadataValue.path(str(paths.raw))},
    )


#: Below this much text a process pool costs more than it saves (about a second of extraction).
_PARALLEL_MIN_BYTES = 2_000_000


#: Plans a worker extracts before checking them together: one Pandera pass per batch, not per plan.
_BATCH = 64


def _extract_and_store(store: Path, jobs: list[tuple[str, Path, str]],
                       registry: dict[str, dict]) -> list[dict[str, object]]:
    """Extract a batch of plans, check their rows against the contract, store each; runs in a worker, so only how
    each plan was read crosses back (one small row a plan)."""
    extractions = checked_all([extract_one(path, registry) for _, path, _ in jobs])
    for (plan_id, _, fp), extraction in zip(jobs, extractions):
        extraction_store.save(store, plan_id, fp, extraction)
    return [evidence_row(e) for e in extractions]


def _extract_all(store: Path, jobs: list[tuple[str, Path, str]], registry: dict[str, dict]) -> list[dict[str, object]]:
    """Extract and store every (plan id, file, fingerprint), spread over the cores when the work pays for it.

    Workers are forked: they inherit the imported code instead of importing
    Dagster again, which would cost more than extracting a few hundred plans.
    """
    workers = min(len(jobs), os.cpu_count() or 1)
    size = max(1, min(_BATCH, len(jobs) // (4 * max(workers, 1))))
    batches = [jobs[i : i + size] for i in range(0, len(jobs), size)]
    if workers < 2 or sum(path.stat().st_size for _, path, _ in jobs) < _PARALLEL_MIN_BYTES:
        return [row for batch in batches for row in _extract_and_store(store, batch, registry)]
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        rows = pool.map(_extract_and_store, [store] * len(batches), batches, [registry] * len(batches))
        return [row for batch in rows for row in batch]


@dg.asset(group_name="extract", partitions_def=PLANS, backfill_policy=dg.BackfillPolicy.single_run(),
          description="One plan's indicators, targets and problems (partition = plan id); unchanged plans are reused.")
def plan_extraction(context, paths: PipelinePaths) -> dg.MaterializeResult:
    registry = load_registry(paths.raw)
    files = plan_files(paths.raw, registry)
    missing = [k for k in context.partition_keys if k not in files]
    for plan_id in missing:
        context.log.warning(f"plan {plan_id} is registered but its file is gone: withdrawn at the next sensor tick")
    wanted = {k: fingerprint(files[k], registry) for k in context.partition_keys if k in files}
    stale = [(k, files[k], fp) for k, fp in wanted.items() if not extraction_store.is_current(paths.extractions, k, fp)]
    readings = _extract_all(paths.extractions, stale, registry)
    return dg.MaterializeResult(metadata={
        "plans": len(wanted), "extracted": len(stale), "reused": len(wanted) - len(stale),
        "missing_files": len(missing),
        "how_plans_were_read": markdown(pd.DataFrame(readings)),
    })


@dg.asset(group_name="extract", deps=[plan_extraction],
          description="Every registered plan's extraction, plus the national targets as the top-level plan; "
                      "a failing plan becomes a status=error row, a second copy of a file a status=duplicate row. "
                      "Kept between runs: only the rows of changed plans are read again.")
def plan_extractions(context, paths: PipelinePaths, raw_plans: dict) -> dg.MaterializeResult:
    plan_ids = context.instance.get_dynamic_partitions(PLANS.name)
    extracted, reread = gathered_tables(paths.extractions, paths.gathered_store, plan_ids, raw_plans["registry"],
                                        paths.raw, national_extraction(paths.national))
    found = plain_records(extracted.frames["quarantine"], ("source_file", "kind", "line_start", "line_end", "reason",
                                                           "raw_text"))
    for p in found:
        if p["kind"] == "file":
            context.log.warning(f"plan not read: {p['source_file']}: {p['reason']}")
    problems = pd.DataFrame([{
        "source_file": p["source_file"], "kind": p["kind"],
        "lines": f"{p['line_start']}-{p['line_end']}" if p["line_start"] else "", "reason": p["reason"],
        "raw_text": p["raw_text"] or "",
    } for p in found])
    plans = extracted.frames["plans"]
    per_plan = pd.DataFrame(extracted.ledgers).assign(status=plans["status"].to_numpy(),
                                                      message=plans["message"].to_numpy())
    return dg.MaterializeResult(value=extracted, metadata={
        "plans": len(plans),
        "plans_read_again": reread,
        "problems": len(problems),
        "accounting": markdown(per_plan),
        "problem_list": markdown(problems),
    })
