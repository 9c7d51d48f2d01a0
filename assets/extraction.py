"""Ingest and extraction: the run's inventory, one dynamic partition per plan, gathered into the release's tables.

`plan_inventory` finds and hashes every plan file once; the partitioned extraction and the gathering take
each plan's file, hash, fingerprint and duplicate status from it. `plan_extraction` is partitioned by plan id with a single-run backfill
policy: a full refresh of every plan is one run, and inside it the plans
that need it are extracted in parallel across the machine's cores. A plan
whose bytes, registry row and extraction code are unchanged is not
extracted again (only hashed): its stored extraction is reused.
`plan_extractions` gathers the stored extraction of every registered plan,
so a plan removed from `data/raw/` (its partition deleted by the sensor) is
withdrawn from the next release.
"""
from __future__ import annotations

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
from pipeline.ingest.inventory import Inventory, PlanFile, take_inventory
from pipeline.ingest.registry import load_registry
from pipeline.stores import extractions as extraction_store
from pipeline.stores.gathered import gathered_tables
from pipeline.tables.records import plain_records
from validations.plan_rules import checked_all

PLANS = dg.DynamicPartitionsDefinition(name="plans")


@dg.asset(group_name="ingest",
          description="The raw folder at the start of the run: every plan file by plan id, read once for its sha256 "
                      "and fingerprint, each later copy of the same bytes, and the plan registry. Extraction and "
                      "gathering take files, hashes and duplicates from here.")
def plan_inventory(paths: PipelinePaths) -> dg.MaterializeResult:
    inventory = take_inventory(paths.raw, load_registry(paths.raw))
    listing = pd.DataFrame({
        "plan_id": list(inventory.plans),
        "source_file": [f.path.name for f in inventory.plans.values()],
        "sha256": [f.sha256 for f in inventory.plans.values()],
        "in_registry": [f.path.name in inventory.registry for f in inventory.plans.values()],
        "copy_of": [inventory.copies.get(p, "") for p in inventory.plans],
    })
    return dg.MaterializeResult(value=inventory, metadata={
        "count": len(inventory.plans), "copies": len(inventory.copies), "files": markdown(listing),
        "raw_dir": dg.MetadataValue.path(str(paths.raw))})


#: Below this much text a process pool costs more than it saves (about a second of extraction).
_PARALLEL_MIN_BYTES = 2_000_000


#: Plans a worker extracts before checking them together: one Pandera pass per batch, not per plan.
_BATCH = 64


def _extract_and_store(store: Path, jobs: list[PlanFile], registry: dict[str, dict]) -> list[dict[str, object]]:
    """Extract a batch of plans, check their rows against the contract, store each; runs in a worker, so only how
    each plan was read crosses back (one small row a plan)."""
    extractions = checked_all([extract_one(f.path, registry, f.sha256) for f in jobs])
    for f, extraction in zip(jobs, extractions):
        extraction_store.save(store, f.plan_id, f.fingerprint, extraction)
    return [evidence_row(e) for e in extractions]


def _extract_all(store: Path, jobs: list[PlanFile], registry: dict[str, dict]) -> list[dict[str, object]]:
    """Extract and store every (plan id, file, fingerprint), spread over the cores when the work pays for it.

    Workers are forked: they inherit the imported code instead of importing
    Dagster again, which would cost more than extracting a few hundred plans.
    """
    workers = min(len(jobs), os.cpu_count() or 1)
    size = max(1, min(_BATCH, len(jobs) // (4 * max(workers, 1))))
    batches = [jobs[i : i + size] for i in range(0, len(jobs), size)]
    if workers < 2 or sum(f.path.stat().st_size for f in jobs) < _PARALLEL_MIN_BYTES:
        return [row for batch in batches for row in _extract_and_store(store, batch, registry)]
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        rows = pool.map(_extract_and_store, [store] * len(batches), batches, [registry] * len(batches))
        return [row for batch in rows for row in batch]


@dg.asset(group_name="extract", partitions_def=PLANS, backfill_policy=dg.BackfillPolicy.single_run(),
          description="One plan's indicators, targets and problems (partition = plan id); unchanged plans are reused.")
def plan_extraction(context, paths: PipelinePaths, plan_inventory: Inventory) -> dg.MaterializeResult:
    files = plan_inventory.plans
    missing = [k for k in context.partition_keys if k not in files]
    for plan_id in missing:
        context.log.warning(f"plan {plan_id} is registered but its file is gone: withdrawn at the next sensor tick")
    wanted = [files[k] for k in context.partition_keys if k in files]
    stale = [f for f in wanted if not extraction_store.is_current(paths.extractions, f.plan_id, f.fingerprint)]
    readings = _extract_all(paths.extractions, stale, plan_inventory.registry)
    return dg.MaterializeResult(metadata={
        "plans": len(wanted), "extracted": len(stale), "reused": len(wanted) - len(stale),
        "missing_files": len(missing),
        "how_plans_were_read": markdown(pd.DataFrame(readings)),
    })


@dg.asset(group_name="extract", deps=[plan_extraction],
          description="Every registered plan's extraction, plus the national targets as the top-level plan; "
                      "a failing plan becomes a status=error row, a second copy of a file a status=duplicate row. "
                      "Kept between runs: only the rows of changed plans are read again.")
def plan_extractions(context, paths: PipelinePaths, plan_inventory: Inventory) -> dg.MaterializeResult:
    plan_ids = context.instance.get_dynamic_partitions(PLANS.name)
    extracted, reread = gathered_tables(paths.extractions, paths.gathered_store, plan_ids, plan_inventory,
                                        national_extraction(paths.national))
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
