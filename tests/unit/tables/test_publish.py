"""Publishing: row order, dtypes, faithful Parquet, spreadsheet-safe CSV, confined extraction failures."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pipeline.extract.isolation
from pipeline.metadata.columns import FLAG_NAMES, TABLES
from pipeline.tables.frames import provenance, to_frames, write_tables
from tests.factories import good_extraction
from tests.oracles import extract_all


def test_frames_follow_registry_and_plan_order() -> None:
    frames = to_frames([good_extraction("p2"), good_extraction("p1")])
    for name, df in frames.items():
        assert list(df.columns) == TABLES[name].column_names
        assert [df[c.name].dtype == c.pandas_dtype for c in TABLES[name].columns] == [True] * df.shape[1]
    assert list(frames["plans"]["plan_id"]) == ["p1", "p2"]
    assert list(frames["targets"]["target_id"]) == ["p1-1-2025", "p1-1-2030", "p2-1-2025", "p2-1-2030"]
    assert list(frames["indicators"]["n_targets"]) == [2, 2]
    assert list(frames["plans"]["n_targets"]) == [2, 2]


def test_empty_extractions_give_typed_empty_tables(tmp_path: Path) -> None:
    frames = to_frames([])
    write_tables(frames, tmp_path, provenance(frames["plans"]))
    assert pq.read_table(tmp_path / "targets.parquet").num_rows == 0


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(min_size=1), agency=st.one_of(st.none(), st.text()),
       flags=st.lists(st.sampled_from(sorted(FLAG_NAMES)), unique=True))
def test_parquet_keeps_text_exactly_and_csv_neutralizes_formulas(tmp_path: Path, name: str, agency: str | None,
                                                                 flags: list[str]) -> None:
    extraction = good_extraction()
    extraction.targets[0].update(indicator_name=name, responsible_agency=agency, flags=flags)
    frames = to_frames([extraction])
    write_tables(frames, tmp_path, provenance(frames["plans"]))
    back = pq.read_table(tmp_path / "targets.parquet").to_pylist()[0]
    assert (back["indicator_name"], back["responsible_agency"], back["flags"]) == (name, agency, flags)
    csv = pd.read_csv(tmp_path / "targets.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert json.loads(csv.loc[0, "flags"]) == flags
    assert not csv.loc[0, "indicator_name"].startswith(("=", "+", "-", "@"))


def test_one_failing_plan_does_not_stop_the_others(tmp_path: Path, monkeypatch) -> None:
    for stem in ("a", "b"):
        (tmp_path / f"{stem}.txt").write_text(f"STT Chỉ tiêu {stem}\n", encoding="utf-8")

    def extract(path: Path, registry: dict, sha256: str | None = None) -> object:
        if path.stem == "a":
            raise RuntimeError("reader bug")
        return good_extraction(path.stem)

    monkeypatch.setattr(pipeline.extract.isolation, "extract_plan", extract)
    results = extract_all(sorted(tmp_path.glob("*.txt")), {})
    assert [r.plan["status"] for r in results] == ["error", "ok"]
    assert results[0].plan["message"] == "RuntimeError: reader bug"
