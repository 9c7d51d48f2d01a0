"""Tests of the value grammar against the data contract and the gold answers.

One parametrized case per rule of ../shared/spec/targets.md ("Normalization
rules", "Special values", "Years"), every gold row under fixtures/gold/
(copies of ../shared/gold, so the suite runs without /work/shared), and a
property test that no text makes the parser fail in an untyped way.
"""
from __future__ import annotations

import csv
import math
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extract.values import (
    NO_TARGET,
    STATUS_WORDS,
    UNIT_INFERRED,
    ParsedValue,
    ValueGrammarError,
    is_no_target,
    parse_number,
    parse_target,
)
from pipeline.metadata import units
from tests.paths import FIXTURES

GOLD_DIR = FIXTURES / "gold"
GOLD_FIELDS = ("comparator", "value", "value_max", "value_text", "unit")
MIN_AGREEMENT = 0.99


def parse(raw: str, unit_raw: str | None = None, name: str = "", has_unit_column: bool | None = None) -> ParsedValue:
    """parse_target with the row context most cases do not care about."""
    result = parse_target(
        raw,
        unit_raw=unit_raw,
        indicator_name=name,
        has_unit_column=bool(unit_raw) if has_unit_column is None else has_unit_column,
    )
    assert result is not None
    return result


def fields(p: ParsedValue) -> tuple:
    return (p.comparator, p.value, p.value_max, p.value_text, p.unit)


# --- Numbers ---------------------------------------------------------------

@pytest.mark.parametrize(
    "token, expected",
    [
        ("1,5", 1.5),            # decimal comma
        ("1.000", 1000.0),       # thousands dot
        ("1.500", 1500.0),
        ("2.000.000", 2000000.0),
        ("1.000,5", 1000.5),     # both
        ("0.73", 0.73),          # dot before other than three digits: decimal
        ("1.0", 1.0),
        ("0.500", 0.5),          # dot after a leading 0: decimal
        ("07", 7.0),             # leading zeros drop
        ("01", 1.0),
        ("100", 100.0),
    ],
)
def test_parse_number(token: str, expected: float) -> None:
    assert parse_number(token) == expected


@pytest.mark.parametrize("token", ["1,,5", "1,5,5", "1.2.3", "1.000.5", "1.5,000.0", "1000.000", "", "abc", "½", "٣"])
def test_parse_number_rejects(token: str) -> None:
    with pytest.raises(ValueGrammarError):
        parse_number(token)


# --- Comparators -----------------------------------------------------------

@pytest.mark.parametrize(
    "raw, comparator, value",
    [
        ("≥ 10", ">=", 10.0),
        ("≥10", ">=", 10.0),             # spacing optional
        (">= 10", ">=", 10.0),
        ("> = 10", ">=", 10.0),
        ("⩾ 10", ">=", 10.0),
        ("tối thiểu 10", ">=", 10.0),
        ("ít nhất 10", ">=", 10.0),
        ("Tối thiểu 10", ">=", 10.0),    # case-insensitive words
        ("đạt tối thiểu 10", ">=", 10.0),
        ("10 trở lên", ">=", 10.0),
        ("> 10", ">", 10.0),
        ("trên 10", ">", 10.0),
        ("ở mức trên 10", ">", 10.0),
        ("≤ 10", "<=", 10.0),
        ("<= 10", "<=", 10.0),
        ("tối đa 10", "<=", 10.0),
        ("< 10", "<", 10.0),
        ("dưới 10", "<", 10.0),
        ("10", "=", 10.0),               # no comparator
        ("= 10", "=", 10.0),
    ],
)
def test_comparators(raw: str, comparator: str, value: float) -> None:
    p = parse(raw, "Người")
    assert (p.comparator, p.value, p.value_max) == (comparator, value, None)


@pytest.mark.parametrize(
    "raw, low, high",
    [
        ("2-3%", 2.0, 3.0),
        ("80-90", 80.0, 90.0),
        ("01 - 03", 1.0, 3.0),
        ("50 - 60", 50.0, 60.0),
        ("3-5", 3.0, 5.0),
        ("50 – 60", 50.0, 60.0),   # en dash
        ("50—60", 50.0, 60.0),     # em dash
        ("từ 40 - 50", 40.0, 50.0),
        ("từ 40 đến 50", 40.0, 50.0),
        ("2%-3%", 2.0, 3.0),
        ("1,5 - 2,5", 1.5, 2.5),
    ],
)
def test_ranges(raw: str, low: float, high: float) -> None:
    p = parse(raw, "Dự án")
    assert (p.comparator, p.value, p.value_max) == ("between", low, high)


# --- Units, first rule that applies ----------------------------------------

@pytest.mark.parametrize(
    "raw, unit_raw, name, expected",
    [
        # 1. a status target, whatever the unit column says
        ("Có", "Có/Không", "Trung tâm an ninh mạng", ("=", None, None, "Có", "status")),
        ("Duy trì/nâng cấp", None, "Xây dựng Trung tâm", ("=", None, None, "Duy trì/nâng cấp", "status")),
        ("Đạt mức khá", "Thứ bậc", "Tiềm lực", ("=", None, None, "Đạt mức khá", "status")),
        ("Hoạt động ổn định", "Duy trì", "Đảm bảo hoạt động", ("=", None, None, "Hoạt động ổn định", "status")),
        ("Ứng dụng  mạnh\nmẽ", "Công nghệ", "Ứng dụng AI", ("=", None, None, "Ứng dụng mạnh mẽ", "status")),
        ("Bảo đảm", "Bảo đảm/Không bảo đảm", "Bảo đảm chi", ("=", None, None, "Bảo đảm", "status")),
        ("Không bảo đảm", "Bảo đảm/Không bảo đảm", "Bảo đảm chi", ("=", None, None, "Không bảo đảm", "status")),
        ("Chưa", "Đã/Chưa", "x", ("=", None, None, "Chưa", "status")),  # an alternative its unit column offers
        # 2. "% GRDP" / "% GDP" in the cell or the unit column
        ("15% GRDP", None, "Quy mô kinh tế số", ("=", 15.0, None, None, "percent_of_grdp")),
        ("≥ 2,2", "% GRDP", "Tỷ lệ chi", (">=", 2.2, None, None, "percent_of_grdp")),
        ("30% GDP", None, "Kinh tế số", ("=", 30.0, None, None, "percent_of_gdp")),
        ("2%", "% GRDP", "Tỷ lệ chi", ("=", 2.0, None, None, "percent_of_grdp")),
        # 3. "%" in the cell or unit column; plain "%" stays percent under a GRDP name
        ("≥ 60%", None, "Tỷ lệ người dùng", (">=", 60.0, None, None, "percent")),
        ("≥ 70", "%", "Tỷ lệ phủ sóng", (">=", 70.0, None, None, "percent")),
        ("50", "% dân số", "x", ("=", 50.0, None, None, "percent")),
        ("5", "%/năm", "x", ("=", 5.0, None, None, "percent")),
        ("1,5", "% tổng chi ngân sách", "x", ("=", 1.5, None, None, "percent")),
        ("≥ 18", "%", "Tỷ trọng kinh tế số trong GRDP", (">=", 18.0, None, None, "percent")),
        ("2-3%", None, "Tỷ lệ chi tối thiểu … trong GRDP", ("between", 2.0, 3.0, None, "percent")),
        ("≥ 40%", None, "Số lượng kết quả được ứng dụng", (">=", 40.0, None, None, "percent")),
        ("5%/năm", None, "x", ("=", 5.0, None, None, "percent")),
        ("80% dân số", None, "x", ("=", 80.0, None, None, "percent")),
        # 4. a rank
        ("≤ 15", "Thứ bậc", "Chỉ số đổi mới sáng tạo (PII)", ("<=", 15.0, None, None, "rank")),
        ("≤10", "Thứ bậc", "Chỉ số đổi mới sáng tạo (PII)", ("<=", 10.0, None, None, "rank")),
        ("20/34", None, "Xếp hạng PII", ("<=", 20.0, None, None, "rank")),
        ("17 / 34", None, "Xếp hạng PII", ("<=", 17.0, None, None, "rank")),
        ("Nhóm 15 tỉnh đứng đầu", None, "Xếp hạng PII", ("<=", 15.0, None, "Nhóm 15 tỉnh đứng đầu", "rank")),
        ("Nhóm 10 tỉnh\ndẫn đầu", None, "Xếp hạng PII", ("<=", 10.0, None, "Nhóm 10 tỉnh dẫn đầu", "rank")),
        ("15", "x/34", "PII", ("=", 15.0, None, None, "rank")),
        # 5. unit column "Ngày"
        ("90", "Ngày", "Thời gian phê duyệt", ("=", 90.0, None, None, "days")),
        # 6. unit column "Điểm", "Chỉ số", "Điểm (khung 1,0)", or naming an index
        ("≥ 0,73", "Điểm", "Chỉ số chuyển đổi số", (">=", 0.73, None, None, "score")),
        ("≥ 0.65", "Chỉ số", "Chỉ số chuyển đổi số", (">=", 0.65, None, None, "score")),
        ("1,0", "Điểm (khung 1,0)", "Chỉ số chuyển đổi số", ("=", 1.0, None, None, "score")),
        ("> 0,7", "Chỉ số phát triển con người (HDI)", "duy trì HDI", (">", 0.7, None, None, "score")),
        # 7. a plain number under a unit column: count
        ("≥ 200", "Doanh nghiệp", "Số doanh nghiệp", (">=", 200.0, None, None, "count")),
        ("≥ 12", "Người", "Số người", (">=", 12.0, None, None, "count")),
        ("≥ 6", "Bài báo", "Số bài báo", (">=", 6.0, None, None, "count")),
        ("800", "Sáng kiến", "Số sáng kiến", ("=", 800.0, None, None, "count")),
        ("≥ 30", "Nhiệm vụ", "Số nhiệm vụ", (">=", 30.0, None, None, "count")),
        ("≥ 5", "Đơn", "Số đơn", (">=", 5.0, None, None, "count")),
        ("3-5", "Vấn đề lớn", "Lựa chọn vấn đề", ("between", 3.0, 5.0, None, "count")),
    ],
)
def test_unit_rules(raw: str, unit_raw: str | None, name: str, expected: tuple) -> None:
    p = parse(raw, unit_raw, name, has_unit_column=unit_raw is not None)
    assert fields(p) == expected
    assert UNIT_INFERRED not in p.flags  # every unit above was printed


@pytest.mark.parametrize(
    "raw, name, unit",
    [
        ("≥ 0.73", "Chỉ số chuyển đổi số cấp tỉnh", "score"),             # "Chỉ số …"
        ("1,0", "Chỉ số chuyển đổi số cấp tỉnh", "score"),
        ("≥07", "Số người thực hiện công tác nghiên cứu", "count"),          # "Số …"
        ("≥ 1.500", "Số lượng cán bộ nghiên cứu", "count"),                  # "Số lượng …"
        ("01 - 03", "Số lượng trung tâm nghiên cứu", "count"),
        ("≥ 0,7", "Tỷ lệ đóng góp vào chỉ số phát triển con người (HDI)", "score"),  # an index value
        ("0,8", "Đóng góp vào HDI của tỉnh", "score"),
        ("≥ 70", "Tỷ lệ hồ sơ xử lý trực tuyến", "percent"),                 # a ratio printed without %
        ("12", "Tỉ lệ giao dịch không dùng tiền mặt", "percent"),
        ("≥ 8", "Tỷ trọng kinh tế số", "percent"),
        ("≤ 15", "Xếp hạng chỉ số đổi mới sáng tạo (PII)", "rank"),
        ("5", "Quy mô mô hình thí điểm", "count"),                           # nothing tells: count
    ],
)
def test_unit_inferred_from_name(raw: str, name: str, unit: str) -> None:
    p = parse(raw, None, name, has_unit_column=False)
    assert p.unit == unit
    assert p.flags == (UNIT_INFERRED,)


def test_blank_unit_cell_in_a_plan_with_a_unit_column_is_inferred_too() -> None:
    p = parse("≥ 5", "", "Số doanh nghiệp", has_unit_column=True)
    assert (p.unit, p.flags) == ("count", (UNIT_INFERRED,))


def test_status_under_blank_unit_cell() -> None:
    assert fields(parse("Đáp ứng", "", "Bố trí cán bộ", has_unit_column=True)) == ("=", None, None, "Đáp ứng", "status")


def test_unit_raw_without_a_unit_column_is_a_caller_error() -> None:
    with pytest.raises(ValueError) as info:
        parse_target("5", unit_raw="Người", indicator_name="x", has_unit_column=False)
    assert not isinstance(info.value, ValueGrammarError)


# --- Special values --------------------------------------------------------

@pytest.mark.parametrize("raw", ["-", "–", "—", "", "   ", " - ", "\n", "－"])
def test_no_target(raw: str) -> None:
    assert parse_target(raw, unit_raw=None, indicator_name="x", has_unit_column=False) is None
    assert is_no_target(raw)


def test_no_target_set() -> None:
    assert NO_TARGET == frozenset({"-", "–", "—", ""})


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("6G (50%)", ("=", 50.0, None, "6G", "percent")),
        ("6G (100%)", ("=", 100.0, None, "6G", "percent")),
        ("100% trung tâm xã được phủ sóng 5G", ("=", 100.0, None, "trung tâm xã được phủ sóng 5G", "percent")),
        ("100% trung tâm xã\nđược phủ sóng 5G", ("=", 100.0, None, "trung tâm xã được phủ sóng 5G", "percent")),
        ("15% GRDP", ("=", 15.0, None, None, "percent_of_grdp")),
        ("50% (6G)", ("=", 50.0, None, "6G", "percent")),
        ("20/34 (PII)", ("<=", 20.0, None, "PII", "rank")),
    ],
)
def test_number_with_words(raw: str, expected: tuple) -> None:
    assert fields(parse(raw, None, "Tỷ lệ phủ sóng", has_unit_column=False)) == expected


def test_qualifier_naming_an_index_gives_score() -> None:
    p = parse("≥ 0,7 (HDI)", None, "Tỷ lệ đóng góp của tỉnh", has_unit_column=False)
    assert fields(p) == (">=", 0.7, None, "HDI", "score")
    assert p.flags == (UNIT_INFERRED,)


def test_number_in_the_name_is_not_the_target() -> None:
    name = "Bảo đảm chi ngân sách hằng năm cho khoa học ≥ 1,5% tổng chi ngân sách"
    p = parse("Bảo đảm", "Bảo đảm/Không bảo đảm", name)
    assert fields(p) == ("=", None, None, "Bảo đảm", "status")


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("đạt tối thiểu 30% GDP", (">=", 30.0, None, None, "percent_of_gdp")),
        ("ở mức trên 55%", (">", 55.0, None, None, "percent")),
        # the noun after a bare number says what is counted: it is the unit, not value_text
        ("có từ 40 - 50 tổ chức", ("between", 40.0, 50.0, None, "count")),
        ("đạt 100%", ("=", 100.0, None, None, "percent")),
    ],
)
def test_national_prose_units(raw: str, expected: tuple) -> None:
    p = parse(raw, None, "Mục tiêu đến năm 2030", has_unit_column=False)
    assert fields(p) == expected
    assert p.flags == ()  # the unit was printed in the cell


def test_words_after_a_bare_number_qualify_a_non_count_unit() -> None:
    assert parse("100 trung tâm xã", "%", "Tỷ lệ").value_text == "trung tâm xã"


@pytest.mark.parametrize("word", ["Có", "Không", "Duy trì", "Đạt", "Ứng dụng", "Bảo đảm", "Đảm bảo", "Kết nối",
                                  "Đáp ứng", "Làm chủ", "Hoạt động", "Hoàn thành", "Nâng cấp", "Triển khai",
                                  "Xây dựng", "Thực hiện", "Vận hành"])
def test_status_words(word: str) -> None:
    assert word in STATUS_WORDS
    assert fields(parse(word, None, "x", has_unit_column=False)) == ("=", None, None, word, "status")
    assert parse(word.lower(), None, "x", has_unit_column=False).unit == "status"


def test_status_words_match_whole_words() -> None:
    with pytest.raises(ValueGrammarError):
        parse("Công an tỉnh", None, "x", has_unit_column=False)


@pytest.mark.parametrize(
    "raw, value_text",
    [("Có Trung tâm", "Có Trung tâm"), ("Duy trì   mức khá\ntrở lên", "Duy trì mức khá trở lên"), ("Đạt 5G", "Đạt 5G")],
)
def test_status_value_text_is_printed_words_collapsed(raw: str, value_text: str) -> None:
    assert parse(raw, None, "x", has_unit_column=False).value_text == value_text


# --- Normalization of the input --------------------------------------------

def test_decomposed_input_is_read_as_nfc() -> None:
    raw = unicodedata.normalize("NFD", "Đạt mức khá")
    assert raw != "Đạt mức khá"
    assert parse(raw, None, "x", has_unit_column=False).value_text == "Đạt mức khá"


def test_decomposed_name_still_infers() -> None:
    name = unicodedata.normalize("NFD", "Số lượng doanh nghiệp")
    assert parse("≥ 5", None, name, has_unit_column=False).unit == "count"


@pytest.mark.parametrize("raw", ["≥ ５０％", "＞＝ 50%", "≥\u00a050%", "  ≥   50 %  "])
def test_full_width_and_spacing(raw: str) -> None:
    assert fields(parse(raw, None, "x", has_unit_column=False)) == (">=", 50.0, None, None, "percent")


# --- Errors ----------------------------------------------------------------

@pytest.mark.parametrize(
    "raw",
    [
        "1,,5", "≥≥ 3", "12%%", "Sở Khoa học và Công nghệ", "Tỷ lệ phủ sóng 5G", "6G", "1.2.3",
        "3-2",            # range bounds reversed
        "≥ 2-3",          # a range with a comparator
        "40/34",          # rank beyond the total
        "từ 40",          # "from" with no end
        "15 GRDP",        # GRDP without %
        "≥",              # comparator without a number
        "Duy trì ≥",      # a maintained floor with no number
        "≤ 10 trở lên",
    ],
)
def test_grammar_errors(raw: str) -> None:
    with pytest.raises(ValueGrammarError) as info:
        parse_target(raw, unit_raw=None, indicator_name="x", has_unit_column=False)
    assert info.value.raw == raw.strip()
    assert info.value.reason


def test_parsed_value_invariants() -> None:
    with pytest.raises(ValueError):
        ParsedValue(">=", 1.0, 2.0, None, "count")      # value_max without between
    with pytest.raises(ValueError):
        ParsedValue("=", None, None, "Có", "count")     # no number but not status
    with pytest.raises(ValueError):
        ParsedValue("~", 1.0, None, None, "count")
    with pytest.raises(ValueError):
        ParsedValue("=", 1.0, None, None, "metres")


# --- Gold answers ----------------------------------------------------------

def _gold_files() -> list[Path]:
    files = sorted(GOLD_DIR.glob("*.csv"))
    assert files, f"no gold fixtures in {GOLD_DIR}"
    return files


def _same(field: str, gold: str, got: object) -> bool:
    if field in ("value", "value_max"):
        if gold.strip() == "" or got is None:
            return gold.strip() == "" and got is None
        return math.isclose(float(gold), float(got), rel_tol=1e-9, abs_tol=1e-12)
    return (gold or None) == got


def _gold_agreement() -> tuple[dict[str, tuple[int, int]], list[str]]:
    """Per field (and the unit_inferred flag): (agreeing, compared) over every gold row, and the misses."""
    counts = {f: [0, 0] for f in (*GOLD_FIELDS, UNIT_INFERRED)}
    misses: list[str] = []
    for path in _gold_files():
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
        has_unit_column = any(r["unit_raw"].strip() for r in rows)  # 000 prints no unit column
        for i, row in enumerate(rows):
            lenient = {f.strip() for f in (row.get("lenient") or "").split(";") if f.strip()}
            try:
                parsed = parse_target(
                    row["raw_text"], unit_raw=row["unit_raw"] or None,
                    indicator_name=row["indicator_name"], has_unit_column=has_unit_column,
                )
            except ValueGrammarError as exc:
                parsed, error = None, exc
            for field in (*GOLD_FIELDS, UNIT_INFERRED):
                if field in lenient:
                    continue
                if parsed is None:
                    ok = False
                elif field == UNIT_INFERRED:
                    ok = (UNIT_INFERRED in row["flags"]) == (UNIT_INFERRED in parsed.flags)
                else:
                    ok = _same(field, row[field], getattr(parsed, field))
                counts[field][0] += ok
                counts[field][1] += 1
                if not ok:
                    got = error if parsed is None else (getattr(parsed, field, None) if field != UNIT_INFERRED else parsed.flags)
                    misses.append(f"{path.name} row {i} {row['raw_text']!r} {field}: gold {row.get(field, row['flags'])!r}, got {got!r}")
    return {f: (a, n) for f, (a, n) in counts.items()}, misses


def test_gold_agreement() -> None:
    counts, misses = _gold_agreement()
    assert sum(n for _, n in counts.values()) > 0
    low = {f: f"{a}/{n}" for f, (a, n) in counts.items() if a < MIN_AGREEMENT * n}
    assert not low, f"agreement below {MIN_AGREEMENT:.0%} on {low}; misses:\n" + "\n".join(misses[:50])


@pytest.mark.parametrize("path", sorted(GOLD_DIR.glob("*.csv")), ids=lambda p: p.name)
def test_every_gold_cell_parses(path: Path) -> None:
    """No gold row may be lost to a grammar error, even within the 1% tolerance."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    has_unit_column = any(r["unit_raw"].strip() for r in rows)
    for row in rows:
        assert parse_target(
            row["raw_text"], unit_raw=row["unit_raw"] or None,
            indicator_name=row["indicator_name"], has_unit_column=has_unit_column,
        ) is not None, row["raw_text"]


# --- Properties ------------------------------------------------------------

_CELL_ALPHABET = st.sampled_from(
    list("0123456789.,%-–—/() ≥≤<>=＞％\n\u00a0")
    + ["GRDP", "GDP", "trên", "dưới", "tối thiểu", "tối đa", "từ", "đến", "trở lên", "Có", "Duy trì", "Đạt",
       "mức", "khá", "Nhóm", "tỉnh", "đứng đầu", "6G", "xã", "ít nhất", "ở mức", "năm", "dân số"]
)
_CELLS = st.one_of(st.text(max_size=40), st.lists(_CELL_ALPHABET, max_size=12).map("".join))


@settings(max_examples=1500, deadline=None)
@given(raw=_CELLS, unit_raw=st.one_of(st.none(), st.sampled_from(["%", "% GRDP", "Thứ bậc", "Ngày", "Điểm", "Có/Không", "Người", ""]), st.text(max_size=10)), name=st.text(max_size=30))
def test_parse_target_only_raises_grammar_errors(raw: str, unit_raw: str | None, name: str) -> None:
    try:
        result = parse_target(raw, unit_raw=unit_raw, indicator_name=name, has_unit_column=True)
    except ValueGrammarError as exc:
        assert exc.raw is not None and exc.reason
        return
    if result is not None:
        assert result.unit in units.UNITS
        assert result.value is None or math.isfinite(result.value)
        assert result.value_max is None or result.value_max >= result.value


@settings(max_examples=500, deadline=None)
@given(st.integers(min_value=0, max_value=10**12))
def test_thousands_dots_round_trip(n: int) -> None:
    printed = f"{n:,}".replace(",", ".")
    assert parse_number(printed) == n


@settings(max_examples=500, deadline=None)
@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=999))
def test_decimal_comma_round_trip(whole: int, fraction: int) -> None:
    printed = f"{whole:,}".replace(",", ".") + f",{fraction}"
    assert parse_number(printed) == pytest.approx(float(f"{whole}.{fraction}"))


@pytest.mark.parametrize("raw, comparator, value, value_max, unit, value_text", [
    # The national resolution's prose (data/reference/resolution57_national_targets.csv).
    ("chiếm hơn 60%", ">", 60.0, None, "percent", None),
    ("Tối thiểu có 5 doanh nghiệp", ">=", 5.0, None, "count", None),
    ("tăng trung bình 10%/năm", "=", 10.0, None, "percent", "tăng trung bình"),
    ("tăng trung bình 16 - 18%/năm", "between", 16.0, 18.0, "percent", "tăng trung bình"),
    ("Duy trì ≥ 90%", ">=", 90.0, None, "percent", "Duy trì"),  # a maintained floor is a number
    ("Thu hút thêm ít nhất 3", ">=", 3.0, None, "count", "Thu hút thêm"),
    ("nhóm 3 nước dẫn đầu khu vực Đông Nam Á", "<=", 3.0, None, "rank", "nhóm 3 nước dẫn đầu khu vực Đông Nam Á"),
    ("thuộc nhóm 30 nước dẫn đầu thế giới", "<=", 30.0, None, "rank", "thuộc nhóm 30 nước dẫn đầu thế giới"),
])
def test_national_prose(raw: str, comparator: str, value: float, value_max: float | None, unit: str,
                        value_text: str | None) -> None:
    parsed = parse_target(raw, unit_raw=None, indicator_name="Số lượng", has_unit_column=False)
    assert (parsed.comparator, parsed.value, parsed.value_max, parsed.unit, parsed.value_text) == (
        comparator, value, value_max, unit, value_text)


def test_two_ranks_in_one_cell_are_not_guessed() -> None:
    with pytest.raises(ValueGrammarError):
        parse_target("nhóm 3 nước dẫn đầu Đông Nam Á, nhóm 50 nước đứng đầu thế giới", unit_raw=None,
                     indicator_name="Năng lực cạnh tranh số", has_unit_column=False)
