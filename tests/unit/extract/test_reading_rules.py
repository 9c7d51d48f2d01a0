"""The reading rules that hold whatever the converter: delimited rows, block and caption years, identity, verdicts.

Small texts built here stand for layouts seen in real text (a web article's
bare pipe rows, a word processor's tab-separated rows) or in the shared
re-layouts; each test states one rule of the contract and fails without it.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from assets.resources import PROJECT_ROOT
from pipeline.extract import headers as H
from pipeline.extract.model import Cell
from pipeline.extract.readers import pipe_table, tab_rows
from pipeline.extract.reading import extract_plan
from pipeline.extract.targets import caption_year
from pipeline.extract.values import ValueGrammarError, parse_cell, value_in_text
from pipeline.stores.extractions import extraction_modules

ARTICLE = """Căn cứ Phụ lục 1 có nêu rõ như sau:

TT | Chỉ tiêu | Đơn vị | Kết quả | Cơ quan chủ trì theo dõi, đánh giá |

**Đến năm 2030**

1 | Số doanh nghiệp công nghệ số | Doanh nghiệp | ≥ 5 | Bộ Khoa học và Công nghệ |
2 | Xếp hạng năng lực cạnh tranh số | Thứ bậc | ≤ 3 Đông Nam Á; ≤ 50 Thế giới | Bộ Khoa học và Công nghệ |
3 | Nhóm chỉ tiêu dịch vụ công | |||
3.1 | Tỉ lệ dịch vụ công trực tuyến toàn trình | % | 90 | Văn phòng Chính phủ |

Theo đó, đến năm 2030 kinh phí chi cho nghiên cứu phát triển đạt 2,0 % GDP.
"""


def _plan(tmp_path: Path, text: str, name: str = "plan.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_bare_pipe_rows_with_a_bold_block_line(tmp_path: Path) -> None:
    """No `|---|`, no leading pipe, the year in a bold line between header and rows (a web article's quote)."""
    e = extract_plan(_plan(tmp_path, ARTICLE), {})
    assert e.plan["status"] == "ok" and e.evidence["reader"] == "pipe_table"
    got = {(t["row_ref"], t["year"], t["comparator"], t["value"], t["unit"]) for t in e.targets}
    assert got == {("1", 2030, ">=", 5.0, "count"), ("2", 2030, "<=", 3.0, "rank"), ("3.1", 2030, "=", 90.0, "percent")}
    rank = next(t for t in e.targets if t["row_ref"] == "2")
    assert rank["value_text"] == "Đông Nam Á; ≤ 50 Thế giới" and "compound_target" in rank["flags"]
    assert e.evidence["year_sources"] == {"block": 3}


def test_tab_separated_rows_in_year_blocks_keep_indicators_apart(tmp_path: Path) -> None:
    """One table per year block; same name joins, same STT with another name does not (5G vs 6G)."""
    text = "\n".join([
        "Đến năm 2025", "", "STT\tChỉ tiêu\tĐơn vị tính\tKết quả\tCơ quan chủ trì",
        "1\tTỷ lệ phủ sóng 5G\t%\t≥ 50\tSở KH&CN", "2\tSố doanh nghiệp số\tDoanh nghiệp\t≥ 10\tSở KH&CN",
        "Đến năm 2030", "STT\tChỉ tiêu\tĐơn vị tính\tKết quả\tCơ quan chủ trì",
        "1\tTỷ lệ phủ sóng 6G\t%\t≥ 20\tSở KH&CN", "2\tSố  doanh nghiệp SỐ\tDoanh nghiệp\t≥ 30\tSở KH&CN", ""])
    e = extract_plan(_plan(tmp_path, text), {})
    assert e.evidence["reader"] == "tab_rows"
    names = {i["indicator_id"]: i["indicator_name"] for i in e.indicators}
    assert len(names) == 3  # 5G, 6G, and one business indicator across both blocks
    by = {(names[t["indicator_id"]], t["year"]): t["value"] for t in e.targets}
    assert by == {("Tỷ lệ phủ sóng 5G", 2025): 50, ("Tỷ lệ phủ sóng 6G", 2030): 20,
                  ("Số doanh nghiệp số", 2025): 10, ("Số doanh nghiệp số", 2030): 30}
    assert all(t["indicator_name"] == names[t["indicator_id"]] for t in e.targets)


def test_a_cell_holding_a_line_break_does_not_break_its_row(tmp_path: Path) -> None:
    """A word processor writes a cell's line break as a new line: the row goes on after it (as 002's agency cells)."""
    text = "\n".join([
        "STT\tChỉ tiêu\tĐơn vị tính\tNăm 2025\tCơ quan chủ trì",
        "I\tHẠ TẦNG SỐ",
        "1\tTỷ lệ phủ sóng", "5G trên địa bàn\t%\t≥ 50\tSở Khoa học", "và Công nghệ",
        "2\tSố doanh nghiệp số\tDoanh nghiệp\t≥ 10\tSở Tài chính", ""])
    e = extract_plan(_plan(tmp_path, text), {})
    got = [(t["section_code"], t["row_ref"], t["indicator_name"], t["value"], t["responsible_agency"], t["line_start"],
            t["line_end"]) for t in e.targets]
    assert got == [("I", "1", "Tỷ lệ phủ sóng 5G trên địa bàn", 50.0, "Sở Khoa học và Công nghệ", 3, 5),
                   ("I", "2", "Số doanh nghiệp số", 10.0, "Sở Tài chính", 6, 6)]


def test_a_value_with_no_printed_year_is_never_given_one(tmp_path: Path) -> None:
    """No year column, block, caption or plan year: quarantined, plan status review, not a default year."""
    text = ARTICLE.replace("**Đến năm 2030**", "")
    e = extract_plan(_plan(tmp_path, text), {})
    assert e.plan["status"] == "review" and not e.targets
    assert {p.reason.split(":")[0] for p in e.problems} == {"no year"}


def test_caption_year_and_plan_year_but_never_a_date() -> None:
    def cells(*texts: str) -> list[Cell]:
        return [Cell(t, n, n) for n, t in enumerate(texts, 1)]
    assert caption_year(cells("PHỤ LỤC", "CÁC CHỈ TIÊU ĐẾN NĂM 2030")).year == 2030
    got = caption_year(cells("các mục tiêu của Kế hoạch thực hiện Nghị quyết 57-NQ/TW năm 2026",
                             "(Kèm theo Kế hoạch số 29-KH/TU, ngày 31/3/2026)"))
    assert (got.year, got.source) == (2026, "plan_year")
    assert caption_year(cells("(Kèm theo Kế hoạch số 12/KH-UBND ngày 20 tháng 9 năm 2025)")) is None
    assert caption_year(cells("thực hiện Nghị quyết 57-NQ/TW năm 2024", "ngày 31/3/2026")) is None


@pytest.mark.parametrize(("header", "why"), [
    (["STT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành"], "task list"),
    (["STT", "Nội dung", "Cơ quan chủ trì", "Kết quả dự kiến", "Thời gian"], "task list"),
    (["STT", "Chỉ tiêu", "Mức phấn đấu", "Đơn vị chủ trì theo dõi", "Thời hạn"], ""),  # targets with a deadline
    (["TT", "Nội dung", "Dự toán 2026 (triệu đồng)"], "budget"),
    (["STT", "Chỉ tiêu", "Đơn vị", "Năm trước", "Năm báo cáo"], "statistics"),
    (["Mã số", "Tên chỉ tiêu", "Bộ chủ trì"], "no row-number"),
    (["STT", "Chỉ tiêu", "Mã số", "Bộ chủ trì"], "without targets"),
])
def test_tables_that_are_not_indicator_tables_are_named(header: list[str], why: str) -> None:
    verdict = H.not_indicator_table(H.classify(header), header)
    assert why in verdict if why else verdict is None


def test_header_roles_by_meaning() -> None:
    roles = [(c.role, c.year) for c in H.classify(
        ["TT", "Chỉ tiêu", "Đơn vị", "Chỉ tiêu đến năm 2030", "Giai đoạn 2026-2030", "Cơ quan theo dõi, đánh giá"])]
    assert roles == [(H.STT, None), (H.NAME, None), (H.UNIT, None), (H.YEAR, 2030), (H.PERIOD, 2030), (H.MONITOR, None)]
    assert [c.role for c in H.classify(["STT", "Chỉ tiêu", "Mục tiêu"])][2] == H.RESULT


def test_targets_printed_in_the_names(tmp_path: Path) -> None:
    """No value column: the target is read from the indicator's text, flagged `value_from_name`."""
    text = "\n".join(["PHỤ LỤC: CÁC CHỈ TIÊU ĐẾN NĂM 2030", "",
                      "STT\tChỉ tiêu\tCơ quan chủ trì",
                      "1\tKinh tế số chiếm 45% GRDP tỉnh.\tSở Tài chính",
                      "2\tTỷ lệ người dân có tài khoản thanh toán đạt tối thiểu 80%\tNgân hàng",
                      "3\tHoàn thiện hạ tầng số đồng bộ\tSở KH&CN", ""])
    e = extract_plan(_plan(tmp_path, text), {})
    got = {(t["row_ref"], t["year"], t["comparator"], t["value"], t["unit"]) for t in e.targets}
    assert got == {("1", 2030, "=", 45.0, "percent_of_grdp"), ("2", 2030, ">=", 80.0, "percent")}
    assert all("value_from_name" in t["flags"] for t in e.targets)
    assert value_in_text("tốc độ trên 01 Gb/s phủ sóng 5G", indicator_name="x") is None


def test_compound_cell_only_where_two_targets_share_a_cell() -> None:
    one = parse_cell("≤ 3 Đông Nam Á", unit_raw="Thứ bậc", indicator_name="x", has_unit_column=True)
    assert one.flags == () and one.value_text == "Đông Nam Á"


def test_readers_refuse_text_without_their_rows() -> None:
    prose = ["Mục tiêu | đến năm 2030", "đạt 50%", "", "Kết luận"]
    assert pipe_table.read_tables(prose + ["| a | b |", "|---|---|", "| 1 | 2 |"], "x.md")  # a real pipe table
    with pytest.raises(Exception):
        tab_rows.read_tables(prose, "x.txt")


def test_extraction_cache_key_covers_what_extraction_imports() -> None:
    """An edit to the year bounds re-extracts; an edit to the site does not."""
    names = {p.relative_to(PROJECT_ROOT).as_posix() for p in extraction_modules()}
    assert {"pipeline/metadata/columns.py", "pipeline/extract/targets.py",
            "pipeline/extract/readers/delimited.py"} <= names
    assert not any("site" in n or "lineage" in n for n in names)


def test_a_result_in_words_is_a_status_target_and_a_body_is_not() -> None:
    """A real national appendix's "Tiên tiến, hiện đại, … ngang tầm các nước tiên tiến" is a status target;
    a body's name in a value cell ("Sở …") stays an error, never a made-up status."""
    words = parse_cell("Tiên tiến, hiện đại, băng thông siêu rộng", unit_raw=None, indicator_name="Hạ tầng số",
                       has_unit_column=True)
    assert (words.unit, words.value_text) == ("status", "Tiên tiến, hiện đại, băng thông siêu rộng")
    with pytest.raises(ValueGrammarError):
        parse_cell("Sở Khoa học và Công nghệ", unit_raw=None, indicator_name="x", has_unit_column=True)


def test_a_numbered_group_row_holds_only_its_own_rows(tmp_path: Path) -> None:
    """"11" over "11.1 … 11.2" is a group; "12" after it is back in the enclosing block, not in section 11."""
    text = "\n".join([
        "| TT | Chỉ tiêu | Đơn vị | Kết quả | Cơ quan chủ trì |", "|---|---|---|---|---|",
        "| **I** | **Đến năm 2030** | | | |",
        "| 11 | Chỉ tiêu về dịch vụ công | | | |",
        "| 11.1 | Tỉ lệ dịch vụ công trực tuyến | % | ≥ 80 | Bộ A |",
        "| 11.2 | Tỉ lệ hồ sơ số hóa | % | 100 | Bộ A |",
        "| 12 | Tỉ lệ giao dịch không dùng tiền mặt | % | ≥ 80 | Ngân hàng |", ""])
    e = extract_plan(_plan(tmp_path, text), {})
    got = [(t["row_ref"], t["section_code"], t["year"]) for t in e.targets]
    assert got == [("11.1", "11", 2030), ("11.2", "11", 2030), ("12", "I", 2030)]
