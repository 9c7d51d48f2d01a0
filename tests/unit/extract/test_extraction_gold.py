"""Extraction accuracy on the plans with hand-checked answers: the contract's bars, per plan."""
from __future__ import annotations

from pathlib import Path

import pytest

from assets.resources import PROJECT_ROOT
from pipeline.extract.reading import extract_plan
from pipeline.ingest.registry import load_registry
from tests.paths import FIXTURES
from tests.scoring import FIELDS, read_gold, score

RAW = PROJECT_ROOT / "data" / "raw"
GOLD = FIXTURES / "gold"
BAR = 0.98
SILENT_BAR = 0.01


@pytest.mark.parametrize("gold_file", sorted(GOLD.glob("*.csv")), ids=lambda p: p.stem[:3])
def test_extraction_meets_the_bars(gold_file: Path) -> None:
    extraction = extract_plan(RAW / f"{gold_file.stem}.txt", load_registry(RAW))
    report = score(read_gold(gold_file), extraction.targets)
    detail = "\n".join(report.misses[:20])
    assert report.recall >= BAR, detail
    assert report.precision >= BAR, detail
    for field in FIELDS:
        assert report.accuracy(field) >= BAR, f"{field}\n{detail}"
    assert report.silent_error_rate <= SILENT_BAR, detail


def test_scoring_catches_a_wrong_value() -> None:
    """The bars can fail: one changed value is a field error, and unflagged it is silent."""
    gold_file = GOLD / "002_b5f291679289927e.csv"
    targets = extract_plan(RAW / f"{gold_file.stem}.txt", load_registry(RAW)).targets
    broken = [dict(t) for t in targets]
    broken[0]["value"] = broken[0]["value"] + 1
    broken[0]["flags"] = []
    report = score(read_gold(gold_file), broken)
    assert report.field_ok["value"] == report.matched - 1
    assert report.silent == 1
