"""The national targets of Resolution 57-NQ/TW, read as one more plan of level national."""
from __future__ import annotations

import shutil
from pathlib import Path

from pipeline.extract.national import NATIONAL_PLAN_ID, national_extraction
from pipeline.tables.frames import to_frames
from tests.seed import NATIONAL_CSV
from validations.schemas import validate_table


def _by_ref(ref: str) -> dict:
    extraction = national_extraction(NATIONAL_CSV)
    return next(t for t in extraction.targets if t["row_ref"] == ref)


def test_national_plan_row_and_counts() -> None:
    extraction = national_extraction(NATIONAL_CSV)
    assert extraction.plan["level"] == "national" and extraction.plan["plan_id"] == NATIONAL_PLAN_ID
    assert extraction.plan["source_file"] == NATIONAL_CSV.name
    assert len(extraction.indicators) == 36
    assert len(extraction.targets) == 36 and extraction.problems == []


def test_national_compound_and_maintained_targets_are_numbers() -> None:
    """Row 4 prints two ranks in one cell: the first is the target, flagged; row 13 keeps a floor ("duy trì")."""
    two_ranks = _by_ref("4")
    assert (two_ranks["comparator"], two_ranks["value"], two_ranks["unit"]) == ("<=", 3.0, "rank")
    assert "compound_target" in two_ranks["flags"] and "nhóm 50" in two_ranks["value_text"]
    hdi = _by_ref("13")
    assert (hdi["comparator"], hdi["value"], hdi["unit"], hdi["value_text"]) == (">", 0.7, "score", "duy trì")


def test_national_values_use_the_grammar_and_point_at_csv_lines() -> None:
    gdp = _by_ref("9")
    assert (gdp["year"], gdp["comparator"], gdp["value"], gdp["unit"]) == (2030, ">=", 30.0, "percent_of_gdp")
    assert (gdp["line_start"], gdp["line_end"]) == (10, 10)
    assert NATIONAL_CSV.read_text(encoding="utf-8").splitlines()[9].startswith("9,Quy mô kinh tế số")
    five_g = _by_ref("23")  # "5" of "5G" is a name, not a quantity: a status target as printed
    assert (five_g["unit"], five_g["value"], five_g["value_text"]) == ("status", None, "Phủ sóng 5G toàn quốc")
    assert _by_ref("15")["comparator"] == ">" and _by_ref("18")["value_max"] == 50.0


def test_national_tables_pass_the_schemas(tmp_path: Path) -> None:
    copy = tmp_path / NATIONAL_CSV.name
    shutil.copy(NATIONAL_CSV, copy)
    frames = to_frames([national_extraction(copy)])
    for name, related in (("plans", {}), ("indicators", {"plans": frames["plans"]}),
                          ("targets", {"plans": frames["plans"], "indicators": frames["indicators"]})):
        ok, summary = validate_table(name, frames[name], related)
        assert ok, summary
