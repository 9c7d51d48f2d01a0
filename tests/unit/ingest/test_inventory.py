"""The run's inventory: every plan file found and read once, its hash and fingerprint, later copies named."""
from __future__ import annotations

import hashlib
import shutil
from collections import Counter
from pathlib import Path

import pytest

from assets.resources import PROJECT_ROOT, PipelinePaths
from pipeline.ingest.inventory import fingerprints, take_inventory
from tests.factories import run_graph


def test_inventory_hashes_each_file_and_names_later_copies(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("STT | Chỉ tiêu\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("STT | Chỉ tiêu\n", encoding="utf-8")
    (tmp_path / "c.md").write_text("khác\n", encoding="utf-8")
    (tmp_path / "notes.csv").write_text("not a plan\n", encoding="utf-8")
    inventory = take_inventory(tmp_path, {})
    assert list(inventory.plans) == ["a", "b", "c"]
    assert inventory.plans["a"].sha256 == hashlib.sha256((tmp_path / "a.txt").read_bytes()).hexdigest()
    assert inventory.copies == {"b": "a.txt"}
    assert {p: f.fingerprint for p, f in inventory.plans.items()} == fingerprints(tmp_path, {})


def test_a_refresh_reads_each_plan_file_three_times_at_most(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Once to decide what to run (as the sensor and the schedule do, outside the run), once for the run's
    inventory, once to extract it: no stage finds or hashes a plan again."""
    raw = Path(shutil.copytree(PROJECT_ROOT / "data" / "raw", tmp_path / "raw"))
    reads: Counter[str] = Counter()
    real = Path.read_bytes

    def counted(self: Path) -> bytes:
        if self.parent == raw and self.suffix == ".txt":
            reads[self.name] += 1
        return real(self)
    monkeypatch.setattr(Path, "read_bytes", counted)
    paths = PipelinePaths(raw_dir=str(raw), published_dir=str(tmp_path / "pub"), overrides_file=str(tmp_path / "x"))
    assert run_graph(paths).success
    assert set(reads) == {p.name for p in raw.glob("*.txt")} and max(reads.values()) == 3
