"""The PDF-to-text reader on small fixtures and on the seed plans' hardest rows."""
from __future__ import annotations

from pathlib import Path

import pytest

from assets.resources import PROJECT_ROOT
from pipeline.extract.model import CELL_MERGED, CELL_POSITION_UNCERTAIN, Table
from pipeline.extract.readers import pdf_text
from pipeline.extract.reading import extract_plan
from tests.oracles import read_lines
from tests.paths import FIXTURES

LAYOUTS = FIXTURES / "layouts"
RAW = PROJECT_ROOT / "data" / "raw"


def _table(path: Path) -> Table:
    tables = pdf_text.read_tables(read_lines(path), path.name)
    assert len(tables) == 1
    return tables[0]


def _row(table: Table, ref: str, nth: int = 0) -> list:
    return [r for r in table.rows if r[0].text == ref][nth]


def _targets(path: Path) -> dict[tuple[str, int], dict]:
    return {(t["row_ref"], t["year"]): t for t in extract_plan(path, {}).targets}


def test_header_and_columns_from_a_reprinted_page_header() -> None:
    table = _table(LAYOUTS / "pdf_spacing_blanks.txt")
    assert [c.text for c in table.header] == [
        "STT", "Chỉ tiêu", "Năm 2025", "Năm 2030", "Năm 2035", "Năm 2040", "Năm 2045", "Cơ quan chủ trì",
    ]
    assert [r[0].text for r in table.rows] == ["I", "1", "2", "3", "II", "4", "5", "6", "7", "9"]


def test_blank_cells_shown_only_as_spacing_are_placed_and_flagged() -> None:
    table = _table(LAYOUTS / "pdf_spacing_blanks.txt")
    trailing = _row(table, "1")
    assert [c.text for c in trailing[2:7]] == ["≥30%", "95%", "", "", ""]
    assert CELL_POSITION_UNCERTAIN in trailing[2].flags
    leading = _row(table, "2")
    assert [c.text for c in leading[2:7]] == ["", "", "40%", "70%", "100%"]
    full = _row(table, "3")
    assert all(not c.flags for c in full[2:7])


def test_wrapped_name_unit_free_values_and_wrapped_agency() -> None:
    row = _row(_table(LAYOUTS / "pdf_spacing_blanks.txt"), "3")
    assert row[1].text == "Số lượng điểm truy cập Internet công cộng miễn phí tại các thôn."
    assert row[7].text == "Văn phòng HĐND và UBND xã"
    assert (row[1].line_start, row[7].line_end) == (23, 30)


def test_merged_agency_cell_spans_its_rows_across_a_page_break() -> None:
    table = _table(LAYOUTS / "pdf_spacing_blanks.txt")
    merged = "Văn phòng HĐND và UBND xã phối hợp với các tổ chức liên quan"
    for ref in ("4", "5", "6"):
        cell = _row(table, ref)[7]
        assert cell.text == merged and CELL_MERGED in cell.flags
    assert CELL_MERGED not in _row(table, "7")[7].flags


def test_rank_cells_wrap_and_a_numbering_gap_is_kept() -> None:
    targets = _targets(LAYOUTS / "pdf_spacing_blanks.txt")
    group = targets[("9", 2045)]
    assert (group["raw_text"], group["comparator"], group["value"], group["unit"]) == ("Nhóm 5 xã dẫn đầu", "<=", 5.0, "rank")
    assert "source_gap" in group["flags"] and "year_uncertain" in group["flags"]


def test_year_blocks_duplicates_gaps_periods_and_page_break_rows() -> None:
    targets = extract_plan(LAYOUTS / "pdf_year_blocks.txt", {}).targets
    by = {(t["row_ref"], t["year"], t["indicator_name"]): t for t in targets}
    assert [(t["row_ref"], t["year"]) for t in targets] == [
        ("1.1", 2025), ("1.2", 2025), ("2.1", 2025), ("2.2", 2025), ("2.2", 2025), ("2.4", 2025), ("1.1", 2030),
    ]
    split = by[("2.1", 2025, "Số lượng doanh nghiệp khởi nghiệp sáng tạo")]
    assert (split["unit_raw"], split["value"], split["responsible_agency"]) == ("Doanh nghiệp", 1200.0, "Phòng Kinh tế và Hợp tác xã")
    yes_no = by[("1.2", 2025, "Trung tâm điều hành thông minh cấp phường")]
    assert (yes_no["unit_raw"], yes_no["unit"], yes_no["value_text"]) == ("Có/Không", "status", "Có")
    dupes = [t for t in targets if t["row_ref"] == "2.2"]
    assert all("duplicate_row_ref" in t["flags"] for t in dupes) and len({t["indicator_id"] for t in dupes}) == 2
    assert "source_gap" in by[("2.4", 2025, "Tỷ lệ người dân trưởng thành có chữ ký số")]["flags"]
    period = by[("1.1", 2030, "Tỷ lệ phủ sóng 5G trên địa bàn")]
    assert period["flags"] == ["year_from_period"] and period["section_code"] == "1"


@pytest.mark.parametrize("fixture", ["no_table.txt", "pdf_budget_table.txt"])
def test_text_without_an_indicator_table_is_reported_not_read(fixture: str) -> None:
    extraction = extract_plan(LAYOUTS / fixture, {})
    assert extraction.plan["status"] == "unrecognized" and not extraction.targets
    assert extraction.problems and fixture in str(extraction.problems[0])


def test_task_appendix_is_not_read_as_indicators() -> None:
    """004's Phụ lục I is a task table ("TT Tên nhiệm vụ"): only Phụ lục II yields rows."""
    targets = extract_plan(RAW / "004_7ffbc6da0806170f.txt", {}).targets
    assert min(t["line_start"] for t in targets) > 5300


def test_seed_001_merged_agency_covers_rows_40_to_48() -> None:
    targets = extract_plan(RAW / "001_8750eb6a39ed0c07.txt", {}).targets
    merged = sorted({int(t["row_ref"]) for t in targets if "agency_from_merged_cell" in t["flags"]})
    assert merged == list(range(40, 49))
    assert {t["responsible_agency"] for t in targets if t["row_ref"] == "44"} == {
        "Văn phòng Sở phối hợp với VP UBND tỉnh và Trung tâm hành chính công thực hiện các nội dung liên quan"
    }


def test_seed_003_splits_responsible_and_monitoring_bodies() -> None:
    targets = {(t["section_code"], t["row_ref"]): t for t in extract_plan(RAW / "003_1a9c719e803cfb71.txt", {}).targets}
    assert (targets[("III", "20")]["responsible_agency"], targets[("III", "20")]["monitoring_agency"]) == ("Công an phường", "Công an tỉnh")
    assert targets[("I", "5")]["unit_raw"] == "Thứ bậc"
    assert targets[("II", "2")]["unit_raw"] == "Đề tài, dự án"
    assert targets[("III", "14")]["monitoring_agency"] == "Ngân hàng nhà nước Khu vực 7"
    assert targets[("II", "9")]["flags"] == ["source_gap"]


_ONE_CELL_PER_LINE = """KẾ HOẠCH
 STT Chỉ tiêu Mục tiêu theo từng giai đoạn
Năm 2025 Năm 2030
I
PHÁT TRIỂN HẠ TẦNG
4
Số doanh nghiệp công nghệ số
≥ 10 ≥ 20
5
Số lượng vườn ươm đổi mới sáng tạo
05
6
Số sản phẩm đổi mới sáng tạo được thương mại hóa
{tail}"""


@pytest.mark.parametrize("tail", ["2", "03\n\n STT Chỉ tiêu Mục tiêu theo từng giai đoạn\nNăm 2025 Năm 2030\n7\nSố sáng chế\n≥ 4 ≥ 8"])
def test_bare_numbers_that_are_cells_not_row_numbers_or_page_numbers(tmp_path: Path, tail: str) -> None:
    """"05" under row 5 is its count, not row 5 again; a zero-padded number before a reprinted header, or a
    bare number ending the table under a row with no number yet, is that row's value, not a page number."""
    path = tmp_path / "plan.txt"
    path.write_text(_ONE_CELL_PER_LINE.format(tail=tail), encoding="utf-8")
    extraction = extract_plan(path, {})
    assert [i["row_ref"] for i in extraction.indicators][:3] == ["4", "5", "6"]
    by_row: dict[str, list[str]] = {}
    for t in extraction.targets:
        by_row.setdefault(t["row_ref"], []).append(t["raw_text"])
    assert by_row["5"] == ["05"] and by_row["6"] == [tail.split()[0]]
