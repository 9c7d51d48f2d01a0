"""Plan metadata: registry first, then what the plan's own 'Kèm theo …' line clearly says."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from assets.resources import PROJECT_ROOT
from pipeline.ingest.inventory import discover_plans
from pipeline.ingest.registry import (
    METADATA_FIELDS,
    load_registry,
    metadata_from_text,
    plan_metadata,
)

RAW = PROJECT_ROOT / "data" / "raw"


@pytest.mark.parametrize("line, expected", [
    ("(Kèm theo Kế hoạch số: 30 /KH-SKHCN ngày 20 /9/2025 của Sở Khoa học và Công nghệ)",
     {"doc_number": "30/KH-SKHCN", "issued_date": "2025-09-20", "issuer": "Sở Khoa học và Công nghệ",
      "level": "department", "province": None}),
    ("(Kèm theo Kế hoạch số 29-KH/TU, ngày 31/3/2026 của Ban Thường vụ Tỉnh ủy)",
     {"doc_number": "29-KH/TU", "issued_date": "2026-03-31", "issuer": "Ban Thường vụ Tỉnh ủy",
      "level": "party_committee", "province": None}),
    ("(Kèm theo Kế hoạch số          /KH-UBND ngày       /      /2025 của UBND tỉnh Quảng Trị)",
     {"doc_number": None, "issued_date": None, "issuer": "UBND tỉnh Quảng Trị", "level": "province",
      "province": "Quảng Trị"}),
    ("(Kèm theo Công văn số                 /UBND-VHXH ngày         /9/2025 của UBND phường Thành Nam)",
     {"doc_number": None, "issued_date": None, "issuer": "UBND phường Thành Nam", "level": "ward", "province": None}),
    ("Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị",
     {"doc_number": None, "issued_date": None, "issuer": None, "level": None, "province": None}),
])
def test_metadata_from_text(line: str, expected: dict) -> None:
    assert metadata_from_text(f"PHỤ LỤC 1\n{line}\nSTT Chỉ tiêu\n") == expected


def test_registry_first_then_text(tmp_path: Path) -> None:
    plan = tmp_path / "x.txt"
    plan.write_text("(Kèm theo Kế hoạch số 29-KH/TU, ngày 31/3/2026 của Ban Thường vụ Tỉnh ủy)\n", encoding="utf-8")
    (tmp_path / "registry.csv").write_text(
        "source_file,plan_id,title,issuer,level,doc_number,issued_date,province\n"
        "x.txt,plan-x,,,,,2026-04-01,Tỉnh X\n", encoding="utf-8")
    meta = plan_metadata(plan, plan.read_text(encoding="utf-8"), load_registry(tmp_path), "0" * 64)
    assert tuple(meta) == METADATA_FIELDS
    assert (meta["plan_id"], meta["issued_date"], meta["province"]) == ("plan-x", "2026-04-01", "Tỉnh X")
    assert (meta["doc_number"], meta["issuer"]) == ("29-KH/TU", "Ban Thường vụ Tỉnh ủy")


def test_unlisted_plan_uses_file_stem(tmp_path: Path) -> None:
    plan = tmp_path / "y.txt"
    plan.write_bytes(b"STT\n")
    meta = plan_metadata(plan, "STT\n", load_registry(tmp_path), hashlib.sha256(b"STT\n").hexdigest())
    assert meta["plan_id"] == "y" and meta["title"] is None
    assert meta["sha256"] == hashlib.sha256(b"STT\n").hexdigest()  # as the inventory took it, not read again


def test_registry_lists_every_raw_plan() -> None:
    registry = load_registry(RAW)
    assert sorted(registry) == [p.name for p in discover_plans(RAW)]
    assert {r["level"] for r in registry.values()} <= {"national", "province", "department", "party_committee", "ward"}
