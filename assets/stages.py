"""The pipeline's stages as Dagster assets: raw plans → extractions → tables (checked) → release.

Assets stay thin: each loads its inputs, calls `pipeline/` or `validations/`,
and reports metadata. A blocking Pandera check on each table keeps a bad table
out of the release.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import dagster as dg
import pandas as pd

from assets.metadata import markdown, table_metadata
from assets.resources import PipelinePaths
from pipeline.batch import extract_all
from pipeline.extract import discover_plans
from pipeline.model import PlanExtraction
from pipeline.publish import to_frames, write_release
from pipeline.registry import load_registry
from validations.schemas import validate_table


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


@dg.asset(group_name="extract", description="One extraction per plan; a failing plan becomes a status=error row.")
def plan_extractions(raw_plans: dict) -> dg.MaterializeResult:
    extractions = extract_all([Path(p) for p in raw_plans["files"]], raw_plans["registry"])
    per_plan = pd.DataFrame([{
        "plan_id": e.plan["plan_id"], "status": e.plan.get("status"), "indicators": len(e.indicators),
        "targets": len(e.targets), "problems": len(e.problems), "message": e.plan.get("message"),
    } for e in extractions])
    problems = pd.DataFrame([{
        "source_file": p.source_file, "lines": f"{p.line_start}-{p.line_end}" if p.line_start else "",
        "reason": p.reason, "raw_text": p.raw_text or "",
    } for e in extractions for p in e.problems])
    return dg.MaterializeResult(value=extractions, metadata={
        "plans": len(extractions),
        "problems": len(problems),
        "rows_per_plan": markdown(per_plan),
        "problem_list": markdown(problems),
    })


def _table(name: str, extractions: list[PlanExtraction]) -> dg.MaterializeResult:
    df = to_frames(extractions)[name]
    return dg.MaterializeResult(value=df, metadata=table_metadata(name, df))


@dg.asset(group_name="tables", description="Published table plans: one row per plan.")
def plans_table(plan_extractions: list[PlanExtraction]) -> dg.MaterializeResult:
    return _table("plans", plan_extractions)


@dg.asset(group_name="tables", description="Published table indicators: one row per indicator.")
def indicators_table(plan_extractions: list[PlanExtraction]) -> dg.MaterializeResult:
    return _table("indicators", plan_extractions)


@dg.asset(group_name="tables", description="Published table targets: one row per indicator × year.")
def targets_table(plan_extractions: list[PlanExtraction]) -> dg.MaterializeResult:
    return _table("targets", plan_extractions)


def _check(name: str, df: pd.DataFrame, related: dict[str, pd.DataFrame]) -> dg.AssetCheckResult:
    ok, summary = validate_table(name, df, related)
    return dg.AssetCheckResult(passed=ok, metadata={
        "n_rows": summary["n_rows"],
        "n_failures": summary["n_failures"],
        "failures_by_check": dg.MetadataValue.json(summary["by_check"]),
        "sample": dg.MetadataValue.json(summary["sample"]),
    })


@dg.asset_check(asset=plans_table, blocking=True, description="Pandera schema of plans.")
def plans_schema(plans_table: pd.DataFrame) -> dg.AssetCheckResult:
    return _check("plans", plans_table, {})


@dg.asset_check(asset=indicators_table, blocking=True, additional_ins={"plans_table": dg.AssetIn("plans_table")},
                description="Pandera schema of indicators; every plan_id exists in plans.")
def indicators_schema(indicators_table: pd.DataFrame, plans_table: pd.DataFrame) -> dg.AssetCheckResult:
    return _check("indicators", indicators_table, {"plans": plans_table})


@dg.asset_check(asset=targets_table, blocking=True,
                additional_ins={"indicators_table": dg.AssetIn("indicators_table"), "plans_table": dg.AssetIn("plans_table")},
                description="Pandera schema of targets; every indicator_id and plan_id exists.")
def targets_schema(targets_table: pd.DataFrame, indicators_table: pd.DataFrame,
                   plans_table: pd.DataFrame) -> dg.AssetCheckResult:
    return _check("targets", targets_table, {"indicators": indicators_table, "plans": plans_table})


@dg.asset(group_name="publish", description="The release: Parquet and CSV of every table in data/published/latest/.")
def published_release(paths: PipelinePaths, plans_table: pd.DataFrame, indicators_table: pd.DataFrame,
                      targets_table: pd.DataFrame) -> dg.MaterializeResult:
    frames = {"plans": plans_table, "indicators": indicators_table, "targets": targets_table}
    written = write_release(frames, paths.latest)
    return dg.MaterializeResult(metadata={
        "directory": dg.MetadataValue.path(str(paths.latest)),
        **{f"rows_{name}": len(df) for name, df in frames.items()},
        "files": markdown(pd.DataFrame({"file": list(written), "path": [str(p) for p in written.values()]})),
    })
