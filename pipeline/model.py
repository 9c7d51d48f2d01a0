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
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

CELL_MERGED = "merged"
CELL_POSITION_UNCERTAIN = "position_uncertain"


@dataclass(frozen=True)
class Cell:
    """One table cell as printed: whitespace-collapsed text and its 1-based line span."""

    text: str
    line_start: int
    line_end: int
    flags: frozenset[str] = frozenset()

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

    def __str__(self) -> str:
        where = self.source_file
        if self.line_start is not None:
            where += f":{self.line_start}" + (f"-{self.line_end}" if self.line_end not in (None, self.line_start) else "")
        return f"{where}: {self.reason}"


class UnrecognizedLayout(Exception):
    """Raised by a reader when the text is not in its layout family."""


@dataclass
class Accounting:
    """What extraction saw in a plan's tables, counted where rows and cells are visited.

    Counted independently of what is published, so that `pipeline.quarantine.ledger`
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
