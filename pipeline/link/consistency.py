"""Consistency findings a journalist can trust: where plans ask less than the nation, disagree with each
other, or lower their own targets.

Targets are read through their concept (`pipeline.link.concept_values`): only values it compares (a number in
the concept's canonical measure, no qualifying words) meet, so no finding ever sets a growth rate beside a
count, a 6G value beside 5G, or a share of commune centres beside a share of people. A target is an
interval; what a plan asks is its ambition: the floor where higher is better ("≥ 1,5" asks 1,5 and is
below a "≥ 3" floor), the ceiling where lower is better (a rank). Strictness is ignored ("> 80" asks what
"≥ 80" asks): plans round.

The rules, their thresholds and their wording live in a reviewed data file beside the catalog
(`data/catalog/consistency_rules.csv`): `min_gap` is the relative gap below which two ambitions are one
(99% against 100%), `warning_gap` the one from which a finding is a warning rather than information. A
finding that rests on a value whose year is a best guess (`year_uncertain`) is information at most, and
says so. One finding per rule, concept and pair of plans, listing the years, so one story is one row:

- below_national: a sub-national plan asks less than Resolution 57-NQ/TW for a concept that means the same
  at every level (catalog `compare_levels`);
- plans_disagree: two province-wide plans of one province (province, department, party committee), or two
  rows of one plan, ask different things for the same year;
- decreasing_over_years: a plan asks less in a later year than in the one before.
"""
from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import pandas as pd

from pipeline.link.catalog import Catalog, Entry
from pipeline.link.concept_values import with_targets
from pipeline.link.hierarchy import plan_label, province_root
from pipeline.stores.digests import content_key
from pipeline.stores.files import drop_others, keyed, read_stored, write_stored
from pipeline.tables.records import plain_records

RULES_FILE = "consistency_rules.csv"
RULE_NAMES = ("below_national", "plans_disagree", "decreasing_over_years")
PROVINCE_WIDE = ("province", "department", "party_committee")
NATIONAL = "national"
YEAR_UNCERTAIN = "year_uncertain"
_PLAN_FIELDS = ("plan_id", "level", "issuer", "doc_number", "title")
#: What the rules read of a compared value.
_FIELDS = ("target_id", "plan_id", "indicator_id", "catalog_id", "year", "raw_text", "low", "high", "flags")


@dataclass(frozen=True)
class Rule:
    """One rule's thresholds, as reviewed in the rules file."""

    name: str
    min_gap: float
    warning_gap: float


class RulesError(ValueError):
    """The rules file breaks its own form (unknown rule, missing rule, a threshold out of order)."""


def load_rules(catalog_dir: Path) -> dict[str, Rule]:
    """The rules of `catalog_dir/consistency_rules.csv`; every rule of RULE_NAMES exactly once."""
    path = catalog_dir / RULES_FILE
    rules: dict[str, Rule] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            name = row["rule"].strip()
            if name not in RULE_NAMES or name in rules:
                raise RulesError(f"{RULES_FILE}: rule {name!r} is unknown or listed twice")
            rule = Rule(name, float(row["min_gap"]), float(row["warning_gap"]))
            if not 0 <= rule.min_gap <= rule.warning_gap:
                raise RulesError(f"{RULES_FILE}: {name}: need 0 ≤ min_gap ≤ warning_gap")
            rules[name] = rule
    if missing := set(RULE_NAMES) - set(rules):
        raise RulesError(f"{RULES_FILE}: no thresholds for {sorted(missing)}")
    return rules


def ambition(value: Mapping, direction: str) -> float | None:
    """What a target asks: its floor where higher is better, its ceiling where lower is; None when open."""
    return value["low"] if direction == "higher" else value["high"]


def shortfall(mine: float, reference: float, direction: str) -> float:
    """How much less `mine` asks than `reference`, relative to the reference; 0 when it asks as much or more."""
    less = reference - mine if direction == "higher" else mine - reference
    return max(less, 0.0) / abs(reference) if reference else (math.inf if less > 0 else 0.0)


def difference(a: float, b: float) -> float:
    """The relative gap between two ambitions, whichever is larger."""
    top = max(abs(a), abs(b))
    return abs(a - b) / top if top else 0.0


@dataclass(frozen=True)
class Gap:
    """One year where two compared values differ by more than the rule's `min_gap`."""

    year: int
    mine: dict
    other: dict
    size: float


def _uncertain(gaps: Sequence[Gap]) -> list[tuple[str, int]]:
    """(plan, year) of every value of `gaps` whose year is a best guess."""
    return sorted({(v["plan_id"], v["year"]) for g in gaps for v in (g.mine, g.other) if YEAR_UNCERTAIN in v["flags"]})


def _finding(rule: Rule, entry: Entry, names: Mapping[str, tuple[str, str]], gaps: Sequence[Gap],
             other_plan: str | None, en: str, vi: str) -> dict:
    """One finding row from its gaps (sorted by year): severity by the largest gap, lowered when a year is a
    best guess."""
    largest = max(gaps, key=lambda g: g.size)
    first = gaps[0].mine
    uncertain = _uncertain(gaps)
    severity = "warning" if largest.size >= rule.warning_gap and not uncertain else "info"
    pairs = "; ".join(f"{g.year}: \"{g.mine['raw_text']}\" / \"{g.other['raw_text']}\"" for g in gaps)
    if uncertain:
        en_which = "; ".join(f"{names[p][1]}, {y}" for p, y in uncertain)
        vi_which = "; ".join(f"{names[p][0]}, {y}" for p, y in uncertain)
        en += f" The year of these values is a best guess (cells missing in the source): {en_which}."
        vi += f" Năm của các giá trị này là ước đoán (ô bị thiếu trong văn bản gốc): {vi_which}."
    return {"finding_id": f"{rule.name}:{entry.catalog_id}:{first['plan_id']}|{other_plan or ''}",
            "rule": rule.name, "severity": severity, "catalog_id": entry.catalog_id,
            "plan_id": first["plan_id"], "other_plan_id": other_plan,
            "years": ", ".join(str(g.year) for g in gaps), "gap": round(largest.size, 4),
            "indicator_id": largest.mine["indicator_id"], "target_id": largest.mine["target_id"],
            "other_target_id": largest.other["target_id"],
            "explanation_en": f"{en} {pairs}.", "explanation_vi": f"{vi} {pairs}."}


def _by(values: Iterable[dict], field: str) -> dict:
    """`values` grouped by one field (year, indicator_id), each group in the values' order."""
    out: dict = {}
    for v in values:
        out.setdefault(v[field], []).append(v)
    return out


def _below_national(by_plan: Mapping[str, list[dict]], entry: Entry, rule: Rule,
                    levels: Mapping[str, str | None], names: Mapping[str, tuple[str, str]]) -> list[dict]:
    national = _by((v for p, vs in by_plan.items() if levels.get(p) == NATIONAL for v in vs), "year")
    if not national or not entry.compare_levels:
        return []
    found = []
    for plan_id, values in by_plan.items():
        if levels.get(plan_id) == NATIONAL:
            continue
        gaps = [Gap(v["year"], v, n, shortfall(ambition(v, entry.direction), ambition(n, entry.direction),
                                                 entry.direction))
                for v in values for n in national.get(v["year"], [])]
        gaps = sorted((g for g in gaps if g.size > rule.min_gap), key=lambda g: g.year)
        if gaps:
            found.append(_finding(
                rule, entry, names, gaps, gaps[0].other["plan_id"],
                f"{names[plan_id][1]} asks less than Resolution 57-NQ/TW for \"{entry.name_en}\" in "
                f"{_years(gaps)} (up to {largest_percent(gaps)} less).",
                f"{names[plan_id][0]} đặt mục tiêu thấp hơn Nghị quyết 57-NQ/TW cho \"{entry.name_vi}\" năm "
                f"{_years(gaps)} (thấp hơn tới {largest_percent(gaps)})."))
    return found


def _years(gaps: Sequence[Gap]) -> str:
    return ", ".join(str(y) for y in sorted({g.year for g in gaps}))


def largest_percent(gaps: Sequence[Gap]) -> str:
    """The largest gap as a percent for a sentence ("50%")."""
    size = max(g.size for g in gaps)
    return "∞" if math.isinf(size) else f"{size:.0%}"


def _pair_gaps(mine: Sequence[dict], other: Sequence[dict], entry: Entry, rule: Rule) -> list[Gap]:
    """The years where `mine` and `other` (two plans', or two rows') values ask different things."""
    theirs = _by(other, "year")
    gaps = [Gap(v["year"], v, o, difference(ambition(v, entry.direction), ambition(o, entry.direction)))
            for v in mine for o in theirs.get(v["year"], []) if v["target_id"] != o["target_id"]]
    best: dict[int, Gap] = {}
    for g in gaps:
        if g.size > rule.min_gap and (g.year not in best or g.size > best[g.year].size):
            best[g.year] = g
    return [best[y] for y in sorted(best)]


def _disagree(by_plan: Mapping[str, list[dict]], entry: Entry, rule: Rule, levels: Mapping[str, str | None],
              parents: Mapping[str, str], names: Mapping[str, tuple[str, str]]) -> list[dict]:
    wide = sorted(p for p in by_plan if levels.get(p) in PROVINCE_WIDE)
    provinces: dict[str | None, list[str]] = {}
    for plan_id in wide:  # only plans of one province are compared: pairs within each, never across all
        provinces.setdefault(province_root(plan_id, parents, levels), []).append(plan_id)
    found = []
    for plan_id in wide:  # two rows of one plan
        rows = _by(by_plan[plan_id], "indicator_id")
        gaps = sorted((g for a, b in combinations(sorted(rows), 2) for g in _pair_gaps(rows[a], rows[b], entry, rule)),
                      key=lambda g: g.year)
        if gaps:
            found.append(_finding(
                rule, entry, names, gaps, plan_id,
                f"{names[plan_id][1]} sets two different targets for \"{entry.name_en}\" in {_years(gaps)}.",
                f"{names[plan_id][0]} đặt hai mục tiêu khác nhau cho \"{entry.name_vi}\" năm {_years(gaps)}."))
    for a, b in (pair for members in provinces.values() for pair in combinations(members, 2)):
        gaps = _pair_gaps(by_plan[a], by_plan[b], entry, rule)
        if gaps:
            found.append(_finding(
                rule, entry, names, gaps, b,
                f"{names[a][1]} and {names[b][1]}, plans of one province, set different targets for "
                f"\"{entry.name_en}\" in {_years(gaps)} (up to {largest_percent(gaps)} apart).",
                f"{names[a][0]} và {names[b][0]}, hai kế hoạch cùng tỉnh, đặt mục tiêu khác nhau cho "
                f"\"{entry.name_vi}\" năm {_years(gaps)} (chênh tới {largest_percent(gaps)})."))
    return found


def _decreasing(by_plan: Mapping[str, list[dict]], entry: Entry, rule: Rule,
                names: Mapping[str, tuple[str, str]]) -> list[dict]:
    found = []
    for plan_id, values in by_plan.items():
        asks: dict[int, dict] = {}
        for year, same_year in sorted(_by(values, "year").items()):
            if len({ambition(v, entry.direction) for v in same_year}) == 1:  # two rows asking apart: no one ask
                asks[year] = same_year[0]
        years = sorted(asks)
        gaps = [Gap(after, asks[after], asks[before],
                    shortfall(ambition(asks[after], entry.direction), ambition(asks[before], entry.direction),
                              entry.direction))
                for before, after in zip(years, years[1:])]
        gaps = [g for g in gaps if g.size > rule.min_gap]
        if gaps:
            why_en = "a stock that should not fall" if entry.cumulative else "where more is better"
            why_vi = "đại lượng tích lũy, không nên giảm" if entry.cumulative else "chỉ tiêu càng cao càng tốt"
            found.append(_finding(
                rule, entry, names, gaps, None,
                f"{names[plan_id][1]} asks less for \"{entry.name_en}\" in {_years(gaps)} than the year before, "
                f"{why_en}.",
                f"{names[plan_id][0]} hạ mục tiêu \"{entry.name_vi}\" năm {_years(gaps)} so với năm trước, "
                f"trong khi đây là {why_vi}."))
    return found


def concept_findings(values: Sequence[dict], entry: Entry, rules: Mapping[str, Rule],
                     levels: Mapping[str, str | None], parents: Mapping[str, str],
                     names: Mapping[str, tuple[str, str]]) -> list[dict]:
    """Every finding of every rule for one concept's compared values (with an ambition); `names` gives each
    plan's label in Vietnamese and English (`hierarchy.plan_label`)."""
    if entry.direction not in ("higher", "lower"):
        return []
    by_plan: dict[str, list[dict]] = {}
    for v in values:
        if ambition(v, entry.direction) is not None:
            by_plan.setdefault(v["plan_id"], []).append(v)
    return [*_below_national(by_plan, entry, rules["below_national"], levels, names),
            *_disagree(by_plan, entry, rules["plans_disagree"], levels, parents, names),
            *_decreasing(by_plan, entry, rules["decreasing_over_years"], names)]


def find_inconsistencies(plans: pd.DataFrame, targets: pd.DataFrame, values: pd.DataFrame, catalog: Catalog,
                         rules: Mapping[str, Rule], parents: Mapping[str, str], store: Path | None = None,
                         digests: Mapping[str, str] | None = None) -> list[dict]:
    """Every finding of every rule, ordered by catalog id, rule and finding id, from the `targets` as their
    concepts read them (`values`, table concept_values).

    With a `store` (and the plans' `digests`, `row_digests.plan_digests`), each concept's findings are kept
    under a key of what the rules read (its plans' rows, levels and provinces, its catalog entry, the rules):
    a refresh where one plan changed compares again only the concepts that plan sets targets for.
    """
    levels = dict(zip(plans["plan_id"], plans["level"].astype(object).where(plans["level"].notna(), None)))
    names = {p["plan_id"]: (plan_label(p, "vi"), plan_label(p, "en"))
             for p in plain_records(plans, [c for c in _PLAN_FIELDS if c in plans.columns])}
    compared = values[values["comparable"] == "yes"]
    members = {c: sorted(set(g)) for c, g in compared.groupby("catalog_id")["plan_id"]}
    kept: dict[str, list[dict]] = {}
    paths: dict[str, Path] = {}
    if store is not None and digests is not None:
        store.mkdir(parents=True, exist_ok=True)
        for catalog_id, plan_ids in members.items():
            key = content_key(catalog.entries[catalog_id], sorted(rules.items()),
                              [(p, digests[p], levels.get(p), province_root(p, parents, levels), names[p])
                               for p in plan_ids])
            paths[catalog_id] = keyed(store, catalog_id, key, ".pickle")
            found = read_stored(paths[catalog_id])
            if isinstance(found, list):
                kept[catalog_id] = found
    stale = [c for c in members if c not in kept]
    by_concept: dict[str, list[dict]] = {c: [] for c in stale}
    for v in plain_records(with_targets(compared[compared["catalog_id"].isin(stale)], targets, list(_FIELDS)),
                           _FIELDS):
        v["flags"] = list(v["flags"]) if v["flags"] is not None else []
        by_concept[v["catalog_id"]].append(v)
    for catalog_id, mine in by_concept.items():
        kept[catalog_id] = concept_findings(mine, catalog.entries[catalog_id], rules, levels, parents, names)
        if catalog_id in paths:
            write_stored(paths[catalog_id], kept[catalog_id])
            drop_others(store, catalog_id, (paths[catalog_id],))
    findings = [f for c in sorted(kept) for f in kept[c]]
    return sorted(findings, key=lambda f: (f["catalog_id"], f["rule"], f["finding_id"]))
