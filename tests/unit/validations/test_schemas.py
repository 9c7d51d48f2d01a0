"""Each rule of the data contract must reject a frame that breaks it; a good frame passes."""
from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pytest

from validations.schemas import validate_table


def test_good_frames_pass(good_frames: dict[str, pd.DataFrame]) -> None:
    for name, df in good_frames.items():
        ok, summary = validate_table(name, df, good_frames)
        assert ok, summary


def _set(column: str, value: object, row: int = 0) -> Callable[[pd.DataFrame], None]:
    def mutate(df: pd.DataFrame) -> None:
        df.loc[row, column] = value
    return mutate


def _duplicate_key(df: pd.DataFrame) -> None:
    df.loc[1, "target_id"] = df.loc[0, "target_id"]


def _no_value_no_text(df: pd.DataFrame) -> None:
    df.loc[1, "value_text"] = pd.NA


def _narrow_between(df: pd.DataFrame) -> None:
    df.loc[0, "value_max"] = df.loc[0, "value"]


def _unknown_flag(df: pd.DataFrame) -> None:
    df.at[1, "flags"] = ["looks_odd"]


@pytest.mark.parametrize("mutate, check", [
    (_set("comparator", "≥"), "comparator"),
    (_narrow_between, "between_has_upper_bound"),
    (_set("value_max", 5.0, row=1), "between_has_upper_bound"),
    (_set("year", 2019), "year"),
    (_no_value_no_text, "value_or_value_text"),
    (_duplicate_key, "target_id"),
    (_set("indicator_id", "nowhere"), "indicator_id"),
    (_set("unit", "percentage"), "unit"),
    (_unknown_flag, "flags"),
], ids=["bad_comparator", "between_not_wider", "value_max_without_between", "year_2019", "no_value_no_text",
        "duplicate_key", "missing_indicator", "bad_unit", "unknown_flag"])
def test_broken_targets_fail(good_frames: dict[str, pd.DataFrame], mutate: Callable[[pd.DataFrame], None],
                             check: str) -> None:
    targets = good_frames["targets"].copy()
    mutate(targets)
    ok, summary = validate_table("targets", targets, good_frames)
    assert not ok
    assert any(check in key for key in summary["by_check"]), summary
    assert summary["n_failures"] >= 1 and summary["sample"]


def test_plan_with_bad_level_and_date_fails(good_frames: dict[str, pd.DataFrame]) -> None:
    plans = good_frames["plans"].copy()
    plans.loc[0, "level"] = "city"
    plans.loc[0, "issued_date"] = "20/9/2025"
    ok, summary = validate_table("plans", plans)
    assert not ok
    assert {"level: isin", "issued_date: str_matches"} <= {k.split("(")[0] for k in summary["by_check"]}


def test_missing_column_fails(good_frames: dict[str, pd.DataFrame]) -> None:
    ok, _ = validate_table("indicators", good_frames["indicators"].drop(columns=["flags"]))
    assert not ok
