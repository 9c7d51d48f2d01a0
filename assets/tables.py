"""The published tables as Dagster assets, from the gathered extractions: plans, indicators, quarantine, targets
with officers' overrides applied, and the review queue; and the row accounting that holds them together.

Their Pandera schema checks are generated from the registry (`assets.checks`); a failing blocking check keeps
`published_release` from running, so `latest` keeps pointing at the last good release.
"""
from __future__ import annotations

import dagster as dg
import pandas as pd

from assets.metadata import markdown, table_metadata
from assets.resources import PipelinePaths
from pipeline.curate.overrides import apply_overrides, load_overrides
from pipeline.curate.review import review_queue
from pipeline.tables.frames import ExtractedTables, frame
from pipeline.tables.quarantine import unbalanced


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
