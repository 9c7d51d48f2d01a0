"""Header detection: what each column of a grid means, from its header text alone.

Every reader emits a flattened header row; this module maps each header text
to a role (STT, indicator, unit, a year, a period, a single result column,
responsible body, monitoring body, note). It is shared by all readers, so a
table is read the same way whatever converter produced it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.ingest.text_io import collapse

STT = "stt"
NAME = "name"
UNIT = "unit"
YEAR = "year"
PERIOD = "period"
RESULT = "result"
AGENCY = "agency"
MONITOR = "monitor"
NOTE = "note"
DEADLINE = "deadline"
PRODUCT = "product"
OTHER = "other"

_YEAR = r"(?:19|20)\d\d"
_PERIOD_RE = re.compile(rf"({_YEAR})\s*[-–—]\s*({_YEAR})")
_YEAR_RE = re.compile(rf"(?<!\d)({_YEAR})(?!\d)")
# Header words of budget and funding tables: numbers per year, but money, not targets.
_BUDGET = re.compile(r"dự toán|kinh phí|nguồn vốn|quyết toán|triệu đồng|tỷ đồng|nghìn đồng", re.IGNORECASE)
# Columns of achieved or estimated results, comparisons: numbers per year that are not targets.
_ACTUAL = re.compile(r"thực hiện|\bước\b|\bưth\b|\buth\b|thực tế|so sánh|đánh giá|tăng/giảm|năm trước|"
                     r"năm báo cáo|kỳ báo cáo|cùng kỳ|kỳ trước", re.IGNORECASE)
# Columns of a task list: when a task is due, or what it delivers.
_DEADLINE = re.compile(r"thời gian|thời hạn|tiến độ", re.IGNORECASE)
# What a task delivers ("Sản phẩm", "Kết quả dự kiến", "Kết quả đầu ra"): a task list's column, not a target.
_PRODUCT = re.compile(r"sản phẩm|dự kiến|đầu ra", re.IGNORECASE)
# The name column of a task list names tasks, schemes or activities, not indicators.
_TASK_NAME = re.compile(r"nhiệm vụ|đề án|dự án|hoạt động|giải pháp|công việc", re.IGNORECASE)
YEAR_GROUP = rf"({_YEAR})"
# A block heading: "Đến năm 2030", "Giai đoạn 2025-2027", "Mục tiêu đến hết năm 2026", "Năm 2026".
_BLOCK = re.compile(rf"^(?:(?:các\s+)?(?:chỉ tiêu|mục tiêu)\s+)?(?:đến\s+(?:hết\s+)?|trong\s+|từ\s+nay\s+đến\s+)?"
                    rf"(?:năm|giai đoạn)\s+{YEAR_GROUP}(?:\s*[-–—]\s*{YEAR_GROUP})?\s*[:.]?$", re.IGNORECASE)
# The same words inside a longer title or caption: "… CÁC CHỈ TIÊU … ĐẾN NĂM 2030", "Phát triển … giai đoạn 2026-2030".
TARGET_YEAR = re.compile(rf"(?:đến\s+(?:hết\s+)?năm|giai\s+đoạn)\s+{YEAR_GROUP}(?:\s*[-–—]\s*{YEAR_GROUP})?", re.IGNORECASE)
_STT_RE = re.compile(r"^(?:s[ốo]\s*)?t\.?t\.?$|^stt$", re.IGNORECASE)


@dataclass(frozen=True)
class Column:
    """One column's meaning; `year` is set for year, period (its last year) columns."""

    index: int
    role: str
    year: int | None = None


def column_role(text: str) -> tuple[str, int | None]:
    """Role and year of one header text (checked most specific first)."""
    t = collapse(text).casefold()
    if not t:
        return OTHER, None
    if _STT_RE.match(t):
        return STT, None
    if "ghi chú" in t:
        return NOTE, None
    if "chủ trì" in t:
        return AGENCY, None
    if "theo dõi" in t or "giám sát" in t:
        return MONITOR, None
    if "phối hợp" in t:
        return OTHER, None
    if _DEADLINE.search(t):
        return DEADLINE, None
    if _PRODUCT.search(t):
        return PRODUCT, None
    if t.startswith("đơn vị") or t in {"đvt", "đơn vị tính"}:
        return UNIT, None
    if _ACTUAL.search(t):
        return OTHER, None
    years = _YEAR_RE.findall(_PERIOD_RE.sub(" ", t))
    if len(years) == 1:  # "Giai đoạn 2026 - 2030 Năm 2027" is the year 2027
        return YEAR, int(years[0])
    period = _PERIOD_RE.search(t)
    if period:
        return PERIOD, int(period.group(2))
    if any(k in t for k in ("kết quả", "mức chỉ tiêu", "chỉ tiêu năm", "giá trị", "mục tiêu", "phấn đấu")):
        return RESULT, None
    if any(k in t for k in ("chỉ tiêu", "nội dung", "tên", "nhiệm vụ")):  # a task name: named, then set aside
        return NAME, None
    return OTHER, None


def names_stt(text: str) -> bool:
    """Whether a header text names the row-number column ("STT", "TT", "Số TT")."""
    return bool(_STT_RE.match(collapse(text).casefold()))


def classify(header_texts: list[str]) -> list[Column]:
    """Roles for a whole header row; the first name-like column is the indicator."""
    columns = []
    seen_name = False
    for i, text in enumerate(header_texts):
        role, year = column_role(text)
        if role == NAME:
            if seen_name:
                role = OTHER
            seen_name = True
        columns.append(Column(i, role, year))
    return columns


def value_columns(columns: list[Column]) -> list[Column]:
    """Columns that hold targets: years and periods, else the single result column."""
    dated = [c for c in columns if c.role in (YEAR, PERIOD)]
    return dated or [c for c in columns if c.role == RESULT][:1]


#: Roles a table may have besides STT and the indicator and still print its targets inside the names.
_NAME_ONLY_ROLES = frozenset({STT, NAME, UNIT, AGENCY, MONITOR, NOTE})


def names_only(columns: list[Column]) -> bool:
    """No value column at all, only STT, indicator and body columns: the targets are printed in the names."""
    return {c.role for c in columns} <= _NAME_ONLY_ROLES and not value_columns(columns)


def not_indicator_table(columns: list[Column], header_texts: list[str]) -> str | None:
    """Why a table is not one to read for targets (said to the officer); None for an indicator table.

    Task lists (a name column of tasks, a column of what a task delivers, or
    a deadline with no target column), budgets (money per year) and
    statistics (results achieved: "Năm trước / Năm báo cáo", "Thực hiện 2024")
    look like indicator tables to a careless reader; the contract reads none.
    A table with no value column may still print its targets in the names
    (`names_only`): the caller decides once it has read them.
    """
    if any(names_budget(t) for t in header_texts):
        return "a budget table (money per year, not targets)"
    roles = {c.role for c in columns}
    name = first(columns, NAME)
    tasks = name is not None and _TASK_NAME.search(header_texts[name.index])
    if tasks or PRODUCT in roles or (DEADLINE in roles and not value_columns(columns)):
        return "a task list (tasks, lead body, deadline or product), not indicator targets"
    if STT not in roles or NAME not in roles:
        return "no row-number (STT) and indicator columns"
    if value_columns(columns) or names_only(columns):
        return None
    if any(_ACTUAL.search(t) for t in header_texts):
        return "statistics (results achieved or estimated, not targets)"
    return "no target column (an indicator list without targets)"


def is_indicator_table(columns: list[Column], header_texts: list[str]) -> bool:
    """An indicator table names indicators and has target columns (or targets inside its names)."""
    return not_indicator_table(columns, header_texts) is None


def names_budget(header_text: str) -> bool:
    """Whether header text belongs to a budget or funding table (never read as indicators)."""
    return _BUDGET.search(header_text) is not None


def first(columns: list[Column], role: str) -> Column | None:
    return next((c for c in columns if c.role == role), None)


def block_of(text: str) -> tuple[int, bool] | None:
    """(year, is a period) of a block heading or a section title that names a target year; None otherwise."""
    clean = text.strip().strip("*").strip()
    m = _BLOCK.match(clean) or (TARGET_YEAR.search(clean) if len(clean.split()) <= 12 else None)
    if m is None:
        return None
    return int(m.group(2) or m.group(1)), m.group(2) is not None
