"""Cross-level consistency rules on small hand-made tables, and the seed plans' findings."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.catalog import Catalog, Entry
from pipeline.consistency import bounds, find_inconsistencies
from pipeline.publish import frame
from pipeline.lineage_checks import consistency_summary
from pipeline.row_digests import plan_digests
from tests.seed import seed
from validations.schemas import validate_table

SHARE = Entry("share", "digital_transformation", "Tỷ trọng", "Share", "percent", "higher", False, ())
STOCK = Entry("stock", "science_technology", "Số doanh nghiệp", "Firms", "count", "higher", True, ())
CATALOG = Catalog({"share": SHARE, "stock": STOCK}, {})
PLANS = pd.DataFrame({"plan_id": ["nat", "prov", "dept", "other"],
                      "level": ["national", "province", "department", "province"]})
PARENTS = {"prov": "nat", "dept": "prov", "other": "nat"}


def _target(plan: str, indicator: str, year: int, comparator: str, value: float, unit: str = "percent",
            value_max: float | None = None) -> dict:
    return {"target_id": f"{plan}:{indicator}:{year}", "plan_id": plan, "indicator_id": f"{plan}:{indicator}",
            "year": year, "comparator": comparator, "value": value, "value_max": value_max, "value_text": None,
            "unit": unit, "raw_text": f"{comparator} {value}", "flags": []}


def _run(targets: list[dict], links: dict[str, str]) -> list[dict]:
    frame = pd.DataFrame(targets)
    link_frame = pd.DataFrame({"indicator_id": list(links), "plan_id": [i.split(":")[0] for i in links],
                               "catalog_id": list(links.values()), "status": "linked"})
    return find_inconsistencies(PLANS, frame, link_frame, CATALOG, PARENTS)


def test_bounds() -> None:
    assert bounds({"comparator": ">=", "value": 80.0, "value_max": None})[0] == 80.0
    assert bounds({"comparator": "between", "value": 2.0, "value_max": 3.0}) == (2.0, 3.0)
    assert bounds({"comparator": "<=", "value": 10.0, "value_max": None})[1] == 10.0


def test_province_below_national_share() -> None:
    found = _run([_target("nat", "a", 2030, ">=", 30), _target("prov", "a", 2030, "=", 20),
                  _target("other", "a", 2030, ">=", 35)], {"nat:a": "share", "prov:a": "share", "other:a": "share"})
    assert [(f["rule"], f["plan_id"], f["other_plan_id"]) for f in found] == [("below_national", "prov", "nat")]
    assert "below the national target" in found[0]["explanation_en"] and found[0]["severity"] == "warning"


def test_plans_of_one_province_disagree_but_other_provinces_do_not() -> None:
    found = _run([_target("prov", "a", 2030, "=", 30), _target("dept", "a", 2030, "=", 24),
                  _target("other", "a", 2030, "=", 50)], {"prov:a": "share", "dept:a": "share", "other:a": "share"})
    assert [(f["rule"], f["plan_id"], f["other_plan_id"]) for f in found] == [("plans_disagree", "dept", "prov")]


def test_overlapping_targets_agree() -> None:
    assert _run([_target("prov", "a", 2030, ">=", 80), _target("dept", "a", 2030, "=", 100)],
                {"prov:a": "share", "dept:a": "share"}) == []


def test_a_stock_that_falls_is_a_warning() -> None:
    found = _run([_target("prov", "s", 2025, "=", 60, "count"), _target("prov", "s", 2030, "=", 50, "count")],
                 {"prov:s": "stock"})
    assert [(f["rule"], f["severity"], f["year"]) for f in found] == [("decreasing_over_years", "warning", 2030)]


def test_other_unit_family_is_reported_not_compared() -> None:
    found = _run([_target("nat", "s", 2030, "=", 10), _target("prov", "s", 2030, "=", 5, "count")],
                 {"nat:s": "stock", "prov:s": "stock"})
    assert [(f["rule"], f["plan_id"]) for f in found] == [("unit_mismatch", "nat")]


def test_seed_findings_validate_and_include_the_digital_economy() -> None:
    frames, catalog, parents = seed()
    findings = frame("consistency", find_inconsistencies(frames["plans"], frames["targets"],
                                                               frames["catalog_links"], catalog, parents))
    ok, summary = validate_table("consistency", findings, {"targets": frames["targets"]})
    assert ok, summary
    below = findings[(findings["rule"] == "below_national") & (findings["catalog_id"] == "digital_economy_share")]
    assert ("001_8750eb6a39ed0c07", 2030) in set(zip(below["plan_id"], below["year"]))
    passed, meta = consistency_summary(findings)
    assert not passed and meta["findings"] == len(findings) and meta["warnings"] > 0


def test_stored_findings_are_the_computed_ones_and_follow_a_changed_target(tmp_path: Path) -> None:
    frames, catalog, parents = seed()
    args = (frames["plans"], frames["targets"], frames["catalog_links"], catalog, parents)
    fresh = find_inconsistencies(*args)
    digests = plan_digests(frames)
    assert find_inconsistencies(*args, store=tmp_path, digests=digests) == fresh
    stored = sorted(p.name for p in tmp_path.iterdir())
    assert stored and find_inconsistencies(*args, store=tmp_path, digests=digests) == fresh  # read back
    assert sorted(p.name for p in tmp_path.iterdir()) == stored

    # The department plan now sets the national 2030 share: its below_national finding goes, as computed afresh.
    targets = frames["targets"].copy()
    row = targets.index[targets["target_id"] == "001_8750eb6a39ed0c07:V:38:2030"]
    targets.loc[row, ["comparator", "value", "raw_text"]] = [">=", 99.0, "≥ 99%"]
    changed = (frames["plans"], targets, frames["catalog_links"], catalog, parents)
    digests = plan_digests({**frames, "targets": targets})
    assert find_inconsistencies(*changed, store=tmp_path, digests=digests) == find_inconsistencies(*changed) != fresh
    assert len(list(tmp_path.iterdir())) == len(stored)  # the concept's old findings replaced, not kept beside
