"""Checks and UI summaries for the link stage: catalog links and consistency findings, as (passed, metadata)
pairs.

Plain Python so Dagster asset checks stay thin wrappers (metadata values are
JSON-able: counts, lists of ids), and the same checks run in tests.
"""
from __future__ import annotations

import pandas as pd


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


def consistency_summary(findings: pd.DataFrame) -> tuple[bool, dict]:
    """Passes when there is no warning (a source-data question for officers, so a non-blocking check)."""
    by_rule = findings.groupby(["rule", "severity"]).size()
    warnings = int((findings["severity"] == "warning").sum())
    return warnings == 0, {"findings": len(findings), "warnings": warnings,
                           "by_rule": {f"{rule} ({severity})": int(n) for (rule, severity), n in by_rule.items()}}
