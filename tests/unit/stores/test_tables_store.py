"""The gathered tables: kept between runs, patched only where a plan's stored extraction changed."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.ingest.inventory import Inventory, take_inventory
from pipeline.stores import extractions as extraction_store
from pipeline.stores.gathered import GATHERED, gathered_tables
from pipeline.tables.frames import to_frames
from tests.factories import good_extraction

NATIONAL = good_extraction("nat")


def _save(store: Path, plan_id: str, fingerprint: str = "v1", raw_text: str | None = None,
          sha256: str | None = None) -> None:
    e = good_extraction(plan_id)
    if raw_text is not None:
        e.targets[0]["raw_text"] = raw_text
    e.plan["sha256"] = sha256 or plan_id.encode().hex().ljust(64, "0")
    extraction_store.save(store, plan_id, fingerprint, e)


def _gather(tmp_path: Path, plan_ids: list[str]) -> tuple[dict[str, pd.DataFrame], int]:
    raw = tmp_path / "raw"
    inventory = take_inventory(raw, {}) if raw.is_dir() else Inventory({}, {}, {})
    extracted, reread = gathered_tables(tmp_path / "store", tmp_path / "tables", plan_ids, inventory, NATIONAL)
    return extracted.frames, reread


def test_kept_tables_are_the_gathered_ones_and_only_changed_plans_are_read_again(tmp_path: Path) -> None:
    for plan_id in ("p1", "p2", "p3"):
        _save(tmp_path / "store", plan_id)
    first, reread = _gather(tmp_path, ["p1", "p2", "p3"])
    assert reread == 3
    expected = to_frames([extraction_store.require(tmp_path / "store", p) for p in ("p1", "p2", "p3")] + [NATIONAL])
    for name in GATHERED:
        pd.testing.assert_frame_equal(first[name], expected[name])

    again, reread = _gather(tmp_path, ["p1", "p2", "p3"])
    assert reread == 0
    for name in GATHERED:
        pd.testing.assert_frame_equal(again[name], first[name])

    _save(tmp_path / "store", "p2", fingerprint="v2", raw_text="81-90%")
    changed, reread = _gather(tmp_path, ["p3", "p2", "p1"])
    assert reread == 1
    assert list(changed["plans"]["plan_id"]) == ["nat", "p1", "p2", "p3"]  # plan order, whatever changed
    assert changed["targets"].set_index("target_id").loc["p2-1-2025", "raw_text"] == "81-90%"
    assert changed["targets"].set_index("target_id").loc["p1-1-2025", "raw_text"] == "80-90%"

    withdrawn, reread = _gather(tmp_path, ["p1", "p2"])
    assert reread == 0
    assert "p3" not in set(withdrawn["plans"]["plan_id"]) and "p3" not in set(withdrawn["targets"]["plan_id"])


def test_a_second_copy_of_a_file_is_a_duplicate_row_without_rows(tmp_path: Path) -> None:
    """The run's inventory finds the copy; gathering turns its stored rows into one `duplicate` row."""
    (tmp_path / "raw").mkdir()
    for name in ("p1.txt", "p2.txt"):
        (tmp_path / "raw" / name).write_text("the same plan", encoding="utf-8")
    _save(tmp_path / "store", "p1", sha256="a" * 64)
    _save(tmp_path / "store", "p2", sha256="a" * 64)
    frames, _ = _gather(tmp_path, ["p1", "p2"])
    status = dict(zip(frames["plans"]["plan_id"], frames["plans"]["status"]))
    assert status == {"nat": "ok", "p1": "ok", "p2": "duplicate"}
    assert set(frames["targets"]["plan_id"]) == {"nat", "p1"}
    assert list(frames["quarantine"]["plan_id"]) == ["p2"]
