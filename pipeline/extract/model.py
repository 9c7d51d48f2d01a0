"""The shapes that carry a plan from raw text to published rows.

Every layout reader (PDF text, year blocks, tabbed text, pipe table, one cell
per line) turns text into the same `Table` grid of `Cell`s, each with its
line span. Header detection, the value grammar, flags and lineage work on
that grid alone, so supporting a new converter means writing one reader.

Grid convention (what a reader must emit):
- `Table.header`: one `Cell` per column, the column's header text flattened
  over multi-level headers (e.g. "Mục tiêu theo từng giai đoạn Năm 2025").
  Headers name the column's role: STT, indicator ("Chỉ tiêu", "Nội dung"),
  unit ("Đơn vị tính"), one column per year ("Năm 2025", "2030"), a period
  ("Giai đoạn 2026-2030"), a single result column ("Kết quả", "Mức chỉ
  tiêu"), responsible body ("chủ trì"), monitoring body ("theo dõi"), note.
- `Table.rows`: body rows in printed order, each exactly `len(header)` cells;
  a blank cell is `Cell("", line, line)` (line of the row's first line).
  A section heading ("I", "PHÁT TRIỂN HẠ TẦNG") is a row with its number in
  the STT column, its title in the indicator column and all else blank.
  A block heading ("Đến năm 2030", "Năm 2026") is a row whose only non-blank
  cell holds that text: it gives its year to the result column of the rows
  under it, until the next block heading.
- A cell merged over several rows is repeated in each row it spans, with the
  flag `CELL_MERGED`; a value cell whose column the reader could not place
  for certain carries `CELL_POSITION_UNCERTAIN` (its column is a best guess).
- `Table.context`: lines printed just before the table (appendix titles),
  used to tell indicator tables from task or budget tables.
- PDF and Word readers (`readers/pdf_tables.py`, `readers/docx_tables.py`)
  emit the same grid with no line spans (None): each cell carries its
  `places` instead (page box, or table/row/cell slot), and `locate` turns a
  row's places into the published `source_locator`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

CELL_MERGED = "merged"
CELL_POSITION_UNCERTAIN = "position_uncertain"


@dataclass(frozen=True)
class PdfBox:
    """Where a PDF cell is printed: 1-based page and its box in points, origin at the page's top left."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True)
class DocxSlot:
    """Where a Word cell is: 1-based table (in document order), row and grid column (cell) of that table."""

    table: int
    row: int
    cell: int


Place = PdfBox | DocxSlot


@dataclass(frozen=True)
class Cell:
    """One table cell as printed: whitespace-collapsed text and where it is.

    Text readers give the 1-based line span; document readers (PDF, Word) have
    no lines, so they leave the span None and give `places` instead: the
    printed cell's page box or table slot (two when a page break cut it).
    """

    text: str
    line_start: int | None
    line_end: int | None
    flags: frozenset[str] = frozenset()
    places: tuple[Place, ...] = ()

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass
class Table:
    """A grid of cells read from one table of one plan (see module docstring)."""

    source_file: str
    reader: str
    header: list[Cell]
    rows: list[list[Cell]]
    context: list[Cell] = field(default_factory=list)


ProblemKind = Literal["file", "row", "cell"]


@dataclass(frozen=True)
class Problem:
    """Something the pipeline could not read: names the file and, where known, the lines.

    `kind` says what was lost: a whole file, one table row (with all its
    cells) or one value cell; every problem becomes a row of the published
    `quarantine` table, so nothing a plan says vanishes without a trace.
    """

    source_file: str
    reason: str
    line_start: int | None = None
    line_end: int | None = None
    raw_text: str | None = None
    kind: ProblemKind = "file"
    locator: str | None = None  # where in a PDF or Word file (see `locate`); None for text files

    def __str__(self) -> str:
        where = self.source_file
        if self.line_start is not None:
            where += f":{self.line_start}" + (f"-{self.line_end}" if self.line_end not in (None, self.line_start) else "")
        if self.locator:
            where += f" ({self.locator})"
        return f"{where}: {self.reason}"


def locate(cells: list[Cell]) -> str | None:
    """The published `source_locator` of some cells: what an officer opens in a PDF or Word file.

    PDF: "p.3 43,694,553,756" per page (the union of the cells' boxes, in
    points from the page's top left; "; " between pages when a page break
    cut the row). Word: "table 1, row 5, cells 1-6" ("rows 5-7" for a merged
    cell). None for text files, whose cells have line spans instead.
    """
    places = [p for c in cells for p in c.places]
    boxes = [p for p in places if isinstance(p, PdfBox)]
    slots = [p for p in places if isinstance(p, DocxSlot)]
    parts = []
    for page in sorted({b.page for b in boxes}):
        on = [b for b in boxes if b.page == page]
        parts.append(f"p.{page} {min(b.x0 for b in on):.0f},{min(b.top for b in on):.0f},"
                     f"{max(b.x1 for b in on):.0f},{max(b.bottom for b in on):.0f}")
    for table in sorted({s.table for s in slots}):
        on = [s for s in slots if s.table == table]
        parts.append(f"table {table}, {_range('row', [s.row for s in on])}, {_range('cell', [s.cell for s in on])}")
    return "; ".join(parts) or None


def _range(word: str, numbers: list[int]) -> str:
    lo, hi = min(numbers), max(numbers)
    return f"{word} {lo}" if lo == hi else f"{word}s {lo}-{hi}"


class UnrecognizedLayout(Exception):
    """Raised by a reader when the text is not in its layout family."""


@dataclass
class Accounting:
    """What extraction saw in a plan's tables, counted where rows and cells are visited.

    Counted independently of what is published, so that `pipeline.tables.quarantine.ledger`
    can prove every row and cell seen was either published or quarantined:
    - `rows_seen`: data rows (an STT and a name, or a row with content that is
      neither a heading nor blank);
    - `rows_merged`: rows that joined an indicator already published from an
      earlier year block (the same STT under "Đến năm 2025" and "Đến năm 2030");
    - `cells_seen`: non-blank target cells of data rows that are not "-";
    - `source_gaps`: numbering jumps and numbered rows without text.
    """

    rows_seen: int = 0
    rows_merged: int = 0
    cells_seen: int = 0
    source_gaps: int = 0

    def __add__(self, other: Accounting) -> Accounting:
        return Accounting(self.rows_seen + other.rows_seen, self.rows_merged + other.rows_merged,
                          self.cells_seen + other.cells_seen, self.source_gaps + other.source_gaps)


@dataclass
class PlanExtraction:
    """Everything one plan yields; independent of every other plan (one partition)."""

    plan: dict
    indicators: list[dict]
    targets: list[dict]
    problems: list[Problem] = field(default_factory=list)
    accounting: Accounting = field(default_factory=Accounting)
    #: How the plan was read (reader chosen and the others' scores, header roles, year sources, tables set aside).
    evidence: dict = field(default_factory=dict)
