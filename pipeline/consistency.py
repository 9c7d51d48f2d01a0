"""Cross-level consistency: compare targets of one catalog indicator across plans, levels and years.

A target is read as the set of values it allows ("≥ 80" → [80, ∞), "2-3" →
[2, 3], "= 100" → [100, 100]); two targets disagree when their sets do not
meet. Only numeric targets whose unit is of the catalog entry's unit family,
with no qualifying words (value_text: "6G", "tăng trung bình") and no
`year_uncertain` flag, are compared: anything else would compare different
things. Rules (`FINDING_RULES` in validations.columns):

- below_national (warning): a sub-national plan's target for a share where
  higher is better allows only values below the national target of that year;
- plans_disagree (warning): two province-wide plans (province, department,
  party committee) of the same province — or two rows of one plan — set
  targets for the same year that cannot both hold;
- decreasing_over_years: one indicator's target falls from one year to a
  later one: a warning for a stock that should not fall (`cumulative`), info
  where higher is simply better;
- unit_mismatch (info): a linked indicator's numbers are in another unit
  family than the catalog's, so they are left out of the comparisons.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from itertools import combinations
from pathlib import Path

import pandas as pd

from pipeline.catalog import Catalog, Entry
from pipeline.files import drop_others, keyed, read_stored, write_stored
from pipeline.hierarchy import province_root
from pipeline.linking import UNIT_FAMILY, concept_plans, concept_targets
from pipeline.records import plain_records
from pipeline.row_digests import content_key

PROVINCE_WIDE = ("province", "department", "party_committee")
#: What the rules read of a target (with its catalog id).
_FIELDS = ("target_id", "plan_id", "indicator_id", "catalog_id", "year", "comparator", "value", "value_max",
           "value_text", "unit", "raw_text", "flags")
_OPEN = {">=": (0, math.inf), ">": (0, math.inf), "<=": (-math.inf, 0), "<": (-math.inf, 0)}


def bounds(t: Mapping) -> tuple[float, float]:
    """The interval of values a numeric target allows (strictness ignored: plans round)."""
    if t["comparator"] == "between":
        return t["value"], t["value_max"]
    if t["comparator"] == "=":
        return t["value"], t["value"]
    low, high = _OPEN[t["comparator"]]
    return (t["value"], high) if low == 0 else (low, t["value"])


def _comparable(t: Mapping, entry: Entry) -> bool:
    return (t["value"] is not None and t["value_text"] is None and "year_uncertain" not in t["flags"]
            and UNIT_FAMILY.get(t["unit"]) == UNIT_FAMILY.get(entry.preferred_unit))


def _finding(rule: str, severity: str, t: Mapping, en: str, vi: str, other: Mapping | None = None) -> dict:
    other_id = other["target_id"] if other is not None else None
    return {"finding_id": f"{rule}:{t['target_id']}" + (f"|{other_id}" if other_id else ""), "rule": rule,
            "severity": severity, "catalog_id": t["catalog_id"], "year": t["year"], "plan_id": t["plan_id"],
            "indicator_id": t["indicator_id"], "target_id": t["target_id"],
            "other_plan_id": other["plan_id"] if other is not None else None, "other_target_id": other_id,
            "explanation_en": en, "explanation_vi": vi}


def _below_national(ts: list[dict], levels: Mapping[str, str | None]) -> list[dict]:
    national = [t for t in ts if levels.get(t["plan_id"]) == "national"]
    found = []
    for t in ts:
        for n in national:
            if levels.get(t["plan_id"]) != "national" and t["year"] == n["year"] and bounds(t)[1] < bounds(n)[0]:
                found.append(_finding(
                    "below_national", "warning", t,
                    f"Plan {t['plan_id']} sets \"{t['raw_text']}\" for {t['year']}, below the national target "
                    f"\"{n['raw_text']}\" of Resolution 57-NQ/TW; for this indicator higher is better.",
                    f"Kế hoạch {t['plan_id']} đặt mục tiêu \"{t['raw_text']}\" năm {t['year']}, thấp hơn mục tiêu "
                    f"quốc gia \"{n['raw_text']}\" của Nghị quyết 57-NQ/TW (chỉ tiêu càng cao càng tốt).", n))
    return found


def _disagree(ts: list[dict], levels: Mapping[str, str | None], parents: Mapping[str, str]) -> list[dict]:
    wide = [t for t in ts if levels.get(t["plan_id"]) in PROVINCE_WIDE]
    by_province_year: dict[tuple[str | None, int], list[dict]] = {}
    for t in sorted(wide, key=lambda t: t["target_id"]):  # only targets of one province and year can disagree
        by_province_year.setdefault((province_root(t["plan_id"], parents, levels), t["year"]), []).append(t)
    found = []
    for a, b in (pair for group in by_province_year.values() for pair in combinations(group, 2)):
        (a_low, a_high), (b_low, b_high) = bounds(a), bounds(b)
        if a_high < b_low or b_high < a_low:
            where = "the same plan" if a["plan_id"] == b["plan_id"] else f"plan {b['plan_id']} of the same province"
            noi = "cùng kế hoạch" if a["plan_id"] == b["plan_id"] else f"kế hoạch {b['plan_id']} cùng tỉnh"
            found.append(_finding(
                "plans_disagree", "warning", a,
                f"For {a['year']}, plan {a['plan_id']} sets \"{a['raw_text']}\" but {where} sets "
                f"\"{b['raw_text']}\" for the same indicator: both cannot hold.",
                f"Năm {a['year']}, kế hoạch {a['plan_id']} đặt \"{a['raw_text']}\" nhưng {noi} đặt "
                f"\"{b['raw_text']}\" cho cùng chỉ tiêu: không thể cùng đạt.", b))
    return found


def _decreasing(ts: list[dict], entry: Entry) -> list[dict]:
    if entry.direction != "higher":
        return []
    severity = "warning" if entry.cumulative else "info"
    why_en = "a stock that should not fall" if entry.cumulative else "an indicator where higher is better"
    why_vi = "đại lượng tích lũy, không nên giảm" if entry.cumulative else "chỉ tiêu càng cao càng tốt"
    found = []
    by_indicator: dict[str, list[dict]] = {}
    for t in ts:
        by_indicator.setdefault(t["indicator_id"], []).append(t)
    for series in by_indicator.values():
        series.sort(key=lambda t: t["year"])
        for before, after in zip(series, series[1:]):
            if bounds(after)[1] < bounds(before)[0]:
                found.append(_finding(
                    "decreasing_over_years", severity, after,
                    f"Plan {after['plan_id']} lowers the target from \"{before['raw_text']}\" in {before['year']} "
                    f"to \"{after['raw_text']}\" in {after['year']}, for {why_en}.",
                    f"Kế hoạch {after['plan_id']} hạ mục tiêu từ \"{before['raw_text']}\" năm {before['year']} "
                    f"xuống \"{after['raw_text']}\" năm {after['year']}, trong khi đây là {why_vi}.", before))
    return found


def _unit_mismatch(ts: list[dict], entry: Entry) -> list[dict]:
    found, seen = [], set()
    for t in ts:
        family = UNIT_FAMILY.get(t["unit"])
        if family and family != UNIT_FAMILY.get(entry.preferred_unit) and t["indicator_id"] not in seen:
            seen.add(t["indicator_id"])
            found.append(_finding(
                "unit_mismatch", "info", t,
                f"Plan {t['plan_id']} states this indicator in {t['unit']} (\"{t['raw_text']}\"), the catalog in "
                f"{entry.preferred_unit}: its targets are not compared with the other plans'.",
                f"Kế hoạch {t['plan_id']} tính chỉ tiêu này theo {t['unit']} (\"{t['raw_text']}\"), danh mục theo "
                f"{entry.preferred_unit}: các mục tiêu này không được so sánh với kế hoạch khác."))
    return found


def _concept_findings(mine: list[dict], entry: Entry, levels: Mapping[str, str | None],
                      parents: Mapping[str, str]) -> list[dict]:
    """Every finding of every rule for one concept's targets."""
    findings = _unit_mismatch(mine, entry)
    comparable = [r for r in mine if _comparable(r, entry)]
    if entry.direction == "higher" and UNIT_FAMILY[entry.preferred_unit] == "share":
        findings += _below_national(comparable, levels)
    findings += _disagree(comparable, levels, parents)
    findings += _decreasing(comparable, entry)
    return findings


def find_inconsistencies(plans: pd.DataFrame, targets: pd.DataFrame, links: pd.DataFrame, catalog: Catalog,
                         parents: Mapping[str, str], store: Path | None = None,
                         digests: Mapping[str, str] | None = None) -> list[dict]:
    """Every finding of every rule, ordered by catalog id, rule and finding id.

    With a `store` (and the plans' `digests`, `row_digests.plan_digests`), each concept's findings are kept
    under a key of what the rules read (its plans' rows, levels and provinces, its catalog entry): a refresh
    where one plan changed compares again only the concepts that plan sets targets for.
    """
    levels = dict(zip(plans["plan_id"], plans["level"].astype(object).where(plans["level"].notna(), None)))
    members = concept_plans(links)
    kept: dict[str, list[dict]] = {}
    paths: dict[str, Path] = {}
    if store is not None and digests is not None:
        store.mkdir(parents=True, exist_ok=True)
        for catalog_id, plan_ids in members.items():
            key = content_key(catalog.entries[catalog_id], [(p, digests[p], levels.get(p),
                                                             province_root(p, parents, levels)) for p in plan_ids])
            paths[catalog_id] = keyed(store, catalog_id, key, ".pickle")
            found = read_stored(paths[catalog_id])
            if isinstance(found, list):
                kept[catalog_id] = found
    stale = [c for c in members if c not in kept]
    mine_by_concept: dict[str, list[dict]] = {c: [] for c in stale}
    for r in plain_records(concept_targets(targets, links, stale), _FIELDS):
        mine_by_concept[r["catalog_id"]].append(r)
    for catalog_id, mine in mine_by_concept.items():
        kept[catalog_id] = _concept_findings(mine, catalog.entries[catalog_id], levels, parents)
        if catalog_id in paths:
            write_stored(paths[catalog_id], kept[catalog_id])
            drop_others(store, catalog_id, (paths[catalog_id],))
    findings = [f for c in sorted(kept) for f in kept[c]]
    return sorted(findings, key=lambda f: (f["catalog_id"], f["rule"], f["finding_id"]))
