"""From a grid of cells to indicator and target rows, with the contract's flags.

Works on `Table` alone (never on raw text), so every reader's output is
interpreted the same way: header roles say which cells are years, units and
bodies; section and block heading rows set context; the STT sequence gives
`duplicate_row_ref` and `source_gap`; the value grammar reads each cell.

Every data row and every target cell visited is counted (`Accounting`), and
every one that is not published becomes a `Problem` (kind `row` or `cell`),
so that rows seen = indicators published + rows merged + rows quarantined and
cells seen = targets published + cells quarantined, per plan.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from pipeline.extract import headers as H
from pipeline.extract.model import (
    CELL_MERGED,
    CELL_POSITION_UNCERTAIN,
    Accounting,
    Cell,
    Problem,
    Table,
    locate,
)
from pipeline.extract.values import (
    ParsedValue,
    ValueGrammarError,
    is_no_target,
    parse_cell,
    value_in_text,
)
from pipeline.metadata.columns import YEAR_MAX, YEAR_MIN

YEAR_UNCERTAIN = "year_uncertain"
YEAR_FROM_PERIOD = "year_from_period"
AGENCY_FROM_MERGED_CELL = "agency_from_merged_cell"
SOURCE_GAP = "source_gap"
DUPLICATE_ROW_REF = "duplicate_row_ref"
NAME_FROM_PARENT_ROW = "name_from_parent_row"
VALUE_FROM_NAME = "value_from_name"
#: The quarantine reason of a value whose year nothing printed gives (the plan then needs review).
NO_YEAR = "no year: the column names none, and no block row, caption or plan year gives one"

# Where a target's year came from (the plan's metadata counts them, so an officer sees it).
FROM_COLUMN, FROM_BLOCK, FROM_CAPTION, FROM_PLAN_YEAR = "column", "block", "caption", "plan_year"

_ROMAN = re.compile(r"^(?=[IVXLC])M*(?:C[MD]|D?C{0,3})(?:X[CL]|L?X{0,3})(?:I[XV]|V?I{0,3})$")
# A sub-block of a roman section ("I.1", "II.2"): its rows may number from 1 again.
_SUB_SECTION = re.compile(r"^(?=[IVXLC])[IVXLC]{1,6}(?:\.\d{1,2})+$")
_REF = re.compile(r"^\d{1,3}(?:\.\d{1,3})*$")
_SUB_REF = re.compile(r"^(?:[-+*•–]|[a-zđ]\)?|)$")  # "- Diện tích", "a) …", or no number at all
# A date's year ("31/3/2026", "ngày 20 tháng 9 năm 2025"): never a target year.
_DATE_YEAR = re.compile(rf"(?:\d{{1,2}}\s*/\s*\d{{1,2}}\s*/\s*|tháng\s+\d{{1,2}}\s+năm\s+){H.YEAR_GROUP}", re.IGNORECASE)


@dataclass
class _Row:
    """A data row with its context, before targets are read from it."""

    cells: list[Cell]
    ref: str
    name: str
    section_code: str | None
    section_title: str | None
    block_year: int | None
    block_is_period: bool
    flags: set[str]


def _printed(cells: list[Cell]) -> list[Cell]:
    """The cells a row printed itself (not blank, not a merged cell it shares): where its text came from."""
    return [c for c in cells if not c.blank and CELL_MERGED not in c.flags] or cells


def _span(cells: list[Cell]) -> tuple[int | None, int | None]:
    """Line span of a row's printed cells; None for PDF and Word cells, which have places instead."""
    printed = [c for c in _printed(cells) if c.line_start is not None]
    if not printed:
        return None, None
    return min(c.line_start for c in printed), max(c.line_end for c in printed)


def _ref(cell: Cell) -> str:
    return cell.text.strip().rstrip(".").strip()


@dataclass(frozen=True)
class YearSource:
    """A year that a table's value columns without a year of their own take, and where it was printed."""

    year: int
    source: str  # FROM_CAPTION or FROM_PLAN_YEAR
    is_period: bool


def caption_year(context: list[Cell]) -> YearSource | None:
    """The year a table's caption or appendix title gives its values, else the plan's own single year.

    "… CÁC CHỈ TIÊU … ĐẾN NĂM 2030" or "giai đoạn 2026-2030" is a caption
    year; "Kế hoạch … năm 2026" is the plan's own year. A date is neither,
    and neither is a year before the document's own date (the resolution's
    "năm 2024" in a 2026 plan's title).
    """
    text = " ".join(c.text for c in context)
    dates = [m.span(1) for m in _DATE_YEAR.finditer(text)]
    floor = max((int(text[i:j]) for i, j in dates), default=0)
    for m in H.TARGET_YEAR.finditer(text):
        year = int(m.group(2) or m.group(1))
        if year >= floor:
            return YearSource(year, FROM_CAPTION, m.group(2) is not None)
    for m in re.finditer(rf"\bnăm\s+{H.YEAR_GROUP}\b", text, re.IGNORECASE):
        if m.span(1) not in dates and int(m.group(1)) >= floor:
            return YearSource(int(m.group(1)), FROM_PLAN_YEAR, False)
    return None


def _row_problem(table: Table, cells: list[Cell], reason: str) -> Problem:
    """A table row that is not published, with all its printed cells as raw text."""
    line_start, line_end = _span(cells)
    text = " | ".join(c.text for c in cells if not c.blank)
    return Problem(table.source_file, reason, line_start, line_end, text, kind="row", locator=locate(_printed(cells)))


def _rows(table: Table, columns: list[H.Column]) -> tuple[list[_Row], list[Problem]]:
    """Data rows in order, and the rows with content that are neither data nor headings (as problems).

    Headings set context for the rows under them: a section row ("I",
    "PHÁT TRIỂN HẠ TẦNG") its code and title; a sub-block ("I.1") a code of
    its own, under which numbering may start again; a numbered group row
    ("11" over "11.1 … 11.9") its number, until the numbering returns above
    it ("12"); a block row ("Đến năm
    2030", or a section titled "Giai đoạn 2025-2027") the year of the value
    columns that name none, until the next block.
    """
    stt = H.first(columns, H.STT)
    name = H.first(columns, H.NAME)
    assert stt is not None and name is not None
    dated = {c.index for c in H.value_columns(columns)}
    rows: list[_Row] = []
    problems: list[Problem] = []
    section_code = section_title = None
    outer: tuple[str | None, str | None] = (None, None)
    block: tuple[int, bool] | None = None
    parent: _Row | None = None
    for idx, cells in enumerate(table.rows):
        filled = [c for c in cells if not c.blank]
        if not filled:
            continue
        ref = _ref(cells[stt.index])
        name_text = cells[name.index].text
        if len(filled) == 1 and (found := H.block_of(filled[0].text)) is not None:
            block = found
            section_code = section_title = parent = None
            outer = (None, None)
            continue
        values_blank = all(cells[i].blank for i in dated)
        is_section = _ROMAN.match(ref) or _SUB_SECTION.match(ref) or (
            ref and values_blank and _REF.match(ref) and name_text and _is_section_number(ref, table, idx))
        if is_section:
            if not _REF.match(ref):  # a roman section or sub-block; a numbered group row sits inside it
                outer = (ref, name_text or None)
            section_code, section_title, parent = ref, name_text or None, None
            if name_text and (found := H.block_of(name_text)) is not None:
                block = found
            continue
        if section_code and _REF.match(section_code) and _REF.match(ref) and not ref.startswith(section_code + "."):
            section_code, section_title = outer  # numbering back above the group row ("12" after "11.12")
        block_year, block_period = block if block else (None, False)
        if not name_text:
            if _REF.match(ref):
                problems.append(_row_problem(table, cells, f"{SOURCE_GAP}: row {ref} has a number but no indicator text"))
            elif any(CELL_MERGED not in c.flags for c in filled):
                problems.append(_row_problem(table, cells, "row has no indicator text"))
            continue
        if _REF.match(ref):
            row = _Row(cells, ref, name_text, section_code, section_title, block_year, block_period, set())
            rows.append(row)
            parent = row
        elif _SUB_REF.match(ref.casefold()) and parent is not None and not values_blank:
            if rows and rows[-1] is parent and all(parent.cells[i].blank for i in dated):
                rows.pop()  # a heading row over its sub-rows holds no target of its own
            sub_name = name_text.lstrip("-–+•* ")
            rows.append(_Row(cells, parent.ref, f"{parent.name.rstrip(' :')} - {sub_name}", section_code, section_title,
                             block_year, block_period, {NAME_FROM_PARENT_ROW}))
        elif ref:
            problems.append(_row_problem(table, cells, f"row number {ref!r} not understood"))
        elif not values_blank:
            problems.append(_row_problem(table, cells, "target values in a row with no row number"))
        else:
            problems.append(_row_problem(table, cells, "row with no row number and no targets (a note or sub-heading)"))
    _flag_sequence(rows)
    return rows, problems


def _is_section_number(ref: str, table: Table, idx: int) -> bool:
    """A numbered row with no values whose number is the prefix of the next rows ("1" before "1.1")."""
    for nxt in table.rows[idx + 1 : idx + 3]:
        text = nxt[0].text.strip().rstrip(".")
        if text.startswith(ref + "."):
            return True
    return False


def _flag_sequence(rows: list[_Row]) -> None:
    """`duplicate_row_ref` on both rows of a repeated STT; `source_gap` on the row after a jump."""
    counts = Counter((r.block_year, r.section_code, r.ref) for r in rows if NAME_FROM_PARENT_ROW not in r.flags)
    prev: _Row | None = None
    for row in rows:
        if counts[(row.block_year, row.section_code, row.ref)] > 1 and NAME_FROM_PARENT_ROW not in row.flags:
            row.flags.add(DUPLICATE_ROW_REF)
        if prev is not None and prev.block_year == row.block_year:
            a, b = [int(x) for x in prev.ref.split(".")], [int(x) for x in row.ref.split(".")]
            if len(a) == len(b) and a[:-1] == b[:-1] and b[-1] - a[-1] > 1:
                row.flags.add(SOURCE_GAP)
        prev = row


def name_key(name: str) -> str:
    """An indicator's identity within a plan: its name, case and spacing aside."""
    return " ".join(name.casefold().split())


@dataclass
class PlanReading:
    """What a plan's indicator tables yield, filled table by table (identity is plan-wide).

    An indicator is one printed indicator: rows of different year blocks (or
    of one table per block) with the same name are one indicator, whatever
    their STT in each block; rows whose names differ are different
    indicators. `year_sources` counts where each published target's year
    came from (column, block, caption, plan year) for the plan's metadata.
    """

    plan_id: str
    indicators: dict[str, dict] = field(default_factory=dict)
    targets: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    accounting: Accounting = field(default_factory=Accounting)
    year_sources: Counter = field(default_factory=Counter)
    header_roles: list[list[str]] = field(default_factory=list)
    _by_name: dict[str, list[str]] = field(default_factory=dict)
    _years: dict[str, set[int]] = field(default_factory=dict)
    _scopes: dict[str, tuple[int, int | None]] = field(default_factory=dict)

    def indicator_for(self, row: _Row, years: set[int]) -> tuple[str, bool]:
        """(indicator id, joins an existing indicator) for a row whose targets fall in `years`.

        A row joins the indicator of the same name when none of its years is
        taken there already (another year block of the same indicator);
        otherwise it is a new indicator, with an id unique in the plan.
        """
        for existing in self._by_name.get(name_key(row.name), []):
            if not years & self._years[existing] and self._scopes[existing] != self._scope(row):
                return existing, True
        base = f"{self.plan_id}:{row.section_code or '-'}:{row.ref}"
        indicator_id, n = base, 1
        while indicator_id in self.indicators:
            n += 1
            indicator_id = f"{base}#{n}"
        return indicator_id, False

    def _scope(self, row: _Row) -> tuple[int, int | None]:
        """The table and block a row was printed in: the same name twice in one scope is two indicators."""
        return len(self.header_roles), row.block_year

    def record(self, row: _Row, common: dict, years: set[int], row_flags: set[str], joins: bool) -> None:
        """Count a row's targets to its indicator: a new one, or the one of the same name it joins."""
        indicator_id = common["indicator_id"]
        if joins:
            self.accounting.rows_merged += 1
            indicator = self.indicators[indicator_id]
            indicator["n_targets"] += len(years)
            indicator["flags"] = sorted(set(indicator["flags"]) | row_flags)
            self._years[indicator_id] |= years
            return
        self.indicators[indicator_id] = {**common, "flags": sorted(row_flags), "n_targets": len(years)}
        self._scopes[indicator_id] = self._scope(row)
        self._by_name.setdefault(name_key(row.name), []).append(indicator_id)
        self._years[indicator_id] = years

    def rows(self) -> tuple[list[dict], list[dict], list[Problem], Accounting]:
        """The reading as the plan's rows: indicators, targets, problems and the row/cell accounting."""
        return list(self.indicators.values()), self.targets, self.problems, self.accounting


class _Found(NamedTuple):
    """A target cell read: its year, where the year came from, its flags and value."""

    year: int
    source: str
    flags: frozenset[str]
    cell: Cell
    parsed: ParsedValue


def _read_cell(col: H.Column, cell: Cell, row: _Row, table_year: YearSource | None, years: set[int],
               unit_raw: str | None, has_unit_column: bool, from_names: bool) -> _Found | str | None:
    """One value cell of a row: what it says, or why it cannot be published; None for no target at all.

    With `from_names` the cell is the indicator's own text, and a text that
    states no target is no target (an indicator list), not a problem.
    """
    if cell.blank or is_no_target(cell.text):
        return None
    parsed: ParsedValue | None = None
    if from_names:
        parsed = value_in_text(cell.text, indicator_name=row.name)
        if parsed is None:
            return None
    year, flags, source = _year_of(col, row, table_year)
    if year is None:
        return NO_YEAR
    if year in years:
        return f"a second target column for {year}"
    if not YEAR_MIN <= year <= YEAR_MAX:
        return f"year {year} outside {YEAR_MIN}–{YEAR_MAX}"
    if parsed is None:
        try:
            parsed = parse_cell(cell.text, unit_raw=unit_raw, indicator_name=row.name, has_unit_column=has_unit_column)
        except ValueGrammarError as exc:
            return f"value not understood: {exc}"
    assert parsed is not None  # blank and "-" cells were skipped above
    flags |= set(parsed.flags) | row.flags
    if from_names:
        flags.add(VALUE_FROM_NAME)
    if CELL_POSITION_UNCERTAIN in cell.flags:
        flags.add(YEAR_UNCERTAIN)
    return _Found(year, source, frozenset(flags), cell, parsed)


def read_table(table: Table, columns: list[H.Column], reading: PlanReading) -> None:
    """Read one indicator table into the plan's reading (see module docstring).

    A value column without a year takes its row's block year, else the
    table's caption year or the plan's own single year (`caption_year`);
    with none of these its cells go to quarantine, never to a default year.
    A table with no value column reads each target from its indicator's text.
    `columns` are the header's roles (`headers.classify`), as the caller judged the table by them.
    """
    reading.header_roles.append([f"{c.text or '(blank)'} → {col.role}{'' if col.year is None else ' ' + str(col.year)}"
                                 for c, col in zip(table.header, columns)])
    value_cols = H.value_columns(columns)
    name_col = H.first(columns, H.NAME)
    from_names = not value_cols and H.names_only(columns)
    if from_names and name_col is not None:
        value_cols = [H.Column(name_col.index, H.RESULT)]
    unit_col, agency_col, monitor_col = (H.first(columns, r) for r in (H.UNIT, H.AGENCY, H.MONITOR))
    table_year = caption_year(table.context)
    rows, problems = _rows(table, columns)
    reading.problems += problems
    reading.accounting += Accounting(rows_seen=len(rows) + len(problems),
                                     source_gaps=sum(SOURCE_GAP in r.flags for r in rows)
                                     + sum(p.reason.startswith(SOURCE_GAP) for p in problems))
    for row in rows:
        cells = row.cells
        unit_raw = cells[unit_col.index].text or None if unit_col else None
        agency = cells[agency_col.index] if agency_col else None
        monitor = cells[monitor_col.index] if monitor_col else None
        if agency is not None and CELL_MERGED in agency.flags:
            row.flags.add(AGENCY_FROM_MERGED_CELL)
        found: list[_Found] = []
        years: set[int] = set()
        for col in value_cols:
            cell = cells[col.index]
            result = _read_cell(col, cell, row, table_year, years, unit_raw, unit_col is not None, from_names)
            if result is None:
                continue
            reading.accounting.cells_seen += 1
            if isinstance(result, str):
                reading.problems.append(Problem(table.source_file, result, cell.line_start, cell.line_end, cell.text,
                                                kind="cell", locator=locate([cell])))
            else:
                found.append(result)
                years.add(result.year)
        indicator_id, joins = reading.indicator_for(row, years)
        line_start, line_end = _span(cells)
        common = {
            "plan_id": reading.plan_id,
            "indicator_id": indicator_id,
            "row_ref": row.ref,
            "section_code": row.section_code,
            "section_title": row.section_title,
            "indicator_name": reading.indicators[indicator_id]["indicator_name"] if joins else row.name,
            "unit_raw": unit_raw,
            "responsible_agency": (agency.text or None) if agency is not None else None,
            "monitoring_agency": (monitor.text or None) if monitor is not None else None,
            "source_file": table.source_file,
            "line_start": line_start,
            "line_end": line_end,
            "source_locator": locate(_printed(cells)),
        }
        for f in found:
            reading.year_sources[f.source] += 1
            reading.targets.append({
                "target_id": f"{indicator_id}:{f.year}",
                **common,
                "year": f.year,
                "comparator": f.parsed.comparator,
                "value": f.parsed.value,
                "value_max": f.parsed.value_max,
                "value_text": f.parsed.value_text,
                "unit": f.parsed.unit,
                "raw_text": f.cell.text,
                "flags": sorted(f.flags),
            })
        reading.record(row, common, years, set(row.flags), joins)


def _year_of(col: H.Column, row: _Row, table_year: YearSource | None) -> tuple[int | None, set[str], str]:
    """Year of a target cell, its flags and where it came from: its column's year, else its block's, else the
    table's caption or plan year; None when nothing printed gives one."""
    if col.role == H.YEAR:
        return col.year, set(), FROM_COLUMN
    if col.role == H.PERIOD:
        return col.year, {YEAR_FROM_PERIOD}, FROM_COLUMN
    if row.block_year is not None:
        return row.block_year, ({YEAR_FROM_PERIOD} if row.block_is_period else set()), FROM_BLOCK
    if table_year is not None:
        return table_year.year, ({YEAR_FROM_PERIOD} if table_year.is_period else set()), table_year.source
    return None, set(), ""
