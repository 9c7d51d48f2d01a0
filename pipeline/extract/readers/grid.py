"""Drawn tables (PDF, Word) to the grid contract: spans, header levels, page breaks.

A document reader knows each printed cell and the grid slots it covers; the
rest is the same for PDF and Word and lives here, so both read alike:

- header rows are the leading rows before the first row number (STT) or
  full-width heading; a cell spanning header columns gives its text to each
  ("Mục tiêu theo từng giai đoạn" over "Năm 2025" … → one text per column);
- a body cell merged over several rows gives its text to every row it spans,
  flagged `CELL_MERGED`; one spanning columns is printed once, in its first
  column (so "Đến năm 2030" across the table stays a block heading);
- a table that directly continues the previous one (next page, or nothing
  printed between) with the same columns is joined to it; header rows it
  repeats are dropped, and a first row with no row number is the rest of a
  row the page break cut: its text is joined to that row, not made a row.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from pipeline.extract import headers as H
from pipeline.extract.model import CELL_MERGED, Cell, Place, Table
from pipeline.extract.readers.common import header_text, is_numbering_row, is_stt
from pipeline.ingest.text_io import collapse

_MAX_HEADER_ROWS = 4
_BULLETS = ("-", "+", "•", "–", "*")


@dataclass(frozen=True, eq=False)
class Slot:
    """One printed cell; a merged cell is the same Slot object in every grid position it covers."""

    text: str
    place: Place


@dataclass
class DrawnTable:
    """A table as drawn: `grid[row][column]`, the context printed above it, and whether it continues the previous one."""

    grid: list[list[Slot]]
    context: list[str]
    follows: bool


def _distinct(row: list[Slot]) -> list[Slot]:
    out: list[Slot] = []
    for s in row:
        if s.text and all(s is not o for o in out):
            out.append(s)
    return out


def _header_depth(grid: list[list[Slot]]) -> int:
    """Leading rows that form a header naming an STT and an indicator column; 0 when the table starts with data."""
    depth = 0
    while depth < min(len(grid), _MAX_HEADER_ROWS):
        row = grid[depth]
        if len(_distinct(row)) < 2 or is_stt(row[0].text):
            break
        depth += 1
    if depth and not {H.STT, H.NAME} <= {c.role for c in H.classify(_flatten(grid[:depth]))}:
        return 0
    return depth


def _flatten(rows: list[list[Slot]]) -> list[str]:
    """One header text per column: the texts of the distinct cells above it, top to bottom."""
    out = []
    for col in range(len(rows[0])):
        parts: list[Slot] = []
        for row in rows:
            if row[col].text and all(row[col] is not p for p in parts):
                parts.append(row[col])
        out.append(header_text([p.text for p in parts]))
    return out


def _body(grid: list[list[Slot]], first: int) -> list[list[Cell]]:
    """Body rows (from `first`) as cells: row spans repeated and flagged, column spans printed once."""
    rows = []
    for r in range(first, len(grid)):
        cells = []
        for c, slot in enumerate(grid[r]):
            if (c and grid[r][c - 1] is slot) or (first and grid[first - 1][c] is slot):
                # a column span, or a header cell reaching into the body: no rule closes it (see _carry_open)
                cells.append(Cell("", None, None, places=(slot.place,)))
                continue
            spans_rows = (r > first and grid[r - 1][c] is slot) or (r + 1 < len(grid) and grid[r + 1][c] is slot)
            flags = frozenset({CELL_MERGED}) if spans_rows and slot.text else frozenset()
            cells.append(Cell(slot.text, None, None, flags, (slot.place,)))
        rows.append(cells)
    return rows


def _carry_open(d: DrawnTable, depth: int, body: list[list[Cell]], above: list[Cell]) -> None:
    """A cell merged down over a page break is drawn open at the top of the next page (no rule under the
    repeated header there), so the header cell seems to reach into the body: those slots continue the
    cell above the break, which gives its text to them as a merged cell."""
    for c, head in enumerate(d.grid[depth - 1] if depth else []):
        open_rows = [k for k in range(len(body)) if d.grid[depth + k][c] is head]
        if open_rows and not above[c].blank:
            merged = replace(above[c], flags=above[c].flags | {CELL_MERGED})
            above[c] = merged
            for k in open_rows:
                body[k][c] = merged


def _is_cut_rest(row: list[Cell], stt: int, name: int) -> bool:
    """The top of a page continuing a row the break cut: no row number, and not an unnumbered sub-row ("- …")."""
    return row[stt].blank and not row[name].text.startswith(_BULLETS) and any(not c.blank for c in row)


def _join(upper: list[Cell], lower: list[Cell]) -> list[Cell]:
    out = []
    for a, b in zip(upper, lower):
        text = collapse(f"{a.text} {b.text}")
        out.append(Cell(text, None, None, a.flags | b.flags, a.places + b.places) if not b.blank else a)
    return out


def tables(drawn: list[DrawnTable], source_file: str, reader: str) -> list[Table]:
    """The grid-contract tables of a document's drawn tables, continuations joined (see module docstring)."""
    out: list[Table] = []
    header_rows: list[list[str]] = []
    for d in drawn:
        if not d.grid:
            continue
        depth = _header_depth(d.grid)
        width = len(d.grid[0])
        prev = out[-1] if out else None
        if prev is not None and d.follows and width == len(prev.header) and (
                not depth or _flatten(d.grid[:depth]) == [c.text for c in prev.header]):
            body = _body(d.grid, depth)
            if prev.rows:
                _carry_open(d, depth, body, prev.rows[-1])
            body = [r for r in body if [c.text for c in r] not in header_rows]
            columns = H.classify([c.text for c in prev.header])
            stt, name = H.first(columns, H.STT), H.first(columns, H.NAME)
            if body and prev.rows and stt is not None and name is not None and _is_cut_rest(body[0], stt.index, name.index):
                prev.rows[-1] = _join(prev.rows[-1], body.pop(0))
            prev.rows += body
            continue
        if not depth:
            continue
        header_rows = [[c.text for c in r] for r in _body(d.grid[:depth], 0)]
        header = [Cell(t, None, None, places=tuple(dict.fromkeys(row[c].place for row in d.grid[:depth])))
                  for c, t in enumerate(_flatten(d.grid[:depth]))]
        body = _body(d.grid, depth)
        while body and is_numbering_row([c.text for c in body[0]]):
            body.pop(0)
        body = [r for r in body if [c.text for c in r] not in header_rows]
        context = [Cell(t, None, None) for t in d.context]
        out.append(Table(source_file, reader, header, body, context))
    return [replace(t, rows=[r for r in t.rows if any(not c.blank for c in r)]) for t in out if t.rows]
