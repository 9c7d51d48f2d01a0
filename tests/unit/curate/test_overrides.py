"""Officer review: overrides applied, resolved flags removed, every decision traced; stale ones reported."""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from assets.resources import PROJECT_ROOT, PipelinePaths
from pipeline.curate.overrides import Override, apply_overrides, load_overrides
from pipeline.curate.review import review_queue
from pipeline.tables.frames import to_frames
from tests.factories import good_extraction, run_graph

HEADER = "plan_id,row_ref,section_code,year,field,value,who,why\n"


def _targets() -> pd.DataFrame:
    return to_frames([good_extraction()])["targets"]  # p1 row 1, section I: 2025 (80-90%), 2030 (Duy trì, year_from_period)


def _o(field: str, value: str | None, year: int = 2030, row_ref: str = "1", n: int = 2) -> Override:
    return Override(f"overrides.csv:{n}", "p1", row_ref, "I", year, field, value, "Lan", "checked the signed PDF")


def test_a_corrected_year_moves_the_target_and_resolves_its_year_flag() -> None:
    targets, applied, rejected = apply_overrides(_targets(), [_o("year", "2029")])
    assert rejected == []
    row = targets[targets["target_id"] == "p1-1:2029"].iloc[0]
    assert (row["year"], row["flags"]) == (2029, [])
    assert applied == [{"override_id": "overrides.csv:2", "target_id": "p1-1:2029", "plan_id": "p1", "row_ref": "1",
                        "section_code": "I", "year": 2030, "field": "year", "old_value": "2030", "new_value": "2029",
                        "flags_removed": ["year_from_period"], "who": "Lan", "why": "checked the signed PDF"}]


def test_a_value_correction_keeps_unrelated_flags_and_a_confirmation_removes_just_its_flag() -> None:
    targets, applied, _ = apply_overrides(_targets(), [_o("value_text", "Duy trì, nâng cấp")])
    assert targets.loc[1, "value_text"] == "Duy trì, nâng cấp" and targets.loc[1, "flags"] == ["year_from_period"]
    targets, applied, _ = apply_overrides(_targets(), [_o("flag", "year_from_period")])
    assert targets.loc[1, "flags"] == [] and applied[0]["flags_removed"] == ["year_from_period"]
    assert review_queue(targets).empty


def test_overrides_that_cannot_apply_are_rejected_with_a_reason() -> None:
    stale = _o("value", "85", year=2027)
    wrong_field = _o("plan_id", "x")
    bad_number = _o("value", "lots", year=2025)
    bad_unit = _o("unit", "tấn", year=2025)
    unflagged = _o("flag", "source_gap")
    anonymous = Override("overrides.csv:9", "p1", "1", "I", 2025, "value", "85", "", "")
    targets, applied, rejected = apply_overrides(_targets(), [stale, wrong_field, bad_number, bad_unit, unflagged, anonymous])
    assert applied == []
    assert [r["reason"] for r in rejected] == [
        "matches no target", "field 'plan_id' cannot be overridden (one of year, comparator, value, value_max, "
        "value_text, unit, responsible_agency, flag)", "value must be a number, got 'lots'",
        "unit must be one of percent, percent_of_grdp, percent_of_gdp, count, score, rank, days, status, got 'tấn'",
        "the target has no flag 'source_gap' to confirm", "who and why are required"]
    pd.testing.assert_frame_equal(targets, _targets().assign(flags=[list(f) for f in _targets()["flags"]]))


def test_an_override_matching_two_targets_is_not_applied() -> None:
    both = to_frames([good_extraction()])["targets"]
    both = pd.concat([both, both.assign(target_id=both["target_id"] + "#2")], ignore_index=True)
    _, applied, rejected = apply_overrides(both, [_o("value", "1", year=2025)])
    assert applied == [] and rejected[0]["reason"] == "matches 2 targets; not applied"


def test_load_overrides_reads_the_file_with_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "overrides.csv"
    path.write_text(HEADER + "p1,1,,2030,value,\"1,5\",Lan,typo in PDF\n", encoding="utf-8-sig")
    assert load_overrides(path) == [Override("overrides.csv:2", "p1", "1", None, 2030, "value", "1,5", "Lan", "typo in PDF")]
    assert load_overrides(tmp_path / "missing.csv") == []


def test_the_graph_applies_overrides_publishes_lineage_and_review_queue(tmp_path: Path) -> None:
    raw = Path(shutil.copytree(PROJECT_ROOT / "data" / "raw", tmp_path / "raw"))
    overrides = tmp_path / "overrides.csv"
    paths = PipelinePaths(raw_dir=str(raw), published_dir=str(tmp_path / "pub"), overrides_file=str(overrides))
    overrides.write_text(HEADER, encoding="utf-8")
    assert run_graph(paths).success
    latest = tmp_path / "pub" / "latest"
    queue = pd.read_csv(latest / "review_queue.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    targets = pq.read_table(latest / "targets.parquet").to_pandas()
    assert len(queue) == int((targets["flags"].map(len) > 0).sum()) > 0
    flagged = targets[targets["flags"].map(len) > 0].iloc[0]
    flag = flagged["flags"][0]
    overrides.write_text(HEADER + f"{flagged['plan_id']},{flagged['row_ref']},{flagged['section_code'] or ''},"
                         f"{flagged['year']},flag,{flag},Lan,matches the signed PDF\n"
                         f"{flagged['plan_id']},999,,2030,value,1,Lan,row since removed\n", encoding="utf-8")
    result = run_graph(paths)
    assert result.success
    warned = {e.check_name: e.passed for e in result.get_asset_check_evaluations()}
    assert warned["overrides_match"] is False and warned["targets_schema"] is True
    applied = pq.read_table(latest / "overrides_applied.parquet").to_pylist()
    assert [(a["override_id"], a["target_id"], a["flags_removed"]) for a in applied] == [
        ("overrides.csv:2", flagged["target_id"], [flag])]
    after = pq.read_table(latest / "targets.parquet").to_pandas().set_index("target_id")
    assert flag not in after.loc[flagged["target_id"], "flags"]
    queue_after = pd.read_csv(latest / "review_queue.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert len(queue_after) == len(queue) - (len(flagged["flags"]) == 1)
