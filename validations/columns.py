"""The one registry of published tables and columns.

Every other description of the data is derived from this module: the Pandera
schemas (`validations.schemas`), the pandas dtypes and pyarrow fields with
their descriptions (`pipeline.publish`), Dagster's column schema metadata
(`assets`) and the README data dictionary (`validations.dictionary`). A column
is described once here, so docs and data cannot drift apart (PUDL's pattern).

This module depends only on pyarrow and the closed vocabularies the value
grammar defines (`pipeline.units.UNITS`, `pipeline.values.COMPARATORS`), so
`pipeline/` can import it without pulling in Pandera or Dagster.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pyarrow as pa

from pipeline.units import UNITS
from pipeline.values import COMPARATORS

Kind = Literal["str", "int", "float", "list_str"]

#: pandas dtype per kind: nullable extension types so a missing int stays NA, not 0.
PANDAS_DTYPES: dict[Kind, str] = {"str": "string", "int": "Int64", "float": "Float64", "list_str": "object"}

#: pyarrow type per kind.
ARROW_TYPES: dict[Kind, pa.DataType] = {
    "str": pa.string(),
    "int": pa.int64(),
    "float": pa.float64(),
    "list_str": pa.list_(pa.string()),
}


@dataclass(frozen=True)
class Flag:
    """A quality flag: a row carrying it needs a person to look."""

    name: str
    vi: str
    en: str


FLAGS: tuple[Flag, ...] = (
    Flag("year_uncertain", "Không chắc chắn năm của giá trị (ô bị thiếu); năm công bố là phỏng đoán tốt nhất.",
         "Cells were missing and the value's year could not be told for certain; the published year is the best guess."),
    Flag("year_from_period", "Năm lấy từ năm cuối của giai đoạn (\"Giai đoạn 2026-2030\" → 2030).",
         "The year is the last year of a period column or block (\"Giai đoạn 2026-2030\" → 2030)."),
    Flag("agency_from_merged_cell", "Cơ quan lấy từ một ô gộp trải qua nhiều dòng.",
         "The agency came from a merged cell spanning several rows and was given to each of them."),
    Flag("unit_inferred", "Đơn vị suy ra từ tên chỉ tiêu, không được in trong văn bản.",
         "The unit was inferred from the indicator's name; the plan prints no unit for it."),
    Flag("source_gap", "Số thứ tự bị nhảy (ví dụ 5.11 → 5.13): văn bản nguồn có thể bị mất dòng.",
         "The numbering jumps (e.g. 5.11 → 5.13) just before this row: the source may have lost rows."),
    Flag("duplicate_row_ref", "Cùng một số thứ tự được in hai lần trong một khối; cả hai dòng đều được công bố.",
         "The same row number is printed twice in one block; both rows are published with their own ids."),
    Flag("name_from_parent_row", "Dòng con không số (\"- Diện tích\"): tên ghép với tên dòng cha, số thứ tự là của dòng cha.",
         "An unnumbered sub-row (\"- Diện tích\"): its name is joined to its parent row's name and it takes the parent's row number."),
)
FLAG_NAMES: frozenset[str] = frozenset(f.name for f in FLAGS)


@dataclass(frozen=True)
class Column:
    """One published column: type, nullability, closed vocabulary or range, bilingual description."""

    name: str
    kind: Kind
    vi: str
    en: str
    nullable: bool = False
    key: bool = False
    allowed: tuple[str, ...] | None = None
    min_value: int | None = None
    max_value: int | None = None
    pattern: str | None = None

    @property
    def pandas_dtype(self) -> str:
        return PANDAS_DTYPES[self.kind]

    @property
    def arrow_field(self) -> pa.Field:
        """The pyarrow field, carrying the English and Vietnamese descriptions as field metadata."""
        return pa.field(self.name, ARROW_TYPES[self.kind], nullable=self.nullable,
                        metadata={"description": self.en, "description_vi": self.vi})


@dataclass(frozen=True)
class Table:
    """One published table: its columns in published order."""

    name: str
    vi: str
    en: str
    columns: tuple[Column, ...]

    @property
    def key(self) -> str:
        return next(c.name for c in self.columns if c.key)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def arrow_schema(self) -> pa.Schema:
        return pa.schema([c.arrow_field for c in self.columns], metadata={"description": self.en})


LEVELS = ("national", "province", "department", "party_committee", "ward")
STATUSES = ("ok", "unrecognized", "error")
YEAR_MIN, YEAR_MAX = 2020, 2050


def _s(name: str, vi: str, en: str, **kw: object) -> Column:
    return Column(name, "str", vi, en, **kw)  # type: ignore[arg-type]


def _i(name: str, vi: str, en: str, **kw: object) -> Column:
    return Column(name, "int", vi, en, **kw)  # type: ignore[arg-type]


# Columns shared by indicators and targets, described once.
_PLAN_ID = _s("plan_id", "Mã kế hoạch.", "Id of the plan (see table plans).")
_INDICATOR_ID = _s("indicator_id", "Mã chỉ tiêu: ổn định giữa các lần chạy, duy nhất trong bảng.",
                   "Id of the indicator: stable across runs, unique across plans.")
_SECTION_CODE = _s("section_code", "Số mục như in: \"I\", \"II\", \"1\".", "Section number as printed: \"I\", \"II\", \"1\".", nullable=True)
_SECTION_TITLE = _s("section_title", "Tên mục, đã gộp khoảng trắng.", "Section title, whitespace-collapsed.", nullable=True)
_ROW_REF = _s("row_ref", "Số thứ tự (STT) như in, không có dấu chấm cuối: \"1\", \"2.1\".",
              "Row number (STT) as printed, no trailing dot: \"1\", \"2.1\".")
_INDICATOR_NAME = _s("indicator_name", "Nội dung chỉ tiêu, các dòng nối bằng một dấu cách.",
                     "Indicator text, lines joined with one space, whitespace collapsed, trimmed.")
_UNIT_RAW = _s("unit_raw", "Đơn vị tính như in; rỗng khi kế hoạch không có cột đơn vị.",
               "Unit column as printed, whitespace-collapsed; null where the plan has no unit column.", nullable=True)
_RESPONSIBLE = _s("responsible_agency", "Cơ quan chủ trì như in.", "Body in charge (chủ trì) as printed.", nullable=True)
_MONITORING = _s("monitoring_agency", "Cơ quan theo dõi, đánh giá riêng (khi kế hoạch có cột riêng).",
                 "Separate monitoring body (theo dõi, đánh giá) where the plan has its own column for it.", nullable=True)
_SOURCE_FILE = _s("source_file", "Tên tệp văn bản gốc.", "File name of the raw plan.")
_LINE_START = _i("line_start", "Dòng đầu (đánh số từ 1) trong tệp gốc.", "First 1-based line in the raw file the row's text came from.")
_LINE_END = _i("line_end", "Dòng cuối (đánh số từ 1) trong tệp gốc.", "Last 1-based line in the raw file the row's text came from.")
_FLAGS = Column("flags", "list_str", "Cờ chất lượng (xem danh sách cờ); rỗng khi trích xuất chắc chắn.",
                "Quality flags (see the flag list); empty when the extraction is certain.", allowed=tuple(f.name for f in FLAGS))
_N_TARGETS = _i("n_targets", "Số mục tiêu đã trích xuất.", "Number of targets extracted.")

TABLES: dict[str, Table] = {t.name: t for t in (
    Table("plans", "Một dòng cho mỗi văn bản kế hoạch.", "One row per plan document.", (
        _s("plan_id", "Mã kế hoạch (theo sổ đăng ký, nếu không thì tên tệp).",
           "Plan id: the registry's, else the raw file's stem.", key=True),
        _SOURCE_FILE,
        _s("sha256", "Mã băm SHA-256 của tệp gốc.", "SHA-256 of the raw file's bytes."),
        _s("title", "Tên văn bản.", "Title of the document.", nullable=True),
        _s("issuer", "Cơ quan ban hành.", "Issuing body.", nullable=True),
        _s("level", "Cấp ban hành.", "Level of the issuing body.", nullable=True, allowed=LEVELS),
        _s("doc_number", "Số ký hiệu văn bản: \"30/KH-SKHCN\".", "Document number: \"30/KH-SKHCN\".", nullable=True),
        _s("issued_date", "Ngày ban hành (yyyy-mm-dd).", "Date of issue (ISO yyyy-mm-dd).", nullable=True,
           pattern=r"\d{4}-\d{2}-\d{2}"),
        _s("province", "Tỉnh, thành phố.", "Province.", nullable=True),
        _s("layout", "Bộ đọc đã đọc được văn bản.", "Layout reader that read the plan.", nullable=True),
        _s("status", "Trạng thái trích xuất.", "Extraction status: ok, unrecognized (no reader fits) or error.",
           allowed=STATUSES),
        _s("message", "Thông báo khi không đọc được.", "Why the plan was not read, where it was not.", nullable=True),
        _i("n_indicators", "Số chỉ tiêu đã trích xuất.", "Number of indicators extracted."),
        _N_TARGETS,
    )),
    Table("indicators", "Một dòng cho mỗi chỉ tiêu của một kế hoạch.", "One row per indicator of a plan.", (
        Column("indicator_id", "str", _INDICATOR_ID.vi, _INDICATOR_ID.en, key=True),
        _PLAN_ID, _SECTION_CODE, _SECTION_TITLE, _ROW_REF, _INDICATOR_NAME, _UNIT_RAW, _RESPONSIBLE, _MONITORING,
        _SOURCE_FILE, _LINE_START, _LINE_END, _FLAGS, _N_TARGETS,
    )),
    Table("targets", "Một dòng cho mỗi mục tiêu: một chỉ tiêu × một năm.", "One row per target: one indicator × one year.", (
        _s("target_id", "Mã mục tiêu.", "Id of the target.", key=True),
        _PLAN_ID, _INDICATOR_ID, _ROW_REF, _SECTION_CODE, _SECTION_TITLE, _INDICATOR_NAME,
        _i("year", "Năm mục tiêu.", "Target year.", min_value=YEAR_MIN, max_value=YEAR_MAX),
        _s("comparator", "Phép so sánh (≥ → \">=\"; khoảng \"2-3\" → \"between\").",
           "Comparator (≥ → \">=\"; a range \"2-3\" → \"between\").", allowed=COMPARATORS),
        Column("value", "float", "Giá trị số; rỗng với mục tiêu định tính.", "The number; null for a status target.", nullable=True),
        Column("value_max", "float", "Cận trên, chỉ với \"between\".", "Upper bound, only with \"between\".", nullable=True),
        _s("value_text", "Lời của mục tiêu định tính (\"Có\") hoặc chữ đi kèm số (\"6G\").",
           "Words of a status target (\"Có\"), or a qualifier printed with a number (\"6G\").", nullable=True),
        _s("unit", "Đơn vị chuẩn hóa.", "Normalized unit.", allowed=UNITS),
        _UNIT_RAW,
        _s("raw_text", "Ô giá trị như in, đã gộp khoảng trắng: \"≥ 1,5%\".", "The value cell as printed, whitespace-collapsed: \"≥ 1,5%\"."),
        _RESPONSIBLE, _MONITORING, _SOURCE_FILE, _LINE_START, _LINE_END, _FLAGS,
    )),
)}

#: Foreign keys: (table, column) → (referenced table, referenced column).
FOREIGN_KEYS: dict[tuple[str, str], tuple[str, str]] = {
    ("indicators", "plan_id"): ("plans", "plan_id"),
    ("targets", "plan_id"): ("plans", "plan_id"),
    ("targets", "indicator_id"): ("indicators", "indicator_id"),
}
