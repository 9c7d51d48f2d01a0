"""The tabbed reader on plan 002 (checked against its gold) and on small made-up texts."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from assets.resources import PROJECT_ROOT
from pipeline.extract.model import CELL_POSITION_UNCERTAIN, Cell, UnrecognizedLayout
from pipeline.extract.readers import tabbed
from tests.paths import FIXTURES

PLAN = PROJECT_ROOT / "data" / "raw" / "002_b5f291679289927e.txt"
GOLD = FIXTURES / "gold" / "002_b5f291679289927e.csv"


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def table_002():
    tables = tabbed.read_tables(_lines(PLAN), PLAN.name)
    assert len(tables) == 1
    return tables[0]


def test_002_header_and_context(table_002):
    assert [c.text for c in table_002.header] == [
        "STT", "Chỉ tiêu", "Đơn vị", "Kết quả", "Cơ quan chủ trì theo dõi, đánh giá", "Ghi chú",
    ]
    assert table_002.header[0] == Cell("STT", 8, 8)
    assert [c.text for c in table_002.context] == [
        "PHỤ LỤC 1",
        "các mục tiêu cụ thể của Kế hoạch thực hiện Nghị quyết số 57-NQ/TW năm 2026",
        "(Kèm theo Kế hoạch số 29-KH/TU, ngày 31/3/2026 của Ban Thường vụ Tỉnh ủy)",
    ]
    assert table_002.reader == "tabbed" and table_002.source_file == PLAN.name


def test_002_rows_are_rectangular(table_002):
    assert all(len(r) == 6 for r in table_002.rows)
    assert len(table_002.rows) == 74 + 6  # 74 indicators, sections I–VI
    assert not any(c.flags for r in table_002.rows for c in r)


def test_002_section_rows(table_002):
    sections = [r for r in table_002.rows if not r[0].text.endswith(".")]
    assert [(r[0].text, r[1].text) for r in sections] == [
        ("I", "PHÁT TRIỂN HẠ TẦNG"), ("II", "PHÁT TRIỂN NGUỒN LỰC"),
        ("III", sections[2][1].text), ("IV", sections[3][1].text),
        ("V", sections[4][1].text), ("VI", "DỮ LIỆU SỐ"),
    ]
    assert all(c.blank for r in sections for c in r[2:])
    assert sections[0][2] == Cell("", 15, 15)  # blank cell on the row's first line


def test_002_wrapped_agency_cell(table_002):
    row13 = next(r for r in table_002.rows if r[0].text == "13.")
    assert row13[4] == Cell("Đảng ủy UBND tỉnh Ban Tổ chức Tỉnh ủy, Văn phòng Tỉnh ủy", 110, 112)
    assert row13[5] == Cell("", 106, 106)  # trailing empty note column


def test_002_grid_matches_gold(table_002):
    """Every gold row's name, unit, result cell and agency come out of the grid as printed."""
    by_ref = {r[0].text.rstrip("."): r for r in table_002.rows if r[0].text.endswith(".")}
    section_of = {}
    section = None
    for r in table_002.rows:
        if r[0].text.endswith("."):
            section_of[r[0].text.rstrip(".")] = section
        else:
            section = r[0].text
    with GOLD.open(encoding="utf-8") as f:
        gold = list(csv.DictReader(f))
    assert len(gold) == 74
    for g in gold:
        row = by_ref[g["row_ref"]]
        got = (row[1].text, row[2].text, row[3].text, row[4].text, section_of[g["row_ref"]])
        want = (g["indicator_name"], g["unit_raw"], g["raw_text"], g["responsible_agency"], g["section_code"])
        assert got == want, g["row_ref"]
        assert row[0].line_start <= row[4].line_end


def test_detect_only_002():
    for path in sorted((PROJECT_ROOT / "data" / "raw").glob("*.txt")):
        assert tabbed.detect(_lines(path)) == path.name.startswith("002_"), path.name


def test_not_tabbed_raises():
    with pytest.raises(UnrecognizedLayout):
        tabbed.read_tables(["PHỤ LỤC", "", "| STT | Chỉ tiêu |", "|---|---|"], "x.txt")


SMALL = """PHỤ LỤC 2
(Kèm theo Kế hoạch số 5-KH/ĐU)

\tSTT
\tChỉ tiêu
\tĐơn vị
\tKết quả
\tGhi chú

\tI
\tHẠ TẦNG SỐ

\t1.
\tTỷ lệ hộ gia đình có cáp quang
\t%
\t≥ 80
\tưu tiên
vùng sâu

\t2.
\tSố cuộc họp trực tuyến
\tCuộc

\t3.  
\tCổng thông tin
\tCổng
\tDuy trì
\t

Trang 2

\t4.
\tTỷ lệ văn bản điện tử
\t%
\t100
\t
\t5.
\tTỷ lệ hồ sơ trực tuyến
\t%
\t90
\t

Nơi nhận: như trên

PHỤ LỤC 3

\tTT
\tNội dung
\tĐơn vị
\tKết quả
\tGhi chú

\t1.
\tSố doanh nghiệp số
\tDoanh nghiệp
\t10
\t
"""


def test_small_two_tables_padding_and_wrap():
    tables = tabbed.read_tables(SMALL.splitlines(), "small.txt")
    assert len(tables) == 2
    first, second = tables
    assert [c.text for c in first.context] == ["PHỤ LỤC 2", "(Kèm theo Kế hoạch số 5-KH/ĐU)"]
    rows = {r[0].text: r for r in first.rows}
    assert [c.text for c in rows["I"]] == ["I", "HẠ TẦNG SỐ", "", "", ""]
    assert not any(c.flags for c in rows["I"])
    assert rows["1."][4] == Cell("ưu tiên vùng sâu", 17, 18)  # wrap without a blank line
    short = rows["2."]  # three cells printed of five: padded at the end, values uncertain
    assert [c.text for c in short] == ["2.", "Số cuộc họp trực tuyến", "Cuộc", "", ""]
    assert CELL_POSITION_UNCERTAIN in short[2].flags and not short[1].flags
    assert short[3] == Cell("", 20, 20)
    # A page footer between complete rows is skipped and the table goes on;
    # a row that reaches the header's width ends even without a blank line.
    assert [c.text for c in rows["3."]] == ["3.", "Cổng thông tin", "Cổng", "Duy trì", ""]
    assert [c.text for c in rows["4."]] == ["4.", "Tỷ lệ văn bản điện tử", "%", "100", ""]
    assert rows["5."][3] == Cell("90", 40, 40) and rows["5."][4] == Cell("", 37, 37)
    assert len(first.rows) == 6
    assert [c.text for c in second.header] == ["TT", "Nội dung", "Đơn vị", "Kết quả", "Ghi chú"]
    assert "PHỤ LỤC 3" in [c.text for c in second.context]
    assert [c.text for c in second.rows[0]] == ["1.", "Số doanh nghiệp số", "Doanh nghiệp", "10", ""]
