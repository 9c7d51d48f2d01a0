"""Reader for tab-separated text: one table row a line, cells split by TAB (as a word processor saves a table).

Unlike `tabbed` (one cell a line, each led by a TAB, as a PDF converter
writes plan 002), here a whole row is one line: "1⇥Tỷ lệ phủ sóng 5G⇥%⇥≥ 50⇥Sở …".
Tables, header levels and block lines are found by `readers.delimited`.
"""
from __future__ import annotations

from pipeline.extract.model import Cell, Table, UnrecognizedLayout
from pipeline.extract.readers.common import blank_cell, strip_markup
from pipeline.extract.readers.delimited import read_delimited

READER = "tab_rows"
_MIN_ROWS = 3


def _split(line: str, number: int) -> list[Cell] | None:
    """Cells of a line holding a TAB (a row, or part of a row cut by a wrapped cell), or None."""
    parts = line.rstrip("\r\n").split("\t")
    if len(parts) < 2:
        return None
    return [Cell(t, number, number) if (t := strip_markup(p)) else blank_cell(number) for p in parts]


def detect(lines: list[str]) -> bool:
    """Cheap test: a few lines holding two TABs or more."""
    return sum(line.count("\t") >= 2 for line in lines) >= _MIN_ROWS


def read_tables(lines: list[str], source_file: str) -> list[Table]:
    """Every tab-separated table in the text; UnrecognizedLayout if none."""
    tables = read_delimited(lines, source_file, READER, _split)
    if not tables:
        raise UnrecognizedLayout(f"{source_file}: no tab-separated table")
    return tables
