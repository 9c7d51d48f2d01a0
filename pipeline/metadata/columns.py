"""The one registry of published tables and columns.

Every other description of the data is derived from this module: the Pandera
schemas (`validations.schemas`), the pandas dtypes and pyarrow fields with
their descriptions (`pipeline.tables.frames`), Dagster's column schema metadata
(`assets`) and the data dictionary, docs/data-dictionary.md (`validations.dictionary`). A column
is described once here, so docs and data cannot drift apart (PUDL's pattern).

It depends only on pyarrow and the vocabularies beside it (`units`,
`vocabularies`): every stage can import it without pulling in another stage,
Pandera or Dagster.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pyarrow as pa

from pipeline.metadata.units import MEASURES, UNITS
from pipeline.metadata.vocabularies import COMPARATORS, DIRECTIONS, PILLARS

Kind = Literal["str", "int", "float", "list_str"]

#: pandas dtype per kind: nullable extension types so a missing int stays NA, not 0; text in Arrow memory, so
#: national tables pass between steps and into Parquet as buffers, not one Python string per cell.
PANDAS_DTYPES: dict[Kind, str] = {"str": "string[pyarrow]", "int": "Int64", "float": "Float64", "list_str": "object"}

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
    Flag("value_from_name", "Bảng không có cột giá trị: mục tiêu đọc từ chính tên chỉ tiêu (\"chiếm 45% GRDP\").",
         "The table has no value column: the target was read from the indicator's own text (\"chiếm 45% GRDP\")."),
    Flag("compound_target", "Một ô ghi hai mục tiêu cho cùng một năm (\"≤ 3 Đông Nam Á; ≤ 50 Thế giới\"): công bố mục tiêu "
         "đầu, phần còn lại giữ trong value_text.",
         "One cell states two targets for its year (\"≤ 3 Đông Nam Á; ≤ 50 Thế giới\"): the first is published, the rest "
         "kept in value_text."),
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
    #: Few distinct values repeated over many rows (a plan id, a section title): Parquet dictionary-encodes it.
    low_cardinality: bool = False

    @property
    def dictionary_encoded(self) -> bool:
        """Whether Parquet stores the column with a dictionary: closed vocabularies and low-cardinality text."""
        return self.low_cardinality or self.allowed is not None

    @property
    def parquet_path(self) -> str:
        """The column's leaf path in a Parquet file (a list's values sit under `<name>.list.element`)."""
        return f"{self.name}.list.element" if self.kind == "list_str" else self.name

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
STATUSES = ("ok", "review", "no_targets", "invalid", "unrecognized", "error", "duplicate")
PROBLEM_KINDS = ("file", "row", "cell")
YEAR_MIN, YEAR_MAX = 2020, 2050


def _s(name: str, vi: str, en: str, **kw: object) -> Column:
    return Column(name, "str", vi, en, **kw)  # type: ignore[arg-type]


def _i(name: str, vi: str, en: str, **kw: object) -> Column:
    return Column(name, "int", vi, en, **kw)  # type: ignore[arg-type]


# Columns shared by indicators and targets, described once.
_PLAN_ID = _s("plan_id", "Mã kế hoạch.", "Id of the plan (see table plans).", low_cardinality=True)
_INDICATOR_ID = _s("indicator_id", "Mã chỉ tiêu: ổn định giữa các lần chạy, duy nhất trong bảng.",
                   "Id of the indicator: stable across runs, unique across plans.")
_SECTION_CODE = _s("section_code", "Số mục như in: \"I\", \"II\", \"1\".", "Section number as printed: \"I\", \"II\", \"1\".", nullable=True,
                   low_cardinality=True)
_SECTION_TITLE = _s("section_title", "Tên mục, đã gộp khoảng trắng.", "Section title, whitespace-collapsed.", nullable=True,
                    low_cardinality=True)
_ROW_REF = _s("row_ref", "Số thứ tự (STT) như in, không có dấu chấm cuối: \"1\", \"2.1\".",
              "Row number (STT) as printed, no trailing dot: \"1\", \"2.1\".")
_INDICATOR_NAME = _s("indicator_name", "Nội dung chỉ tiêu, các dòng nối bằng một dấu cách.",
                     "Indicator text, lines joined with one space, whitespace collapsed, trimmed.")
_UNIT_RAW = _s("unit_raw", "Đơn vị tính như in; rỗng khi kế hoạch không có cột đơn vị.",
               "Unit column as printed, whitespace-collapsed; null where the plan has no unit column.", nullable=True,
               low_cardinality=True)
_RESPONSIBLE = _s("responsible_agency", "Cơ quan chủ trì như in.", "Body in charge (chủ trì) as printed.", nullable=True,
                  low_cardinality=True)
_MONITORING = _s("monitoring_agency", "Cơ quan theo dõi, đánh giá riêng (khi kế hoạch có cột riêng).",
                 "Separate monitoring body (theo dõi, đánh giá) where the plan has its own column for it.", nullable=True,
                 low_cardinality=True)
_SOURCE_FILE = _s("source_file", "Tên tệp văn bản gốc.", "File name of the raw plan.", low_cardinality=True)
_LINE_START = _i("line_start", "Dòng đầu (đánh số từ 1) trong tệp gốc; rỗng với tệp PDF, Word (xem source_locator).",
                 "First 1-based line in the raw file the row's text came from; null for a PDF or Word file (see source_locator).",
                 nullable=True)
_LINE_END = _i("line_end", "Dòng cuối (đánh số từ 1) trong tệp gốc; rỗng với tệp PDF, Word (xem source_locator).",
               "Last 1-based line in the raw file the row's text came from; null for a PDF or Word file (see source_locator).",
               nullable=True)
_SOURCE_LOCATOR = _s("source_locator",
                     "Vị trí trong tệp PDF hoặc Word thay cho số dòng: \"p.3 43,694,553,756\" (trang, khung x0,trên,x1,dưới "
                     "tính bằng point từ góc trên bên trái; \"; \" giữa các trang khi dòng bị ngắt trang) hoặc \"table 1, "
                     "row 5, cells 1-6\" (bảng, dòng, ô, đánh số từ 1); rỗng với tệp văn bản.",
                     "Where in a PDF or Word file, in place of lines: \"p.3 43,694,553,756\" (page, then the box x0,top,x1,"
                     "bottom in points from the page's top left; \"; \" between pages when a page break cut the row) or "
                     "\"table 1, row 5, cells 1-6\" (1-based table, row and cell); null for a text file.", nullable=True)
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
        _s("encoding", "Bảng mã đã đọc tệp (utf-8, utf-16, cp1258 …).",
           "Encoding the file was read in (utf-8, utf-16, cp1258 …); null when it is not text.", nullable=True),
        _s("status", "Trạng thái trích xuất.",
           "Extraction status: ok; review (targets read, but some values have no printed year: they are in quarantine); "
           "no_targets (tables found, but none is an indicator table with targets: tasks, statistics, budgets, an "
           "indicator list; the message says which); invalid (its rows break the contract's rules: the plan is not "
           "published, each failure is in quarantine); unrecognized (no table in a known layout, or not text); error; "
           "or duplicate (same bytes as another plan file).",
           allowed=STATUSES),
        _s("message", "Thông báo khi không đọc được.", "Why the plan was not read, where it was not.", nullable=True),
        _i("n_indicators", "Số chỉ tiêu đã trích xuất.", "Number of indicators extracted."),
        _N_TARGETS,
    )),
    Table("indicators", "Một dòng cho mỗi chỉ tiêu của một kế hoạch.", "One row per indicator of a plan.", (
        Column("indicator_id", "str", _INDICATOR_ID.vi, _INDICATOR_ID.en, key=True),
        _PLAN_ID, _SECTION_CODE, _SECTION_TITLE, _ROW_REF, _INDICATOR_NAME, _UNIT_RAW, _RESPONSIBLE, _MONITORING,
        _SOURCE_FILE, _LINE_START, _LINE_END, _SOURCE_LOCATOR, _FLAGS, _N_TARGETS,
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
        _RESPONSIBLE, _MONITORING, _SOURCE_FILE, _LINE_START, _LINE_END, _SOURCE_LOCATOR, _FLAGS,
    )),
    Table("quarantine", "Những gì văn bản ghi mà không được công bố: tệp, dòng hoặc ô không đọc được, kèm lý do.",
          "What a plan says that was not published: a file, table row or value cell that could not be read, with why.", (
        _s("quarantine_id", "Mã: mã kế hoạch và số thứ tự trong kế hoạch.", "Id: the plan id and a running number within the plan.",
           key=True),
        _PLAN_ID, _SOURCE_FILE,
        _s("kind", "Loại: cả tệp, một dòng của bảng, hoặc một ô giá trị.", "What was set aside: a whole file, a table row or a value cell.",
           allowed=PROBLEM_KINDS),
        _i("line_start", "Dòng đầu trong tệp gốc; rỗng với cả tệp.", "First 1-based line in the raw file; null for a whole file.",
           nullable=True),
        _i("line_end", "Dòng cuối trong tệp gốc; rỗng với cả tệp.", "Last 1-based line in the raw file; null for a whole file.",
           nullable=True),
        _SOURCE_LOCATOR,
        _s("raw_text", "Nội dung như in (các ô của dòng nối bằng \" | \").", "The text as printed (a row's cells joined with \" | \").",
           nullable=True),
        _s("reason", "Lý do không công bố.", "Why it was not published."),
    )),
    Table("review_queue", "Các mục tiêu có cờ, chờ cán bộ dữ liệu xem xét (mở được bằng Excel).",
          "Flagged targets awaiting a data officer's review (opens in Excel).", (
        _s("target_id", "Mã mục tiêu.", "Id of the target.", key=True),
        _PLAN_ID, _SOURCE_FILE, _LINE_START, _LINE_END, _SOURCE_LOCATOR, _SECTION_CODE, _ROW_REF,
        _i("year", "Năm mục tiêu.", "Target year."),
        _INDICATOR_NAME,
        _s("raw_text", "Ô giá trị như in.", "The value cell as printed."),
        _s("comparator", "Phép so sánh.", "Comparator."),
        Column("value", "float", "Giá trị số.", "The number.", nullable=True),
        Column("value_max", "float", "Cận trên.", "Upper bound.", nullable=True),
        _s("value_text", "Lời của mục tiêu.", "Words of the target.", nullable=True),
        _s("unit", "Đơn vị chuẩn hóa.", "Normalized unit."),
        _RESPONSIBLE, _FLAGS,
        _s("what_to_check", "Điều cần kiểm tra, theo từng cờ.", "What to check, one sentence per flag."),
    )),
    Table("overrides_applied", "Các hiệu chỉnh của cán bộ (data/overrides.csv) đã áp dụng vào mục tiêu.",
          "Officer overrides (data/overrides.csv) applied to targets: the lineage edge from a decision to a value.", (
        _s("override_id", "Mã: tệp hiệu chỉnh và số dòng.", "Id: the overrides file and its line number.", key=True),
        _s("target_id", "Mã mục tiêu được hiệu chỉnh (sau hiệu chỉnh).", "Id of the target overridden (after the override)."),
        _PLAN_ID, _ROW_REF, _SECTION_CODE,
        _i("year", "Năm mục tiêu trước hiệu chỉnh.", "Target year before the override."),
        _s("field", "Trường được hiệu chỉnh, hoặc \"flag\" khi chỉ xác nhận.", "Field overridden, or \"flag\" for a confirmation only."),
        _s("old_value", "Giá trị trước hiệu chỉnh.", "Value before the override.", nullable=True),
        _s("new_value", "Giá trị sau hiệu chỉnh.", "Value after the override.", nullable=True),
        Column("flags_removed", "list_str", "Các cờ được gỡ bỏ nhờ hiệu chỉnh.", "Flags the override resolved and removed.",
               allowed=tuple(f.name for f in FLAGS)),
        _s("who", "Người quyết định.", "Who decided."),
        _s("why", "Lý do.", "Why."),
    )),
)}

#: Foreign keys: (table, column) → (referenced table, referenced column).
FOREIGN_KEYS: dict[tuple[str, str], tuple[str, str]] = {
    ("indicators", "plan_id"): ("plans", "plan_id"),
    ("targets", "plan_id"): ("plans", "plan_id"),
    ("targets", "indicator_id"): ("indicators", "indicator_id"),
    ("quarantine", "plan_id"): ("plans", "plan_id"),
    ("review_queue", "target_id"): ("targets", "target_id"),
    ("overrides_applied", "target_id"): ("targets", "target_id"),
}

# --- catalog, lineage and consistency (derived from the tables above) -------

LINK_METHODS = ("curated", "similarity", "none")
LINK_STATUSES = ("linked", "review", "excluded")
NODE_KINDS = ("file", "lines", "row", "target", "published", "plan", "catalog")
LINEAGE_STEPS = ("register", "segment", "extract", "normalize", "validate", "publish", "link", "implements")
FINDING_RULES = ("below_national", "plans_disagree", "decreasing_over_years")
SEVERITIES = ("warning", "info")
_CATALOG_ID = _s("catalog_id", "Mã chỉ tiêu chuẩn trong danh mục.", "Id of the canonical indicator (see table catalog).",
                 low_cardinality=True)

TABLES.update({t.name: t for t in (
    Table("catalog", "Danh mục chỉ tiêu chuẩn: một dòng cho mỗi khái niệm chỉ tiêu.",
          "Canonical indicator catalog: one row per indicator concept.", (
        Column("catalog_id", "str", _CATALOG_ID.vi, _CATALOG_ID.en, key=True),
        _s("pillar", "Trụ cột (theo đề mục của kế hoạch).", "Pillar (the plans' section headings).", allowed=PILLARS),
        _s("name_vi", "Tên chỉ tiêu tiếng Việt.", "Vietnamese name."),
        _s("name_en", "Tên chỉ tiêu tiếng Anh.", "English name."),
        _s("preferred_unit", "Đơn vị chuẩn: biểu đồ và so sánh của chỉ tiêu dùng đơn vị này (các tỷ lệ %, % GRDP, % GDP "
           "cùng một trục).", "Canonical unit: the concept's charts and comparisons use it (%, % GRDP and % GDP on "
           "one axis).", allowed=UNITS),
        _s("direction", "Chiều tốt hơn: cao hơn, thấp hơn, hoặc không áp dụng.",
           "Which way is better: higher, lower or none (status).", allowed=DIRECTIONS),
        _s("cumulative", "Đại lượng tích lũy, không nên giảm qua các năm (yes/no).",
           "A stock or running total that should not fall over the years (yes/no).", allowed=("yes", "no")),
        _s("compare_levels", "Có nghĩa như nhau ở mọi cấp (tỷ lệ, chỉ số, mức trên một vạn dân): so được với mục tiêu "
           "quốc gia (yes/no).", "Means the same at every level (a share, an index, a rate per inhabitant), so a "
           "plan's target can be set beside the nation's (yes/no).", allowed=("yes", "no")),
        _i("n_indicators", "Số chỉ tiêu của các kế hoạch được liên kết.", "Number of plan indicators linked to it."),
        _i("n_plans", "Số kế hoạch có chỉ tiêu được liên kết.", "Number of plans with a linked indicator."),
    )),
    Table("catalog_links", "Liên kết mỗi chỉ tiêu của kế hoạch với danh mục chuẩn.",
          "Link of each plan indicator to the canonical catalog.", (
        Column("indicator_id", "str", _INDICATOR_ID.vi, _INDICATOR_ID.en, key=True),
        _PLAN_ID, _INDICATOR_NAME,
        _s("catalog_id", "Mã chỉ tiêu chuẩn được liên kết; rỗng khi chưa liên kết.",
           "Linked catalog id; null when not linked.", nullable=True),
        _s("candidate_id", "Ứng viên tốt nhất (kể cả khi chưa đủ điều kiện liên kết).",
           "Best candidate, also when it was not good enough to link.", nullable=True),
        _s("method", "Cách liên kết: curated (cán bộ chọn), similarity (so khớp tên), none.",
           "How: curated (an officer's decision), similarity (accent-folded name match), none.", allowed=LINK_METHODS),
        Column("score", "float", "Điểm tương đồng 0–100.", "Similarity score 0–100.", nullable=True),
        _s("status", "linked (đã liên kết), review (cần xem xét), excluded (đã xem xét: không thuộc danh mục).",
           "linked, review (listed for a person) or excluded (reviewed: no concept in the catalog).",
           allowed=LINK_STATUSES),
        _s("reason", "Lý do chưa liên kết hoặc ghi chú của cán bộ.", "Why it was not linked, or the officer's note.",
           nullable=True),
    )),
    Table("concept_values", "Mỗi mục tiêu của chỉ tiêu đã liên kết, theo cách khái niệm đọc nó: biểu đồ và so sánh dùng bảng này.",
          "Each target of a linked indicator as its concept reads it: what charts and comparisons use.", (
        Column("target_id", "str", "Mã mục tiêu (xem bảng targets).", "Id of the target (see table targets).", key=True),
        _PLAN_ID,
        _s("catalog_id", "Khái niệm mà giá trị nêu: thường là liên kết của chỉ tiêu; giá trị ghi \"6G\" của dòng "
           "\"5G/6G\" thuộc khái niệm 6G.", "Concept the value states: usually its indicator's link; a \"6G\" value "
           "of a \"5G/6G\" row is the 6G concept's.", low_cardinality=True),
        _s("linked_catalog_id", "Khái niệm mà chỉ tiêu được liên kết (bảng catalog_links).",
           "Concept the indicator is linked to (table catalog_links).", low_cardinality=True),
        _s("measure", "Đại lượng: share (%, % GRDP, % GDP chung một trục), percent_per_year (tốc độ tăng), count, "
           "score, rank, days; rỗng với mục tiêu định tính.", "What the number can be set beside: share (%, % GRDP "
           "and % GDP on one axis), percent_per_year (a growth rate), count, score, rank, days; null for a status "
           "target.", nullable=True, allowed=MEASURES),
        Column("low", "float", "Cận dưới các giá trị mục tiêu cho phép; rỗng khi không có cận.",
               "Lowest value the target allows; null when open.", nullable=True),
        Column("high", "float", "Cận trên các giá trị mục tiêu cho phép; rỗng khi không có cận.",
               "Highest value the target allows; null when open.", nullable=True),
        _s("comparable", "yes: được vẽ và so sánh; no: xem ghi chú.", "yes: drawn and compared; no: see note.",
           allowed=("yes", "no")),
        _s("note", "Vì sao không so sánh (định tính, đại lượng khác, có chữ giới hạn con số).",
           "Why it is not compared (a status, another measure, words that qualify the number).", nullable=True),
    )),
    Table("lineage_edges", "Các cạnh của đồ thị nguồn gốc: mỗi bước từ tệp gốc đến dòng công bố.",
          "Edges of the lineage graphs: each step from raw file to published row.", (
        _s("edge_id", "Mã cạnh.", "Id of the edge.", key=True),
        _s("graph_id", "Đồ thị (mã chỉ tiêu chuẩn, hoặc \"unlinked\").", "Graph: a catalog_id, or \"unlinked\".",
           low_cardinality=True),
        _s("step", "Bước xử lý tạo ra cạnh.", "Processing step that produced the edge.", allowed=LINEAGE_STEPS),
        _s("source_node", "Nút nguồn.", "Source node id."),
        _s("source_kind", "Loại nút nguồn.", "Kind of the source node.", allowed=NODE_KINDS),
        _s("target_node", "Nút đích.", "Target node id."),
        _s("target_kind", "Loại nút đích.", "Kind of the target node.", allowed=NODE_KINDS),
        _s("detail", "Chi tiết của bước (ô như in, phương pháp liên kết…).",
           "Detail of the step (cell as printed, link method …).", nullable=True),
    )),
    Table("consistency", "Các phát hiện về tính nhất quán: một dòng cho mỗi quy tắc, chỉ tiêu chuẩn và cặp kế hoạch.",
          "Consistency findings: one row per rule, concept and pair of plans.", (
        _s("finding_id", "Mã phát hiện.", "Id of the finding.", key=True),
        _s("rule", "Quy tắc phát hiện.", "Rule that found it.", allowed=FINDING_RULES),
        _s("severity", "Mức độ: warning (cần xem), info (để biết).", "warning (look at it) or info.",
           allowed=SEVERITIES),
        _CATALOG_ID,
        _PLAN_ID,
        _s("other_plan_id", "Kế hoạch được so sánh (chính kế hoạch đó khi hai dòng của một kế hoạch khác nhau).",
           "Plan compared with (the plan itself when two of its rows differ).", nullable=True),
        _s("years", "Các năm có chênh lệch, cách nhau bởi dấu phẩy.", "The years that differ, comma-separated."),
        Column("gap", "float", "Chênh lệch tương đối lớn nhất (0,5 = thấp hơn 50%).",
               "Largest relative gap (0.5 = half as much).", nullable=True),
        _INDICATOR_ID,
        _s("target_id", "Mục tiêu có chênh lệch lớn nhất.", "Target with the largest gap."),
        _s("other_target_id", "Mục tiêu được so sánh ở năm đó.", "Target it was compared with in that year."),
        _s("explanation_en", "Giải thích bằng tiếng Anh.", "Plain-language explanation."),
        _s("explanation_vi", "Giải thích bằng tiếng Việt.", "Plain-language explanation in Vietnamese."),
    )),
)})

FOREIGN_KEYS.update({
    ("concept_values", "target_id"): ("targets", "target_id"),
    ("concept_values", "plan_id"): ("plans", "plan_id"),
    ("concept_values", "catalog_id"): ("catalog", "catalog_id"),
    ("concept_values", "linked_catalog_id"): ("catalog", "catalog_id"),
    ("catalog_links", "indicator_id"): ("indicators", "indicator_id"),
    ("catalog_links", "catalog_id"): ("catalog", "catalog_id"),
    ("consistency", "catalog_id"): ("catalog", "catalog_id"),
    ("consistency", "target_id"): ("targets", "target_id"),
    ("consistency", "other_target_id"): ("targets", "target_id"),
})

#: Every table of the registry is published, in this order (files, datapackage resources, the release's inputs).
RELEASED_TABLES: tuple[str, ...] = tuple(TABLES)
