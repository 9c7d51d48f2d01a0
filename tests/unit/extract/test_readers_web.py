"""Readers for converter/web markdown: pipe tables and one-cell-per-line tables.

The cell-per-line expectations on the two real pages (Cà Mau 0204/KH-UBND,
Sơn La 2954/QĐ-UBND, read from ../shared/examples) were checked by reading
the raw text line by line.
"""
from __future__ import annotations

import pytest

from pipeline.extract.model import CELL_POSITION_UNCERTAIN, Cell, UnrecognizedLayout
from pipeline.extract.readers import cell_per_line, pipe_table, tabbed
from tests.paths import FIXTURES
from tests.shared_docs import shared_dir

LAYOUTS = FIXTURES / "layouts"
CAMAU = "camau-kh0204-tcns-2026-2028.txt"
SONLA = "sonla-qd2954-xuat-khau-2026-2030.txt"


def _lines(name: str) -> list[str]:
    """A layout fixture's lines; the real pages (Cà Mau, Sơn La) are read from ../shared/examples, never copied here."""
    path = LAYOUTS / name if name not in (CAMAU, SONLA) else shared_dir("examples") / name
    return path.read_text(encoding="utf-8").splitlines()


def _texts(cells: list[Cell]) -> list[str]:
    return [c.text for c in cells]


def _row(table, stt: str, name_start: str) -> list[Cell]:
    return next(r for r in table.rows if r[0].text == stt and r[1].text.startswith(name_start))


# --- pipe tables -----------------------------------------------------------


def test_pipe_ward_plan():
    [table] = pipe_table.read_tables(_lines("pipe_ward_plan.md"), "pipe_ward_plan.md")
    assert table.reader == "pipe_table"
    assert _texts(table.header) == ["STT", "Chỉ tiêu", "Đơn vị tính", "Năm 2025", "Năm 2030", "Cơ quan chủ trì"]
    assert table.header[0] == Cell("STT", 11, 11)
    assert _texts(table.context)[-3:] == [
        "PHỤ LỤC 1",
        "CHỈ TIÊU THỰC HIỆN NGHỊ QUYẾT SỐ 57-NQ/TW TRÊN ĐỊA BÀN PHƯỜNG",
        "(Kèm theo Kế hoạch số 112/KH-UBND ngày 15/9/2025 của UBND phường Hoa Lư)",
    ]
    assert all(len(r) == 6 for r in table.rows) and len(table.rows) == 9
    assert _texts(table.rows[0]) == ["I", "HẠ TẦNG SỐ", "", "", "", ""]  # bold stripped
    assert _texts(table.rows[4]) == ["II", "CHÍNH QUYỀN SỐ", "", "", "", ""]  # short section row padded
    assert not any(c.flags for c in table.rows[4])
    assert table.rows[1][1] == Cell("Tỷ lệ hộ gia đình có kết nối Internet cáp quang", 14, 14)  # <br>
    assert table.rows[3][3] == Cell("", 16, 16)  # blank cell
    assert table.rows[6][1].text == "Tỷ lệ văn bản đi|đến được ký số"  # escaped pipe
    assert [r[5].text for r in table.rows[5:8]] == ["Văn phòng HĐND và UBND"] * 3  # repeated agency, as printed
    short = table.rows[8]
    assert _texts(short) == ["7", "Số cán bộ được bồi dưỡng kỹ năng số", "Người", "40", "", ""]
    assert CELL_POSITION_UNCERTAIN in short[3].flags and not short[1].flags and not short[4].flags


def test_pipe_two_level_header_before_separator():
    [table] = pipe_table.read_tables(_lines("pipe_two_level_header.md"), "x.md")
    assert _texts(table.header) == [
        "TT", "Chỉ tiêu", "Đơn vị",
        "Mục tiêu theo từng giai đoạn Năm 2025",
        "Mục tiêu theo từng giai đoạn Năm 2030",
        "Mục tiêu theo từng giai đoạn Năm 2035",
        "Đơn vị chủ trì",
    ]
    assert table.header[4] == Cell("Mục tiêu theo từng giai đoạn Năm 2030", 5, 6)
    assert _texts(table.rows[2]) == ["3", "Số doanh nghiệp công nghệ số", "Doanh nghiệp", "50", "150", "", "Sở Công Thương"]
    assert _texts(table.context) == ["PHỤ LỤC 01", "MỘT SỐ CHỈ TIÊU VỀ KHOA HỌC, CÔNG NGHỆ, ĐỔI MỚI SÁNG TẠO VÀ CHUYỂN ĐỔI SỐ"]


def test_pipe_docling_two_appendices():
    tasks, indicators = pipe_table.read_tables(_lines("pipe_docling_two_appendices.md"), "x.md")
    assert _texts(tasks.header) == ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành"]
    assert _texts(tasks.context) == ["PHỤ LỤC I", "DANH MỤC NHIỆM VỤ"]
    assert len(tasks.rows) == 2
    # docling repeats spanned header text; the repeated header row in the body
    # is a header level, the "(1) (2) …" column-number row is dropped
    assert _texts(indicators.header) == [
        "STT", "Chỉ tiêu", "Đơn vị tính", "Mục tiêu Kế hoạch 2026", "Mục tiêu 2026-2030", "Cơ quan chủ trì",
    ]
    assert indicators.header[3] == Cell("Mục tiêu Kế hoạch 2026", 14, 16)
    assert _texts(indicators.context) == ["PHỤ LỤC II", "CÁC CHỈ TIÊU CỤ THỂ"]
    assert _texts(indicators.rows[0]) == ["I", "HẠ TẦNG SỐ", "", "", "", ""]  # full-width row collapsed
    assert indicators.rows[0][1] == Cell("HẠ TẦNG SỐ", 18, 18)
    assert _texts(indicators.rows[3]) == ["3", "Tỷ lệ xã có trạm phát sóng 5G", "%", "30-40", "100", "Sở Khoa học và Công nghệ"]
    assert len(indicators.rows) == 4


def test_pipe_detect_and_unrecognized():
    assert pipe_table.detect(_lines("pipe_ward_plan.md"))
    assert not pipe_table.detect(["-----", "text | with a pipe", "more"])
    with pytest.raises(UnrecognizedLayout):
        pipe_table.read_tables(["| a | b |", "no separator"], "x.md")


# --- one cell per line: real pages ----------------------------------------


@pytest.fixture(scope="module")
def camau():
    return cell_per_line.read_tables(_lines(CAMAU), CAMAU)


@pytest.fixture(scope="module")
def sonla():
    return cell_per_line.read_tables(_lines(SONLA), SONLA)


def test_detect_families():
    assert cell_per_line.detect(_lines(CAMAU)) and cell_per_line.detect(_lines(SONLA))
    assert not pipe_table.detect(_lines(CAMAU))
    assert not cell_per_line.detect(_lines("pipe_ward_plan.md"))
    assert not tabbed.detect(_lines(CAMAU))
    with pytest.raises(UnrecognizedLayout):
        cell_per_line.read_tables(_lines("pipe_ward_plan.md"), "x.md")


def test_camau_tables(camau):
    """Mẫu biểu 01–05; letterhead and signature grids are not tables."""
    assert len(camau) == 5
    assert [t.context[0].text for t in camau] == [f"Mẫu biểu số 0{i}" for i in range(1, 6)]
    assert [len(t.header) for t in camau] == [8, 8, 8, 7, 8]
    assert [len(t.rows) for t in camau] == [44, 51, 25, 26, 32]
    assert all(len(r) == len(t.header) for t in camau for r in t.rows)
    assert not any(c.flags for t in camau for r in t.rows for c in r)  # every row printed in full


def test_camau_01_header_and_context(camau):
    t = camau[0]
    assert _texts(t.header) == [
        "STT", "Nội dung", "Đơn vị tính",
        "Năm hiện hành 2025 Kế hoạch", "Năm hiện hành 2025 Ước thực hiện",
        "Năm 2026", "Năm 2027", "Năm 2028",
    ]
    assert t.header[2] == Cell("Đơn vị tính", 539, 539)
    assert t.header[4] == Cell("Năm hiện hành 2025 Ước thực hiện", 541, 552)
    assert _texts(t.context) == [
        "Mẫu biểu số 01",
        "DỰ BÁO MỘT SỐ CHỈ TIÊU KINH TẾ - XÃ HỘI CHỦ YẾU GIAI ĐOẠN 03 NĂM 2026 – 2028",
        "(Kèm theo Kế hoạch số 0204/KH-UBND ngày 24/11/2025 của Ủy ban nhân dân tỉnh Cà Mau)",
    ]
    assert t.context[1] == Cell(t.context[1].text, 528, 529)
    # column-number row (*1* … *8*, lines 555-569) is not a body row
    assert t.rows[0][0] == Cell("1", 572, 572)
    assert [r[0].text for r in t.rows if r[0].text] == [str(i) for i in range(1, 14)]


def test_camau_01_rows(camau):
    t = camau[0]
    assert t.rows[0] == [
        Cell("1", 572, 572), Cell("Tổng sản phẩm trong nước của địa phương (GRDP) giá hiện hành", 574, 575),
        Cell("Tỷ đồng", 577, 577), Cell("172.033", 579, 579), Cell("172.033", 581, 581),
        Cell("193.549", 583, 583), Cell("218.628", 585, 585), Cell("247.907", 587, 587),
    ]
    section = _row(t, "3", "Cơ cấu")  # heading row: empty cells omitted between the pipes
    assert section == [Cell("3", 607, 607), Cell("Cơ cấu kinh tế", 609, 609)] + [Cell("", 607, 607)] * 6
    tax = _row(t, "", "- Thuế NK")  # italic sub-row, blank STT and a blank 2025 pair
    assert tax == [
        Cell("", 667, 667), Cell("- Thuế NK, thuế sản phẩm trừ trợ cấp sản phẩm", 667, 668), Cell("%", 670, 670),
        Cell("", 667, 667), Cell("", 667, 667), Cell("4,31", 674, 674), Cell("4,19", 676, 676), Cell("4,07", 678, 678),
    ]
    cpi = _row(t, "4", "Chỉ số giá")  # prints no 2025 plan value
    assert _texts(cpi) == ["4", "Chỉ số giá tiêu dùng (CPI)", "%", "", "5,04", "5,21", "5,21", "5,21"]
    assert cpi[4] == Cell("5,04", 688, 688)
    poverty = _row(t, "10", "Mức giảm")
    assert _texts(poverty)[3:] == ["0,8", "0,8", "1-1,5", "1-1,6", "1-1,7"]
    veterans = _row(t, "", "+ Đối tượng cựu chiến binh")  # name wrapped over four lines
    assert (veterans[1].line_start, veterans[1].line_end) == (1193, 1196)
    assert veterans[1].text.endswith("giúp bạn Lào, thanh niên xung phong")
    assert t.rows[-1][7] == Cell("5000", 1239, 1239)


def test_camau_budget_headers(camau):
    assert _texts(camau[1].header)[2:] == [
        "Năm hiện hành 2025 Dự toán TTg giao",
        "Năm hiện hành 2025 Dự toán HĐND tỉnh quyết định",
        "Năm hiện hành 2025 Đánh giá thực hiện",
        "Dự kiến 03 năm kế hoạch Năm 2026",
        "Dự kiến 03 năm kế hoạch Năm 2027",
        "Dự kiến 03 năm kế hoạch Năm 2028",
    ]
    # uneven spans (2 + 3): years go under "Dự kiến", not under "Năm 2025"
    assert _texts(camau[3].header)[2:] == [
        "Năm 2025 Dự toán HĐND tỉnh quyết định",
        "Năm 2025 Đánh giá thực hiện",
        "Dự kiến 03 năm kế hoạch Năm 2026",
        "Dự kiến 03 năm kế hoạch Năm 2027",
        "Dự kiến 03 năm kế hoạch Năm 2028",
    ]
    assert _texts(camau[3].rows[0]) == ["A", "TỔNG CHI NSĐP", "26.811.096", "27.535.000", "26.278.107", "29.284.105", "30.928.602"]


def test_sonla_tables(sonla):
    assert len(sonla) == 2
    pl01, pl02 = sonla
    assert [t.context[0].text for t in sonla] == ["PHỤ LỤC 01", "PHỤ LỤC 02"]
    assert _texts(pl01.header) == [
        "TT", "Chỉ tiêu", "ĐVT", "ƯTH Năm 2025",
        *(f"GIAI ĐOẠN 2026 - 2030 Năm {y}" for y in range(2026, 2031)),
    ]
    assert len(pl01.rows) == 37 and all(len(r) == 9 for r in pl01.rows)
    assert _texts(pl01.rows[0]) == ["I", "CÂY CÔNG NGHIỆP"] + [""] * 7
    assert pl01.rows[2] == [
        Cell("-", 757, 757), Cell("Diện tích", 759, 759), Cell("Ha", 761, 761), Cell("26.120", 763, 763),
        Cell("27.000", 765, 765), Cell("27.500", 767, 767), Cell("28.000", 769, 769), Cell("29.000", 771, 771),
        Cell("30.000", 773, 773),
    ]
    stts = [r[0].text for r in pl01.rows if r[0].text not in ("-", "")]
    assert stts[-4:] == ["5", "6", "9", "III"]  # the source's numbering gap is kept as printed
    assert _texts(pl01.rows[-1]) == ["-", "Tổng đàn", "Con", "28.010", "28.100", "28.300", "28.350", "28.500", "29.000"]

    assert len(pl02.header) == 12
    assert _texts(pl02.header)[:4] == [
        "TT", "Sản phẩm", "Kế hoạch 2026 Lượng (Tấn)", "Kế hoạch 2026 Giá trị tham gia xuất khẩu (Nghìn USD)",
    ]
    assert pl02.header[-1].text == "Kế hoạch 2030 Giá trị tham gia xuất khẩu (Nghìn USD)"
    total = pl02.rows[0]  # first row after the column numbers (which start with an omitted cell)
    assert _texts(total) == ["", "Tổng I + II"] + ["", "240.000", "", "270.000", "", "305.000", "", "345.000", "", "400.000"]
    assert total[3] == Cell("240.000", 1412, 1412)
    assert _texts(_row(pl02, "1", "Xoài"))[2:4] == ["13.500", "7.000"]
    assert len(pl02.rows) == 22 and all(len(r) == 12 for r in pl02.rows)


# --- one cell per line: R57-shaped fixture ---------------------------------


def test_cell_per_line_r57_fixture():
    [t] = cell_per_line.read_tables(_lines("cell_per_line_r57.txt"), "r57.txt")
    assert t.reader == "cell_per_line"
    assert _texts(t.header) == ["STT", "Chỉ tiêu", "Đơn vị tính", "Mục tiêu Năm 2026", "Mục tiêu Năm 2030", "Cơ quan chủ trì"]
    assert _texts(t.context) == [
        "PHỤ LỤC 1",
        "CHỈ TIÊU THỰC HIỆN NGHỊ QUYẾT SỐ 57-NQ/TW TRÊN ĐỊA BÀN XÃ NĂM 2026 VÀ ĐẾN NĂM 2030",
        "(Kèm theo Kế hoạch số 45/KH-UBND ngày 10/10/2025 của UBND xã Tân Phú)",
    ]
    assert len(t.rows) == 7 and all(len(r) == 6 for r in t.rows)
    assert _texts(t.rows[0]) == ["I", "HẠ TẦNG SỐ", "", "", "", ""]
    assert t.rows[1][1] == Cell("Tỷ lệ hộ gia đình sử dụng Internet cáp quang băng rộng", 38, 39)
    assert t.rows[2][3] == Cell("", 50, 50)  # empty cell printed as an empty line
    assert t.rows[2][4] == Cell("20", 58, 58)
    assert _texts(t.rows[5]) == ["4", "Hệ thống họp trực tuyến", "Hệ thống", "Duy trì", "Nâng cấp", "Văn phòng HĐND và UBND"]
    short = t.rows[6]  # printed four cells of six: padded at the end, values uncertain
    assert _texts(short) == ["5", "Số cán bộ được bồi dưỡng kỹ năng số", "Người", "40", "", ""]
    assert CELL_POSITION_UNCERTAIN in short[2].flags and CELL_POSITION_UNCERTAIN in short[3].flags
    assert not short[0].flags and not short[1].flags


def test_cell_per_line_three_pipe_row_separator():
    """Rows closed by an extra `|` (three between rows, two after the last), empty cells as empty lines."""
    rows = [
        ["**STT**", "**Chỉ tiêu**", "**Đơn vị tính**", "**Năm 2030**", "**Cơ quan chủ trì**"],
        ["I", "HẠ TẦNG SỐ", "", "", ""],
        ["1", "Tỷ lệ phủ sóng 5G", "%", "≥ 95", ""],
        ["2", "Số doanh nghiệp số", "Doanh nghiệp", "50", "Sở Khoa học và Công nghệ"],
    ]
    text = ["**Đến năm 2030**", ""]
    for row in rows:
        for cell in row:
            text += ["|", cell]
        text += ["|", "|"]
    [t] = cell_per_line.read_tables(text, "x.txt")
    assert _texts(t.header) == ["STT", "Chỉ tiêu", "Đơn vị tính", "Năm 2030", "Cơ quan chủ trì"]
    assert _texts(t.context) == ["Đến năm 2030"]
    assert [_texts(r) for r in t.rows] == [[c.strip("*") for c in row] for row in rows[1:]]
    assert t.rows[1][3] == Cell("≥ 95", 34, 34) and not any(c.flags for r in t.rows for c in r)
