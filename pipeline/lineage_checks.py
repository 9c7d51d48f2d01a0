"""Checks and UI summaries for the catalog, lineage and consistency stages: (passed, metadata) pairs.

Plain Python so Dagster asset checks stay thin wrappers (metadata values are
JSON-able: counts, lists of ids), and the same checks run in tests.
"""
from __future__ import annotations

import pandas as pd

from pipeline.records import contained


def check_links(links: pd.DataFrame, indicators: pd.DataFrame) -> tuple[bool, dict]:
    """One link row per indicator, and a catalog id exactly on the linked ones."""
    one_each = sorted(links["indicator_id"]) == sorted(indicators["indicator_id"])
    linked = links["status"] == "linked"
    consistent = bool(links.loc[linked, "catalog_id"].notna().all() and links.loc[~linked, "catalog_id"].isna().all())
    counts = links["status"].value_counts().to_dict()
    review = links.loc[links["status"] == "review", ["indicator_id", "candidate_id", "reason"]]
    return one_each and consistent, {
        "linked": int(counts.get("linked", 0)), "review": int(counts.get("review", 0)),
        "excluded": int(counts.get("excluded", 0)),
        "by_method": {k: int(v) for k, v in links.loc[linked, "method"].value_counts().items()},
        "review_list": review.astype(object).where(review.notna(), None).to_dict("records"),
    }


def check_lineage_coverage(edges: pd.DataFrame, targets: pd.DataFrame) -> tuple[bool, dict]:
    """Every published target is reachable in exactly one graph, read from the published `lineage_edges` table.

    A published row appears as the target of its `validate` edge; counting
    the graphs those edges are in checks the file the portal downloads, not
    only the graphs in memory.
    """
    published = edges.loc[edges["step"] == "validate", ["graph_id", "target_node"]].drop_duplicates()
    seen = published["target_node"].str.partition(":")[2].value_counts()
    ids = targets["target_id"]
    missing = sorted(ids[~contained(ids, pd.Series(seen.index))].tolist())
    repeated = sorted(seen.index[seen.to_numpy() > 1].tolist())
    return not missing and not repeated, {"graphs": int(edges["graph_id"].nunique()), "targets": len(targets),
                                          "missing": missing[:20], "in_several_graphs": repeated[:20]}


def consistency_summary(findings: pd.DataFrame) -> tuple[bool, dict]:
    """Passes when there is no warning (a source-data question for officers, so a non-blocking check)."""
    by_rule = findings.groupby(["rule", "severity"]).size()
    warnings = int((findings["severity"] == "warning").sum())
    return warnings == 0, {"findings": len(findings), "warnings": warnings,
                           "by_rule": {f"{rule} ({severity})": int(n) for (rule, severity), n in by_rule.items()}}
