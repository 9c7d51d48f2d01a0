"""Reader for word-processor text with tab-indented cells (e.g. plan 002).

Layout: each cell is a line starting with a TAB; the cells of one table row
follow each other and a blank line ends the row. The first row is the header.
A cell may wrap onto following lines that have no leading TAB, even after a
blank line (002 splits agency cells into paragraphs: "\\tĐảng ủy UBND tỉnh",
"", "Ban Tổ chức Tỉnh ủy"); such a line continues the last cell as long as the
row still lacks cells, because a row is only complete when it has as many
cells as the header. A section row prints two cells ("I", "PHÁT TRIỂN HẠ
TẦNG") and is padded with blanks. Text between rows once a row is complete is
not table content (page headers, notes); if TAB rows follow it they continue
the same table unless they start a new header.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.extract.model import Cell, Table, UnrecognizedLayout
from pipeline.extract.readers.common import blank_cell, context_cells, fit_row, is_stt
from pipeline.ingest.text_io import collapse

READER = "tabbed"
_MIN_CELL_LINES = 6


def detect(lines: list[str]) -> bool:
    """Cheap test: enough TAB-led lines holding text, at least three of them in one row."""
    run = best = count = 0
    for line in lines:
        if line.startswith("\t"):
            run += 1
            best = max(best, run)
            count += bool(line.strip())
        elif not line.strip():
            run = 0
    return count >= _MIN_CELL_LINES and best >= 3


@dataclass
class _Cell:
    parts: list[str]
    start: int  # 1-based
    end: int

    def cell(self) -> Cell:
        text = collapse(" ".join(self.parts))
        return Cell(text, self.start, self.end) if text else blank_cell(self.start)


@dataclass
class _Block:
    """A run of TAB rows belonging to one table, with the 0-based line where it starts."""

    first_line: int
    rows: list[list[_Cell]] = field(default_factory=list)


def _blocks(lines: list[str]) -> list[_Block]:
    """Group TAB cell lines into rows and rows into blocks separated by non-table text."""
    blocks: list[_Block] = []
    block: _Block | None = None
    row: list[_Cell] = []
    width = 0  # header width of the table being read (0 before its header is complete)
    blank_since_cell = False

    def close_row() -> None:
        nonlocal row, width
        if block is not None and row:
            if not block.rows and (not width or _starts_header(row, width)):
                width = len(row)  # a new table's header fixes the row width
            block.rows.append(row)
        row = []

    for i, line in enumerate(lines):
        if line.startswith("\t"):
            if block is None:
                block = _Block(i)
                blocks.append(block)
            if row and (blank_since_cell or (width and len(row) >= width)):
                # A blank line ends a row; so does a full row (no row is wider than the header).
                close_row()
            for part in line.split("\t")[1:]:
                row.append(_Cell([part], i + 1, i + 1))
            blank_since_cell = False
        elif not line.strip():
            blank_since_cell = True
        elif block is not None and row and (not blank_since_cell or (width and len(row) < width)):
            # Wrapped text of the last cell: directly under it, or after a blank
            # line while the row still lacks cells (a paragraph break in the cell).
            row[-1].parts.append(line)
            row[-1].end = i + 1
            blank_since_cell = False
        elif block is not None:
            # Text outside the table (page header, note, next title): close the block.
            close_row()
            block = None
    close_row()
    return [b for b in blocks if b.rows]


def _starts_header(row: list[_Cell], width: int) -> bool:
    """A TAB row that opens a new table rather than continuing one: a header-like first row."""
    first = collapse(" ".join(row[0].parts))
    return len(row) >= max(3, width - 1) and not is_stt(first) and not any(
        collapse(" ".join(c.parts))[:1].isdigit() for c in row
    )


def read_tables(lines: list[str], source_file: str) -> list[Table]:
    """Every TAB-cell table in the text (see module docstring); UnrecognizedLayout if none."""
    tables: list[Table] = []
    prev_end = 0
    for block in _blocks(lines):
        rows = [[c.cell() if c.cell().text else blank_cell(r[0].start) for c in r] for r in block.rows]
        rows = [r for r in rows if any(not c.blank for c in r)]
        if not rows:
            continue
        if tables and not _starts_header(block.rows[0], len(tables[-1].header)):
            table = tables[-1]  # interrupted by a page header or note: same table goes on
        else:
            if len(rows[0]) < 3:
                continue
            table = Table(source_file, READER, rows[0], [], context_cells(lines, prev_end, block.first_line, paragraphs=False))
            tables.append(table)
            rows = rows[1:]
        width = len(table.header)
        for r in rows:
            table.rows.append(fit_row(r, width, r[0].line_start))
        prev_end = max(c.line_end for c in (table.rows[-1] if table.rows else table.header))
    tables = [t for t in tables if t.rows]
    if not tables:
        raise UnrecognizedLayout(f"{source_file}: no TAB-indented cell table")
    return tables
