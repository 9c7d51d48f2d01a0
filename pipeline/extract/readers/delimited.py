"""Tables printed one row a line with a delimiter between cells: tab-separated text, pipe rows without a `|---|`.

A word processor saving a table as text, or a web article quoting one as
`TT | Chỉ tiêu | Đơn vị | Kết quả |` rows, prints each row on its own
line and nothing else marks the table: no separator line, no box. A table
starts at a row whose header roles name an STT and an indicator column;
lower header levels (years under "Mục tiêu") and a column-number row
("1 2 3 …") may follow it; body rows follow, blank lines between them
skipped. A short line of its own between rows ("**Đến năm 2030**", a block
title) is a full-width heading row, its text in the indicator column, when
more body rows follow it; any other text, or a new header row, ends the
table. Both readers (`tab_rows`, `pipe_table`) share this so they read alike.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from pipeline.extract import headers as H
from pipeline.extract.model import Cell, Table
from pipeline.extract.readers.common import (
    blank_cell,
    context_cells,
    fit_row,
    header_text,
    is_numbering_row,
    is_stt,
    join_cells,
    strip_markup,
)

#: Cells of a line holding the delimiter at least once (a row, or part of one), else None.
Splitter = Callable[[str, int], "list[Cell] | None"]

_YEAR = re.compile(r"(?<!\d)(19|20)\d\d(?!\d)")
_HAS_DIGIT = re.compile(r"\d")
_MAX_HEADING_WORDS = 12


def is_header_continuation(row: list[Cell], above: list[Cell]) -> bool:
    """A first body row that is really a lower header level.

    E.g. `| | | | 2025 | 2030 |` under `| STT | Chỉ tiêu | Đơn vị | Mục tiêu | |`,
    or docling's `| STT | Chỉ tiêu | 2025 | 2030 |` repeating the spanned cells.
    Its STT and indicator cells are blank or repeat the header; every other
    cell is blank, a repeat, or words whose only digits are years ("2025",
    "Kế hoạch 2026", "2026-2030"; a body value has other digits), and at
    least one cell is new.
    """
    if len(row) < 3:
        return False
    same = [i < len(above) and not c.blank and c.text == above[i].text for i, c in enumerate(row)]
    if not all(row[i].blank or same[i] for i in (0, 1)):
        return False
    new = [c.text for c, s in zip(row, same) if not c.blank and not s]
    return bool(new) and not any(_HAS_DIGIT.search(_YEAR.sub("", t)) for t in new)


def flatten_levels(levels: list[list[Cell]], width: int) -> list[Cell]:
    """One header cell per column from several header rows.

    A blank cell right of a group header ("Mục tiêu") takes the group's text
    when both columns have sub-headers below (the blank is a colspan).
    """
    first_line = levels[0][0].line_start
    grid = [lv + [blank_cell(lv[0].line_start)] * (width - len(lv)) for lv in levels]
    for depth in range(len(grid) - 1):
        below = [any(not grid[d][col].blank for d in range(depth + 1, len(grid))) for col in range(width)]
        for col in range(1, width):
            left = grid[depth][col - 1]
            if grid[depth][col].blank and not left.blank and below[col] and below[col - 1]:
                grid[depth][col] = left
    out = []
    for col in range(width):
        parts = [grid[d][col] for d in range(len(grid)) if not grid[d][col].blank]
        if not parts:
            out.append(blank_cell(first_line))
            continue
        out.append(Cell(header_text([p.text for p in parts]), min(p.line_start for p in parts), max(p.line_end for p in parts)))
    return out


def is_header_row(cells: list[Cell]) -> bool:
    """A row whose texts name an STT and an indicator column, three cells or more: a table starts here."""
    if len(cells) < 3 or not any(H.names_stt(c.text) for c in cells):
        return False  # most lines are body rows: the cheap test first
    return {H.STT, H.NAME} <= {c.role for c in H.classify([c.text for c in cells])}


def _heading(line: str, number: int, width: int, name_col: int) -> list[Cell] | None:
    """A short line of its own inside a table as a full-width heading row; None for prose."""
    text = strip_markup(line)
    if not text or len(text.split()) > _MAX_HEADING_WORDS:
        return None
    row = [blank_cell(number) for _ in range(width)]
    row[name_col] = Cell(text, number, number)
    return row


def _next_row(lines: list[str], i: int, split: Splitter) -> list[Cell] | None:
    """The next row after line i (0-based), blank lines skipped; None when text comes first."""
    for j in range(i + 1, len(lines)):
        if lines[j].strip():
            return split(lines[j], j + 1)
    return None


def _continues(row: list[Cell], width: int, after_blank: bool, cells: list[Cell] | None, text: str) -> bool:
    """Whether a line (its `cells`, or its `text` when it holds no delimiter) carries on a row cut short by a
    wrapped cell (a cell holding a line break).

    Plain text right under a row (no blank line between, not a block
    heading) is more of its last cell, even a row already full (a body's
    name broken over two lines); a delimited line that does not open
    with a row number and brings the row to at most `width` cells is the rest
    of the row, its first part the end of the row's last cell.
    """
    if len(row) < 2:
        return False
    if cells is None:
        return not after_blank and H.block_of(text) is None
    return len(row) < width and not is_stt(cells[0].text) and not is_header_row(cells) and len(row) + len(cells) - 1 <= width


def _merge(row: list[Cell], cells: list[Cell]) -> list[Cell]:
    """The row with a continuation: its last cell joined to the continuation's first, the rest appended."""
    return [*row[:-1], join_cells([row[-1], cells[0]]), *cells[1:]]


def read_delimited(lines: list[str], source_file: str, reader: str, split: Splitter) -> list[Table]:
    """Every delimited-row table in the lines (see module docstring), in printed order."""
    tables: list[Table] = []
    prev_end = 0
    i = 0
    while i < len(lines):
        first = split(lines[i], i + 1)
        if first is None or not is_header_row(first):
            i += 1
            continue
        start, levels, body = i, [first], []
        width = len(first)
        name = H.first(H.classify([c.text for c in first]), H.NAME)
        after_blank = False
        i += 1
        while i < len(lines):
            line = lines[i]
            if not line.strip():
                after_blank, i = True, i + 1
                continue
            row = split(line, i + 1)
            text = strip_markup(line) if row is None else ""
            if body and _continues(body[-1], width, after_blank, row, text):
                body[-1] = _merge(body[-1], row or [Cell(text, i + 1, i + 1)])
            elif row is None:
                nxt = _next_row(lines, i, split)
                heading = _heading(line, i + 1, width, name.index if name else 1)
                if heading is None or nxt is None or is_header_row(nxt):
                    break
                body.append(heading)
            elif is_header_row(row):
                break
            elif not body and is_header_continuation(row, levels[-1]):
                levels.append(row)
                width = max(width, len(row))
            elif not (not body and is_numbering_row([c.text for c in row])):
                body.append(row)
            after_blank = False
            i += 1
        header = flatten_levels([lv[:width] for lv in levels], width)
        rows = [fit_row(r, width, r[0].line_start) for r in body if any(not c.blank for c in r)]
        if rows:
            tables.append(Table(source_file, reader, header, rows, context_cells(lines, prev_end, start, paragraphs=False)))
            prev_end = max(c.line_end for c in rows[-1])
    return tables
