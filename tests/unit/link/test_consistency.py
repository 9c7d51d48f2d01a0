"""Consistency findings: the rules on small hand-made tables, and the seed plans against a hand-checked list."""
from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from pipeline.link.catalog import Catalog, Entry
from pipeline.link.checks import consistency_summary
from pipeline.link.concept_values import COLUMNS, concept_values
from pipeline.link.consistency import RulesError, find_inconsistencies, load_rules
from pipeline.stores.digests import plan_digests
from pipeline.tables.frames import frame
from tests.paths import FIXTURES
from tests.seed import CATALOG_DIR, seed
from validations.schemas import validate_table

EXPECTED = FIXTURES / "consistency" / "expected_findings.csv"
SHARE = Entry("share", "digital_transformation", "Tỷ trọng", "Share", "percent", "higher", False, True, ())
STOCK = Entry("stock", "science_technology", "Số doanh nghiệp", "Firms", "count", "higher", True, False, ())
RANK = Entry("rank", "innovation_ecosystem", "Xếp hạng", "Rank", "rank", "lower", False, False, ())
CATALOG = Catalog({"share": SHARE, "stock": STOCK, "rank": RANK}, {})
RULES = load_rules(CATALOG_DIR)
PLANS = pd.DataFrame({"plan_id": ["nat", "prov", "dept", "other"],
                      "level": ["national", "province", "department", "province"]})
PARENTS = {"prov": "nat", "dept": "prov", "other": "nat"}


def _target(plan: str, indicator: str, year: int, comparator: str, value: float, unit: str = "percent",
            value_max: float | None = None, value_text: str | None = None, flags: tuple = ()) -> dict:
    return {"target_id": f"{plan}:{indicator}:{year}", "plan_id": plan, "indicator_id": f"{plan}:{indicator}",
            "indicator_name": indicator, "year": year, "comparator": comparator, "value": value,
            "value_max": value_max, "value_text": value_text, "unit": unit, "unit_raw": None,
            "raw_text": f"{comparator} {value}", "flags": list(flags)}


def _run(targets: list[dict], links: dict[str, str]) -> list[dict]:
    link_frame = pd.DataFrame({"indicator_id": list(links), "plan_id": [i.split(":")[0] for i in links],
                               "catalog_id": list(links.values()), "status": "linked"})
    frame_ = pd.DataFrame(targets)
    values = pd.DataFrame(concept_values(frame_, link_frame, CATALOG), columns=COLUMNS)
    return find_inconsistencies(PLANS, frame_, values, CATALOG, RULES, PARENTS)


def _shape(found: list[dict]) -> list[tuple]:
    return [(f["rule"], f["plan_id"], f["other_plan_id"], f["years"]) for f in found]


def test_a_floor_below_the_nations_floor_is_found_though_the_intervals_meet() -> None:
    found = _run([_target("nat", "a", 2030, ">=", 3), _target("prov", "a", 2030, ">=", 1.5),
                  _target("other", "a", 2030, ">=", 3.5)], {"nat:a": "share", "prov:a": "share", "other:a": "share"})
    assert _shape(found) == [("below_national", "prov", "nat", "2030")]
    assert found[0]["severity"] == "warning" and found[0]["gap"] == 0.5


def test_one_finding_per_plan_pair_lists_its_years_and_small_gaps_are_one_number() -> None:
    found = _run([_target("prov", "a", y, "=", v) for y, v in ((2025, 30), (2030, 40), (2035, 100))]
                 + [_target("dept", "a", y, "=", v) for y, v in ((2025, 24), (2030, 30), (2035, 99))]
                 + [_target("other", "a", 2025, "=", 50)], {"prov:a": "share", "dept:a": "share", "other:a": "share"})
    assert _shape(found) == [("plans_disagree", "dept", "prov", "2025, 2030")]


def test_severity_follows_the_gap_and_an_uncertain_year_lowers_it() -> None:
    small = _run([_target("prov", "a", 2030, "=", 100), _target("dept", "a", 2030, "=", 90)],
                 {"prov:a": "share", "dept:a": "share"})
    assert [f["severity"] for f in small] == ["info"]
    guessed = _run([_target("prov", "a", 2030, "=", 100), _target("dept", "a", 2030, "=", 40,
                                                                   flags=("year_uncertain",))],
                   {"prov:a": "share", "dept:a": "share"})
    assert [f["severity"] for f in guessed] == ["info"] and "best guess" in guessed[0]["explanation_en"]


def test_counts_are_not_set_beside_the_nations_and_a_growth_rate_is_its_own_measure() -> None:
    growth = _target("nat", "s", 2030, "=", 10, value_text="tăng trung bình")
    growth["raw_text"] = "tăng trung bình 10%/năm"
    assert _run([growth, _target("prov", "s", 2030, ">=", 5, "count"), _target("nat", "c", 2030, ">=", 50, "count")],
                {"nat:s": "stock", "prov:s": "stock", "nat:c": "stock"}) == []


def test_qualified_values_are_not_compared() -> None:
    assert _run([_target("prov", "a", 2030, "=", 100, value_text="trung tâm xã được phủ sóng"),
                 _target("dept", "a", 2030, "=", 50)], {"prov:a": "share", "dept:a": "share"}) == []


def test_falling_targets_and_a_worse_rank() -> None:
    found = _run([_target("prov", "s", 2025, "=", 60, "count"), _target("prov", "s", 2030, "=", 50, "count"),
                  _target("prov", "r", 2030, "<=", 10, "rank"), _target("prov", "r", 2035, "<=", 8, "rank"),
                  _target("prov", "r", 2040, "<=", 12, "rank")], {"prov:s": "stock", "prov:r": "rank"})
    assert [(f["catalog_id"], f["rule"], f["years"]) for f in found] == [
        ("rank", "decreasing_over_years", "2040"), ("stock", "decreasing_over_years", "2030")]


def test_rules_file_is_checked(tmp_path: Path) -> None:
    (tmp_path / "consistency_rules.csv").write_text("rule,min_gap,warning_gap,description\n"
                                                    "below_national,0.3,0.1,x\n", encoding="utf-8")
    with pytest.raises(RulesError, match="min_gap"):
        load_rules(tmp_path)


def _seed_findings() -> pd.DataFrame:
    frames, catalog, parents = seed()
    values = frame("concept_values", concept_values(frames["targets"], frames["catalog_links"], catalog))
    return frame("consistency", find_inconsistencies(frames["plans"], frames["targets"], values, catalog, RULES,
                                                     parents))


def _short(plan_id: object) -> str:
    return "" if not isinstance(plan_id, str) else plan_id if plan_id.startswith("57") else plan_id[:3]


def test_seed_findings_against_the_hand_checked_list() -> None:
    """Precision and recall of findings over a list checked by hand from the plans' tables (≥ 0.9 each)."""
    found = _seed_findings()
    got = {(r, c, _short(p), _short(o)): y for r, c, p, o, y in
           zip(found["rule"], found["catalog_id"], found["plan_id"], found["other_plan_id"], found["years"])}
    with EXPECTED.open(encoding="utf-8") as fh:
        expected = list(csv.DictReader(fh))
    assert sum(e["expected"] == "finding" for e in expected) >= 25 and sum(e["expected"] == "none" for e in expected) >= 25

    def hit(e: dict) -> bool:
        key = (e["rule"], e["catalog_id"], e["plan"], e["other_plan"])
        return key in got or (e["rule"] == "plans_disagree" and (e["rule"], e["catalog_id"], e["other_plan"],
                                                                 e["plan"]) in got)
    findings = [e for e in expected if e["expected"] == "finding"]
    recall = sum(hit(e) for e in findings) / len(findings)
    false_alarms = [e for e in expected if e["expected"] == "none" and hit(e)]
    listed = {(e["rule"], e["catalog_id"], e["plan"], e["other_plan"]) for e in findings}
    unlisted = [k for k in got if k not in listed and (k[0], k[1], k[3], k[2]) not in listed]
    precision = len(findings) * recall / (len(findings) * recall + len(false_alarms) + len(unlisted))
    assert recall >= 0.9 and precision >= 0.9, (recall, precision, false_alarms, unlisted,
                                                 [e for e in findings if not hit(e)])
    years = {(e["rule"], e["catalog_id"], e["plan"], e["other_plan"]): e["years"] for e in findings}
    assert [k for k, y in years.items() if k in got and got[k] != y] == []


def test_seed_findings_validate() -> None:
    frames, _, _ = seed()
    findings = _seed_findings()
    ok, summary = validate_table("consistency", findings, {"targets": frames["targets"]})
    assert ok, summary
    passed, meta = consistency_summary(findings)
    assert not passed and meta["findings"] == len(findings) and meta["warnings"] > 0


def test_stored_findings_are_the_computed_ones_and_follow_a_changed_target(tmp_path: Path) -> None:
    frames, catalog, parents = seed()

    def run(targets: pd.DataFrame, **store: object) -> list[dict]:
        values = frame("concept_values", concept_values(targets, frames["catalog_links"], catalog))
        return find_inconsistencies(frames["plans"], targets, values, catalog, RULES, parents, **store)
    fresh = run(frames["targets"])
    digests = plan_digests(frames)
    assert run(frames["targets"], store=tmp_path, digests=digests) == fresh
    stored = sorted(p.name for p in tmp_path.iterdir())
    assert stored and run(frames["targets"], store=tmp_path, digests=digests) == fresh  # read back
    assert sorted(p.name for p in tmp_path.iterdir()) == stored

    # The department plan now asks more than the nation for the 2030 digital economy: the finding follows.
    targets = frames["targets"].copy()
    row = targets.index[targets["target_id"] == "001_8750eb6a39ed0c07:V:38:2030"]
    targets.loc[row, ["comparator", "value", "raw_text"]] = [">=", 99.0, "≥ 99%"]
    digests = plan_digests({**frames, "targets": targets})
    assert run(targets, store=tmp_path, digests=digests) == run(targets) != fresh
    assert len(list(tmp_path.iterdir())) == len(stored)  # the concept's old findings replaced, not kept beside
