"""The Great Expectations suite: cross-table and distribution expectations, Data Docs that need no network."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from pipeline.tables.frames import frame
from validations.expectations import QUALITY_INDEX, run_expectations


def test_release_carries_a_passing_offline_report(portal_release: Path) -> None:
    index = (portal_release / QUALITY_INDEX).read_text(encoding="utf-8")
    assert "expectations met" in index and "✘" not in index
    pages = sorted((portal_release / "quality" / "validations").glob("*.html"))
    assert {p.stem for p in pages} >= {"plans", "indicators", "targets", "catalog_links", "lineage_edges"}
    for page in [portal_release / QUALITY_INDEX, *pages]:
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"<(script|link|img)\b[^>]*(src|href)=[\"']https?://", text), page.name
        assert "url('http" not in text and "<script" not in text, page.name
        for link in re.findall(r"href=\"([^\"#:]+)\"", text):
            assert (page.parent / link).resolve().is_file(), (page.name, link)


def test_bad_frames_fail_the_expectations_that_name_them(good_frames: dict[str, pd.DataFrame]) -> None:
    rows = good_frames["targets"].to_dict("records")
    first = {**rows[0], "value_max": None}
    rows += [{**first, "target_id": "p1-1-2026", "year": 2026, "value": 150.0},
             {**first, "target_id": "p1-1-2027", "year": 2027, "value": 120.0, "flags": ["year_uncertain"]},
             {**first, "target_id": "x-1-2025", "plan_id": "no-such-plan"}]
    frames = {**good_frames, "targets": frame("targets", rows)}
    report = run_expectations(frames)
    assert not report.success
    failed = {(r["table"], r["expectation"], r["column"]): r for r in report.failures}
    between = failed["targets", "expect_column_values_to_be_between", "value"]
    assert between["unexpected_count"] == 1 and between["sample"] == ["150.0"]  # 120 is flagged: allowed
    assert failed["targets", "expect_column_values_to_be_in_set", "plan_id_exists"]["unexpected_count"] == 1
    assert ("plans", "expect_column_sum_to_be_between", "n_targets") in failed  # counts no longer add up
    assert "✘" in report.files[QUALITY_INDEX].decode("utf-8")
