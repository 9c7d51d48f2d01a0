"""Reader for markdown pipe tables (`| STT | Chỉ tiêu | … |` / `|---|---|` / rows).

Converters (pandoc, docling, web-to-markdown) write indicator tables this way,
but a plan's two-level header does not fit markdown's single header line, so
they spill it: several pipe rows before the separator, or header rows that
come out as the first body rows (a year row under "Mục tiêu"). Spanned header
cells are either left blank to the right of their text or repeated in each
spanned column (docling); both flatten to one text per column. Cells are
cleaned of `**`/`*` emphasis and `<br>` (joined with a space), and `\\|` is a
literal pipe. Rows that print fewer cells than the header are padded at the
end with their value cells flagged `CELL_POSITION_UNCERTAIN`; markdown cannot
say which cell is missing.
"""
from __future__ import annotations

import re
from itertools import islice

from pipeline.extract.model import Cell, Table, UnrecognizedLayout
from pipeline.extract.readers.common import (
    blank_cell,
    context_cells,
    fit_row,
    is_numbering_row,
    strip_markup,
)
from pipeline.extract.readers.delimited import (
    flatten_levels,
    is_header_continuation,
    read_delimited,
)

READER = "pipe_table"
_SEPARATOR = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
_YEAR = re.compile(r"(?<!\d)(19|20)\d\d(?!\d)")
_HAS_DIGIT = re.compile(r"\d")


def _is_separator(line: str) -> bool:
    return "|" in line and "-" in line and bool(_SEPARATOR.match(line))


def _is_row(line: str) -> bool:
    return bool(line.strip()) and bool(_UNESCAPED_PIPE.search(line)) and not _is_separator(line)


def detect(lines: list[str]) -> bool:
    """Cheap test: a pipe row directly followed by a `|---|` separator line, or a few rows of three cells or more."""
    if any(_is_separator(lines[i + 1]) and _is_row(lines[i]) for i in range(len(lines) - 1)):
        return True
    rows = (line for line in lines if line.count("|") >= 2 and len(_UNESCAPED_PIPE.findall(line)) >= 2)
    return next(islice(rows, 2, None), None) is not None


def _split_bare(line: str, number: int) -> list[Cell] | None:
    """Cells of a pipe row (or part of one) printed without a separator line, often without a leading pipe."""
    if not _is_row(line) or line.lstrip().startswith(("-", "+", "* ")):
        return None
    return _split(line, number)


def _split(line: str, number: int) -> list[Cell]:
    """Cells of one pipe row, cleaned, all on line `number` (blank ones as the contract's blank cell)."""
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    cells = []
    for raw in _UNESCAPED_PIPE.split(body):
        text = strip_markup(raw.replace("\\|", "|"))
        cells.append(Cell(text, number, number) if text else blank_cell(number))
    return cells


_NUMBERED_TITLE = re.compile(r"^([IVXLC]{1,6}|\d{1,2}|[A-Z])[.)]\s+(.+)$")


def _collapse_spanned(row: list[Cell]) -> list[Cell]:
    """A full-width row repeated in every cell (docling's colspan) becomes one heading row.

    Per the grid contract its number ("I.") goes to the STT column and its
    title to the indicator column; text without a number goes to the
    indicator column alone (a block heading such as "Đến năm 2030").
    """
    texts = [c.text for c in row if not c.blank]
    if len(row) < 3 or len(texts) < 3 or len(set(texts)) != 1:
        return row
    line = next(c for c in row if not c.blank).line_start
    out = [blank_cell(row[0].line_start) for _ in row]
    m = _NUMBERED_TITLE.match(texts[0])
    if m:
        out[0] = Cell(m.group(1), line, line)
        out[1] = Cell(m.group(2), line, line)
    else:
        out[1] = Cell(texts[0], line, line)
    return out


def _table(lines: list[str], start: int, sep: int, end: int, source_file: str, prev_end: int) -> Table | None:
    """The table whose header rows are lines[start:sep], separator lines[sep], body lines[sep+1:end] (0-based)."""
    levels = [_split(lines[i], i + 1) for i in range(start, sep)]
    body = [_split(lines[i], i + 1) for i in range(sep + 1, end)]
    width = max(len(lv) for lv in levels)
    while body and is_header_continuation(body[0], levels[-1]):
        levels.append(body.pop(0))
    while body and is_numbering_row([c.text for c in body[0]]):
        body.pop(0)
    header = flatten_levels([lv[:width] for lv in levels], width)
    rows = []
    for row in body:
        if all(c.blank for c in row):
            continue
        rows.append(_collapse_spanned(fit_row(row, width, row[0].line_start)))
    if width < 2 or not rows:
        return None
    return Table(source_file, READER, header, rows, context_cells(lines, prev_end, start, paragraphs=False))


def read_tables(lines: list[str], source_file: str) -> list[Table]:
    """Every markdown pipe table in the text (see module docstring); UnrecognizedLayout if none."""
    tables: list[Table] = []
    prev_end = 0
    i = 0
    while i < len(lines) - 1:
        if not (_is_row(lines[i]) and _is_separator(lines[i + 1])):
            i += 1
            continue
        start = i
        while start > prev_end and _is_row(lines[start - 1]):
            start -= 1  # header rows spilled above the one markdown allows
        end = i + 2
        while end < len(lines) and _is_row(lines[end]):
            end += 1
        table = _table(lines, start, i + 1, end, source_file, prev_end)
        if table is not None:
            tables.append(table)
        prev_end = i = end
    taken = {c.line_start for t in tables for c in (*t.header, *(c for r in t.rows for c in r))}
    rest = ["" if n + 1 in taken or _is_separator(line) else line for n, line in enumerate(lines)]
    tables += read_delimited(rest, source_file, READER, _split_bare)
    if not tables:
        raise UnrecognizedLayout(f"{source_file}: no markdown pipe table")
    return sorted(tables, key=lambda t: t.header[0].line_start or 0)
