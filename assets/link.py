"""Catalog linking and consistency as Dagster assets: each indicator linked to a concept, each target as its
concept reads it, the per-plan digests stored results are keyed on, and the consistency findings.

Thin wrappers over `pipeline.link`: each asset loads its inputs, calls the domain code and reports what an
officer needs to see (how many indicators linked or left for review, values not compared, findings).
"""
from __future__ import annotations

import dagster as dg
import pandas as pd

from assets.metadata import markdown, table_metadata
from assets.resources import PipelinePaths
from pipeline.ingest.inventory import Inventory
from pipeline.link.catalog import catalog_rows, load_catalog
from pipeline.link.checks import check_links, consistency_summary
from pipeline.link.concept_values import concept_values, with_targets
from pipeline.link.consistency import find_inconsistencies, load_rules
from pipeline.link.hierarchy import plan_parents
from pipeline.link.linking import link_indicators
from pipeline.stores.digests import plan_digests as plan_digests_of
from pipeline.tables.frames import frame


def parents(plan_inventory: Inventory, plans_table: pd.DataFrame) -> dict[str, str]:
    """Plan id → the plan it implements, from the registry (`pipeline.link.hierarchy`)."""
    return plan_parents(plan_inventory.registry, plans_table["plan_id"])


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
def consistency_table(paths: PipelinePaths, plan_inventory: Inventory, plans_table: pd.DataFrame, targets_table: pd.DataFrame,
                      concept_values_table: pd.DataFrame, plan_digests: dict[str, str]) -> dg.MaterializeResult:
    df = frame("consistency", find_inconsistencies(plans_table, targets_table, concept_values_table,
                                                   load_catalog(paths.catalog), load_rules(paths.catalog),
                                                   parents(plan_inventory, plans_table), paths.consistency_store,
                                                   plan_digests))
    _, summary = consistency_summary(df)
    return dg.MaterializeResult(value=df, metadata={
        **table_metadata("consistency", df),
        "findings": summary["findings"], "warnings": summary["warnings"],
        "by_rule": dg.MetadataValue.json(summary["by_rule"]),
    })


@dg.asset_check(asset=catalog_links_table, blocking=True, additional_ins={"indicators_table": dg.AssetIn("indicators_table")},
                description="One link row per indicator, a concept exactly on linked rows.")
def catalog_links_one_per_indicator(catalog_links_table: pd.DataFrame,
                                    indicators_table: pd.DataFrame) -> dg.AssetCheckResult:
    passed, summary = check_links(catalog_links_table, indicators_table)
    return dg.AssetCheckResult(passed=passed, metadata={"linked": summary["linked"], "review": summary["review"]})


@dg.asset_check(asset=consistency_table, blocking=False,
                description="No warning-level finding (a question for officers about the source plans, not a data error).")
def consistency_warnings(consistency_table: pd.DataFrame) -> dg.AssetCheckResult:
    passed, summary = consistency_summary(consistency_table)
    return dg.AssetCheckResult(passed=passed, severity=dg.AssetCheckSeverity.WARN, metadata={
        "findings": summary["findings"], "warnings": summary["warnings"],
        "by_rule": dg.MetadataValue.json(summary["by_rule"])})
