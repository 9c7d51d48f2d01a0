"""The pipeline's table and release stages as Dagster assets: extractions → tables (checked) → release.

Assets stay thin: each loads its inputs, calls `pipeline/` or `validations/`,
and reports metadata. Blocking checks (a Pandera schema per table, the row
accounting) keep a bad table out of the release: Dagster does not materialize
`published_release` when one fails, so `latest` keeps pointing at the last
good release.
"""
from __future__ import annotations

from pathlib import Path

import dagster as dg
import pandas as pd

from assets.metadata import markdown, table_metadata
from assets.resources import PipelinePaths
from pipeline.overrides import apply_overrides, load_overrides
from pipeline.publish import ExtractedTables, frame
from pipeline.quarantine import unbalanced
from pipeline.release import MANIFEST, publish
from pipeline.review import review_queue
from pipeline.site import build_site
from validations.expectations import QualityReport, run_expectations
from validations.schemas import validate_table


#: The tables a release holds, in the order `published_release` receives them.
RELEASED_TABLES = ("plans", "indicators", "targets", "quarantine", "review_queue", "overrides_applied",
                   "catalog", "catalog_links", "concept_values", "lineage_edges", "consistency")


def _table(name: str, extracted: ExtractedTables) -> dg.MaterializeResult:
    df = extracted.frames[name]
    return dg.MaterializeResult(value=df, metadata=table_metadata(name, df))


@dg.asset(group_name="tables", description="Published table plans: one row per plan.")
def plans_table(plan_extractions: ExtractedTables) -> dg.MaterializeResult:
    return _table("plans", plan_extractions)


@dg.asset(group_name="tables", description="Published table indicators: one row per indicator.")
def indicators_table(plan_extractions: ExtractedTables) -> dg.MaterializeResult:
    return _table("indicators", plan_extractions)


@dg.asset(group_name="tables", description="Published table quarantine: what plans say that was not published, and why.")
def quarantine_table(plan_extractions: ExtractedTables) -> dg.MaterializeResult:
    df = plan_extractions.frames["quarantine"]
    return dg.MaterializeResult(value=df, metadata={
        **table_metadata("quarantine", df),
        "rows_per_kind": markdown(df.groupby("kind").size().rename("rows").reset_index()),
    })


@dg.multi_asset(
    group_name="tables",
    outs={
        "targets_table": dg.AssetOut(
            description="Published table targets: one row per indicator × year, with officers' overrides applied."),
        "overrides_applied_table": dg.AssetOut(
            description="Published table overrides_applied: officers' decisions applied to targets."),
    },
    check_specs=[dg.AssetCheckSpec(
        "overrides_match", asset="targets_table",
        description="Every officer override matched exactly one target and could be applied (a warning).")],
)
def reviewed_targets(context, paths: PipelinePaths, plan_extractions: ExtractedTables):
    """The extracted targets with data/overrides.csv applied once: the targets, the decisions applied, and
    a warning check listing the decisions that matched no target."""
    df, applied, rejected = apply_overrides(plan_extractions.frames["targets"], load_overrides(paths.overrides))
    for r in rejected:
        context.log.warning(f"override {r['override_id']} not applied: {r['reason']}")
    yield dg.Output(df, output_name="targets_table", metadata={
        **table_metadata("targets", df), "overrides_applied": len(applied), "overrides_rejected": len(rejected)})
    decisions = frame("overrides_applied", applied)
    yield dg.Output(decisions, output_name="overrides_applied_table",
                    metadata=table_metadata("overrides_applied", decisions))
    yield dg.AssetCheckResult(check_name="overrides_match", asset_key="targets_table", passed=not rejected,
                              severity=dg.AssetCheckSeverity.WARN,
                              metadata={"rejected": len(rejected), "rejected_overrides": markdown(pd.DataFrame(rejected))})


@dg.asset(group_name="tables", description="Published table review_queue: flagged targets for a data officer (Excel).")
def review_queue_table(targets_table: pd.DataFrame) -> dg.MaterializeResult:
    df = frame("review_queue", review_queue(targets_table))
    return dg.MaterializeResult(value=df, metadata=table_metadata("review_queue", df))


def schema_check(name: str, df: pd.DataFrame, related: dict[str, pd.DataFrame]) -> dg.AssetCheckResult:
    """A table's Pandera validation (lazy: every failure in one pass) as a check result with its summary."""
    ok, summary = validate_table(name, df, related)
    return dg.AssetCheckResult(passed=ok, metadata={
        "n_rows": summary["n_rows"],
        "n_failures": summary["n_failures"],
        "failures_by_check": dg.MetadataValue.json(summary["by_check"]),
        "sample": dg.MetadataValue.json(summary["sample"]),
    })


@dg.asset_check(asset=plans_table, blocking=True, description="Pandera schema of plans.")
def plans_schema(plans_table: pd.DataFrame) -> dg.AssetCheckResult:
    return schema_check("plans", plans_table, {})


@dg.asset_check(asset=indicators_table, blocking=True, additional_ins={"plans_table": dg.AssetIn("plans_table")},
                description="Pandera schema of indicators; every plan_id exists in plans.")
def indicators_schema(indicators_table: pd.DataFrame, plans_table: pd.DataFrame) -> dg.AssetCheckResult:
    return schema_check("indicators", indicators_table, {"plans": plans_table})


@dg.asset_check(asset="targets_table", blocking=True,
                additional_ins={"indicators_table": dg.AssetIn("indicators_table"), "plans_table": dg.AssetIn("plans_table")},
                description="Pandera schema of targets; every indicator_id and plan_id exists.")
def targets_schema(targets_table: pd.DataFrame, indicators_table: pd.DataFrame,
                   plans_table: pd.DataFrame) -> dg.AssetCheckResult:
    return schema_check("targets", targets_table, {"indicators": indicators_table, "plans": plans_table})


@dg.asset_check(asset=quarantine_table, blocking=True, additional_ins={"plans_table": dg.AssetIn("plans_table")},
                description="Pandera schema of quarantine; every plan_id exists in plans.")
def quarantine_schema(quarantine_table: pd.DataFrame, plans_table: pd.DataFrame) -> dg.AssetCheckResult:
    return schema_check("quarantine", quarantine_table, {"plans": plans_table})


@dg.asset_check(asset=review_queue_table, blocking=True, additional_ins={"targets_table": dg.AssetIn("targets_table")},
                description="Pandera schema of review_queue; every target_id exists in targets.")
def review_queue_schema(review_queue_table: pd.DataFrame, targets_table: pd.DataFrame) -> dg.AssetCheckResult:
    return schema_check("review_queue", review_queue_table, {"targets": targets_table})


@dg.asset_check(asset="overrides_applied_table", blocking=True, additional_ins={"targets_table": dg.AssetIn("targets_table")},
                description="Pandera schema of overrides_applied; every target_id exists in targets.")
def overrides_applied_schema(overrides_applied_table: pd.DataFrame, targets_table: pd.DataFrame) -> dg.AssetCheckResult:
    return schema_check("overrides_applied", overrides_applied_table, {"targets": targets_table})


@dg.asset_check(asset="targets_table", blocking=True,
                additional_ins={"plan_extractions": dg.AssetIn("plan_extractions"),
                                "indicators_table": dg.AssetIn("indicators_table"),
                                "quarantine_table": dg.AssetIn("quarantine_table")},
                description="Row accounting per plan: rows seen = indicators + merged + quarantined rows; "
                            "cells seen = targets + quarantined cells, counted in the published tables.")
def row_accounting(targets_table: pd.DataFrame, plan_extractions: ExtractedTables, indicators_table: pd.DataFrame,
                   quarantine_table: pd.DataFrame) -> dg.AssetCheckResult:
    failures = unbalanced(plan_extractions.accounts, indicators_table, targets_table, quarantine_table)
    return dg.AssetCheckResult(passed=not failures, metadata={
        "plans": len(plan_extractions.accounts), "unbalanced_plans": len(failures),
        "accounting": markdown(pd.DataFrame(plan_extractions.ledgers)),
        "failures": markdown(pd.DataFrame(failures)),
    })


def _released_frames(*tables: pd.DataFrame) -> dict[str, pd.DataFrame]:
    return dict(zip(RELEASED_TABLES, tables))


@dg.asset(group_name="publish",
          description="Great Expectations suite over the tables to publish (distributions, cross-table rules), "
                      "with its Data Docs for the release's quality/ folder.")
def quality_report(plans_table: pd.DataFrame, indicators_table: pd.DataFrame, targets_table: pd.DataFrame,
                   quarantine_table: pd.DataFrame, review_queue_table: pd.DataFrame,
                   overrides_applied_table: pd.DataFrame, catalog_table: pd.DataFrame,
                   catalog_links_table: pd.DataFrame, concept_values_table: pd.DataFrame,
                   lineage_edges_table: pd.DataFrame, consistency_table: pd.DataFrame) -> dg.MaterializeResult:
    report = run_expectations(_released_frames(
        plans_table, indicators_table, targets_table, quarantine_table, review_queue_table, overrides_applied_table,
        catalog_table, catalog_links_table, concept_values_table, lineage_edges_table, consistency_table))
    return dg.MaterializeResult(value=report, metadata={
        "success": report.success, "expectations": len(report.results), "failed": len(report.failures),
        "failures": dg.MetadataValue.json(report.failures)})


@dg.asset_check(asset=quality_report, blocking=False,
                description="Every expectation of the Great Expectations suite holds (a warning: the report says why).")
def quality_expectations(paths: PipelinePaths, quality_report: QualityReport) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=quality_report.success, severity=dg.AssetCheckSeverity.WARN, metadata={
        "failures": dg.MetadataValue.json(quality_report.failures),
        "report": dg.MetadataValue.path(str(paths.latest / "quality" / "index.html"))})


@dg.asset(group_name="publish",
          description="A new versioned release in data/published/releases/<UTC timestamp>/ (tables, datapackage.json, "
                      "CHANGES, lineage pictures, quality report, indicator browser), then latest switched to it.")
def published_release(paths: PipelinePaths, plans_table: pd.DataFrame, indicators_table: pd.DataFrame,
                      targets_table: pd.DataFrame, quarantine_table: pd.DataFrame, review_queue_table: pd.DataFrame,
                      overrides_applied_table: pd.DataFrame, catalog_table: pd.DataFrame,
                      catalog_links_table: pd.DataFrame, concept_values_table: pd.DataFrame,
                      lineage_edges_table: pd.DataFrame, consistency_table: pd.DataFrame,
                      lineage_graphs: dict[str, Path], plan_digests: dict[str, str],
                      quality_report: QualityReport) -> dg.MaterializeResult:
    frames = _released_frames(plans_table, indicators_table, targets_table, quarantine_table, review_queue_table,
                              overrides_applied_table, catalog_table, catalog_links_table, concept_values_table,
                              lineage_edges_table, consistency_table)
    release = publish(frames, paths.published, keep=paths.keep_releases,
                      files=lambda: {**lineage_graphs, **quality_report.files,
                                     **build_site(frames, lineage_graphs, paths.site_store, plan_digests)})
    return dg.MaterializeResult(metadata={
        "release": release.name,
        "directory": dg.MetadataValue.path(str(release)),
        "manifest": dg.MetadataValue.path(str(release / MANIFEST)),
        "datapackage": dg.MetadataValue.path(str(release / "datapackage.json")),
        "site": dg.MetadataValue.path(str(release / "site" / "index.html")),
        "quality_report": dg.MetadataValue.path(str(release / "quality" / "index.html")),
        "changes": dg.MetadataValue.md((release / "CHANGES").read_text(encoding="utf-8")[:5000]),
        **{f"rows_{name}": len(df) for name, df in frames.items()},
    })
