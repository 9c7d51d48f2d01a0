"""CSV for spreadsheets: formula-like free text neutralized (OWASP), every other cell equal to the Parquet value."""
from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from assets.resources import PROJECT_ROOT
from pipeline.ingest.inventory import discover_plans
from pipeline.metadata.columns import TABLES
from pipeline.tables.frames import provenance, to_frames, write_tables
from tests.factories import good_extraction
from tests.oracles import extract_all

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _compare(directory: Path, name: str) -> int:
    """Assert `<name>.csv` holds its Parquet's values cell for cell; the number of free-text cells neutralized."""
    spec = TABLES[name]
    parquet = pq.read_table(directory / f"{name}.parquet").to_pylist()
    csv = pd.read_csv(directory / f"{name}.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False).to_dict("records")
    assert len(csv) == len(parquet), name
    neutralized = 0
    for exact, shown in zip(parquet, csv):
        for col in spec.columns:
            v, c = exact[col.name], shown[col.name]
            if col.kind == "list_str":
                assert json.loads(c) == v
            elif v is None:
                assert c == ""
            elif col.kind == "float":
                assert math.isclose(float(c), v, rel_tol=0, abs_tol=0)
            elif col.kind == "int":
                assert int(c) == v
            elif v.startswith(FORMULA_START) and col.allowed is None:
                assert c == "'" + v
                neutralized += 1
            else:
                assert c == v, (name, col.name)
    return neutralized


def test_every_published_csv_equals_its_parquet(portal_release: Path) -> None:
    """The release as the portal downloads it: a filter `comparator == "="` finds the same rows in both files."""
    names = [n for n in TABLES if (portal_release / f"{n}.csv").is_file()]
    assert {"plans", "indicators", "targets", "quarantine"} <= set(names)
    for name in names:
        _compare(portal_release, name)
    csv = pd.read_csv(portal_release / "targets.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert (csv["comparator"] == "=").sum() == (pq.read_table(portal_release / "targets.parquet").column(
        "comparator").to_pandas() == "=").sum() > 0


def test_csv_round_trips_against_parquet_for_every_cell(tmp_path: Path) -> None:
    risky = good_extraction("risky")
    names = ["-Tỷ lệ", "=HYPERLINK(\"http://x\")", "+1", "@SUM(A1)", "\tTab", "\rCR", "'quoted", "Bình thường"]
    risky.targets = [{**risky.targets[0], "target_id": f"t{i}", "indicator_name": n, "raw_text": n}
                     for i, n in enumerate(names)]
    extractions = extract_all(discover_plans(PROJECT_ROOT / "data" / "raw"), {}) + [risky]
    frames = to_frames(extractions)
    write_tables(frames, tmp_path, provenance(frames["plans"]))
    neutralized = sum(_compare(tmp_path, name) for name in TABLES if name in frames)
    assert neutralized >= 2 * 6  # every risky name and raw_text, plus whatever the seeds hold
    assert pq.read_table(tmp_path / "targets.parquet").column("indicator_name").to_pylist()[-len(names):] == names
