"""Catalog linking, lineage graphs and cross-level consistency as Dagster assets.

Thin wrappers over `pipeline.linking`, `pipeline.lineage`, `pipeline.consistency`
and `pipeline.lineage_checks`: each asset loads its inputs, calls the domain
code and reports what an officer needs to see (how many indicators linked or
left for review, which lineage pictures exist, how many findings).
"""
from __future__ import annotations

from pathlib import Path

import dagster as dg
import pandas as pd

from assets.metadata import markdown, table_metadata
from assets.resources import PipelinePaths
from assets.stages import schema_check
from pipeline.catalog import catalog_rows, load_catalog
from pipeline.concept_values import concept_values, with_targets
from pipeline.consistency import find_inconsistencies, load_rules
from pipeline.hierarchy import plan_parents
from pipeline.lineage_store import build_lineage
from pipeline.lineage_checks import check_lineage_coverage, check_links, consistency_summary
from pipeline.linking import link_indicators
from pipeline.publish import arrow_frame, frame
from pipeline.row_digests import plan_digests as plan_digests_of

#: The graph every officer asks about first; its picture is linked from the UI.
SHOWCASE_GRAPH = "coverage_5g"


def _parents(raw_plans: dict, plans_table: pd.DataFrame) -> dict[str, str]:
    return plan_parents(raw_plans["registry"], plans_table["plan_id"])


@dg.asset(group_name="catalog", description="Each extracted indicator linked to one catalog concept, or listed for review.")
def catalog_links_table(paths: PipelinePaths, indicators_table: pd.DataFrame,
                        targets_table: pd.DataFrame) -> dg.MaterializeResult:
    df = frame("catalog_links", link_indicators(indicators_table, targets_table, load_catalog(paths.catalog)))
    _, summary = check_links(df, indicators_table)
    return dg.MaterializeResult(value=df, metadata={
        **table_metadata("catalog_links", df),
        "linked": summary["linked"], "review": summary["review"], "excluded": summary["excluded"],
        "by_method": dg.MetadataValue.json(summary["by_method"]),
        "review_list": markdown(pd.DataFrame(summary["review_list"])),
    })


@dg.asset(group_name="catalog", description="The canonical indicator catalog with how many plans set each concept.")
def catalog_table(paths: PipelinePaths, catalog_links_table: pd.DataFrame) -> dg.MaterializeResult:
    df = frame("catalog", catalog_rows(load_catalog(paths.catalog), catalog_links_table))
    return dg.MaterializeResult(value=df, metadata=table_metadata("catalog", df))


@dg.asset(group_name="catalog",
          description="Per plan, a digest of its rows in plans, indicators, targets and catalog_links: what tells "
                      "a stored lineage part, consistency finding or indicator page from a stale one.")
def plan_digests(plans_table: pd.DataFrame, indicators_table: pd.DataFrame, targets_table: pd.DataFrame,
                 catalog_links_table: pd.DataFrame) -> dg.MaterializeResult:
    digests = plan_digests_of({"plans": plans_table, "indicators": indicators_table, "targets": targets_table,
                               "catalog_links": catalog_links_table})
    return dg.MaterializeResult(value=digests, metadata={"plans": len(digests)})


@dg.multi_asset(group_name="lineage", outs={
    "lineage_graphs": dg.AssetOut(description="One lineage graph per catalog indicator, from source lines to "
                                              "published rows: its node-link JSON and SVG picture. Only the plans "
                                              "and graphs whose inputs changed are drawn again."),
    "lineage_edges_table": dg.AssetOut(description="Published table lineage_edges: every lineage edge, flat, "
                                                   "for the portal."),
})
def lineage(paths: PipelinePaths, raw_plans: dict, plans_table: pd.DataFrame, indicators_table: pd.DataFrame,
            targets_table: pd.DataFrame, catalog_links_table: pd.DataFrame, plan_digests: dict[str, str]):
    """The graphs' stored files and their edges as one table, drawn together: the edges come with the graphs."""
    drawn = build_lineage(plans_table, indicators_table, targets_table, catalog_links_table,
                          load_catalog(paths.catalog), _parents(raw_plans, plans_table), paths.lineage_store,
                          plan_digests)
    graphs = sorted({Path(name).stem for name in drawn.files})
    pictures = pd.DataFrame({"graph": graphs, "svg": [str(paths.latest / "lineage" / f"{g}.svg") for g in graphs]})
    yield dg.Output(drawn.files, output_name="lineage_graphs", metadata={
        "graphs": len(graphs),
        "edges": drawn.edges.num_rows,
        "plans_drawn": drawn.rebuilt_plans,
        "graphs_drawn": drawn.rebuilt_graphs,
        "showcase": dg.MetadataValue.path(str(paths.latest / "lineage" / f"{SHOWCASE_GRAPH}.svg")),
        "pictures": markdown(pictures),
    })
    edges = arrow_frame("lineage_edges", drawn.edges)
    yield dg.Output(edges, output_name="lineage_edges_table", metadata=table_metadata("lineage_edges", edges))


@dg.asset(group_name="catalog",
          description="Published table concept_values: each target of a linked indicator as its concept reads it: "
                      "the concept its value states (a \"6G\" value of a \"5G/6G\" row is 6G), its measure, its "
                      "interval, and why it is not compared where it is not. Charts and consistency read it.")
def concept_values_table(paths: PipelinePaths, targets_table: pd.DataFrame,
                         catalog_links_table: pd.DataFrame) -> dg.MaterializeResult:
    df = frame("concept_values", concept_values(targets_table, catalog_links_table, load_catalog(paths.catalog)))
    moved = with_targets(df[df["catalog_id"] != df["linked_catalog_id"]], targets_table, ["raw_text"])
    return dg.MaterializeResult(value=df, metadata={
        **table_metadata("concept_values", df), "compared": int((df["comparable"] == "yes").sum()),
        "not_compared": markdown(df.loc[df["comparable"] == "no"].groupby("note").size().rename("targets")
                                 .reset_index()),
        "moved_to_the_concept_they_state": markdown(moved[["target_id", "raw_text", "linked_catalog_id",
                                                           "catalog_id"]]),
    })


@dg.asset(group_name="consistency",
          description="Published table consistency: one finding per rule, concept and pair of plans, by the "
                      "reviewed rules in data/catalog/consistency_rules.csv.")
def consistency_table(paths: PipelinePaths, raw_plans: dict, plans_table: pd.DataFrame, targets_table: pd.DataFrame,
                      concept_values_table: pd.DataFrame, plan_digests: dict[str, str]) -> dg.MaterializeResult:
    df = frame("consistency", find_inconsistencies(plans_table, targets_table, concept_values_table,
                                                   load_catalog(paths.catalog), load_rules(paths.catalog),
                                                   _parents(raw_plans, plans_table), paths.consistency_store,
                                                   plan_digests))
    _, summary = consistency_summary(df)
    return dg.MaterializeResult(value=df, metadata={
        **table_metadata("consistency", df),
        "findings": summary["findings"], "warnings": summary["warnings"],
        "by_rule": dg.MetadataValue.json(summary["by_rule"]),
    })


@dg.asset_check(asset=catalog_links_table, blocking=True,
                additional_ins={"indicators_table": dg.AssetIn("indicators_table"), "plans_table": dg.AssetIn("plans_table")},
                description="Pandera schema of catalog_links; one link row per indicator, a concept exactly on linked rows.")
def catalog_links_valid(catalog_links_table: pd.DataFrame, indicators_table: pd.DataFrame,
                        plans_table: pd.DataFrame) -> dg.AssetCheckResult:
    schema = schema_check("catalog_links", catalog_links_table, {"indicators": indicators_table, "plans": plans_table})
    passed, summary = check_links(catalog_links_table, indicators_table)
    return dg.AssetCheckResult(passed=schema.passed and passed, metadata={
        **schema.metadata, "linked": summary["linked"], "review": summary["review"]})


@dg.asset_check(asset=concept_values_table, blocking=True,
                additional_ins={"targets_table": dg.AssetIn("targets_table"), "catalog_table": dg.AssetIn("catalog_table")},
                description="Pandera schema of concept_values; every target and concept exists.")
def concept_values_schema(concept_values_table: pd.DataFrame, targets_table: pd.DataFrame,
                          catalog_table: pd.DataFrame) -> dg.AssetCheckResult:
    return schema_check("concept_values", concept_values_table, {"targets": targets_table, "catalog": catalog_table})


@dg.asset_check(asset=catalog_table, blocking=True, description="Pandera schema of catalog.")
def catalog_schema(catalog_table: pd.DataFrame) -> dg.AssetCheckResult:
    return schema_check("catalog", catalog_table, {})


@dg.asset_check(asset="lineage_edges_table", blocking=True, additional_ins={"targets_table": dg.AssetIn("targets_table")},
                description="Every published target is reachable in exactly one lineage graph.")
def lineage_covers_every_target(lineage_edges_table: pd.DataFrame, targets_table: pd.DataFrame) -> dg.AssetCheckResult:
    passed, summary = check_lineage_coverage(lineage_edges_table, targets_table)
    return dg.AssetCheckResult(passed=passed, metadata={k: dg.MetadataValue.json(v) if isinstance(v, list) else v
                                                        for k, v in summary.items()})


@dg.asset_check(asset="lineage_edges_table", blocking=True, description="Pandera schema of lineage_edges.")
def lineage_edges_schema(lineage_edges_table: pd.DataFrame) -> dg.AssetCheckResult:
    return schema_check("lineage_edges", lineage_edges_table, {})


@dg.asset_check(asset=consistency_table, blocking=True,
                additional_ins={"targets_table": dg.AssetIn("targets_table"), "catalog_table": dg.AssetIn("catalog_table")},
                description="Pandera schema of consistency; every finding's target and concept exist.")
def consistency_schema(consistency_table: pd.DataFrame, targets_table: pd.DataFrame,
                       catalog_table: pd.DataFrame) -> dg.AssetCheckResult:
    return schema_check("consistency", consistency_table, {"targets": targets_table, "catalog": catalog_table})


@dg.asset_check(asset=consistency_table, blocking=False,
                description="No warning-level finding (a question for officers about the source plans, not a data error).")
def consistency_warnings(consistency_table: pd.DataFrame) -> dg.AssetCheckResult:
    passed, summary = consistency_summary(consistency_table)
    return dg.AssetCheckResult(passed=passed, severity=dg.AssetCheckSeverity.WARN, metadata={
        "findings": summary["findings"], "warnings": summary["warnings"],
        "by_rule": dg.MetadataValue.json(summary["by_rule"])})
