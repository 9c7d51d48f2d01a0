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
from dataclasses import dataclass

from pipeline import headers as H
from pipeline.model import CELL_MERGED, CELL_POSITION_UNCERTAIN, Accounting, Cell, Problem, Table, locate
from pipeline.values import ValueGrammarError, is_no_target, parse_target
from validations.columns import YEAR_MAX, YEAR_MIN

YEAR_UNCERTAIN = "year_uncertain"
YEAR_FROM_PERIOD = "year_from_period"
AGENCY_FROM_MERGED_CELL = "agency_from_merged_cell"
SOURCE_GAP = "source_gap"
DUPLICATE_ROW_REF = "duplicate_row_ref"
NAME_FROM_PARENT_ROW = "name_from_parent_row"

_ROMAN = re.compile(r"^(?=[IVXLC])M*(?:C[MD]|D?C{0,3})(?:X[CL]|L?X{0,3})(?:I[XV]|V?I{0,3})$")
_REF = re.compile(r"^\d{1,3}(?:\.\d{1,3})*$")
_SUB_REF = re.compile(r"^(?:[-+*•–]|[a-zđ]\)?|)$")  # "- Diện tích", "a) …", or no number at all
_BLOCK = re.compile(r"^(?:đến\s+)?(?:năm|giai đoạn)\s+((?:19|20)\d\d)(?:\s*[-–—]\s*((?:19|20)\d\d))?$", re.IGNORECASE)
_PLAN_YEAR = re.compile(r"\bnăm\s+((?:19|20)\d\d)\b", re.IGNORECASE)


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


def _plan_year(table: Table) -> int | None:
    """The single year a one-column plan is for ("… năm 2026" in its title lines)."""
    for cell in table.context:
        m = _PLAN_YEAR.search(cell.text)
        if m:
            return int(m.group(1))
    return None


def _row_problem(table: Table, cells: list[Cell], reason: str) -> Problem:
    """A table row that is not published, with all its printed cells as raw text."""
    line_start, line_end = _span(cells)
    text = " | ".join(c.text for c in cells if not c.blank)
    return Problem(table.source_file, reason, line_start, line_end, text, kind="row", locator=locate(_printed(cells)))


def _rows(table: Table, columns: list[H.Column]) -> tuple[list[_Row], list[Problem]]:
    """Data rows in order, and the rows with content that are neither data nor headings (as problems)."""
    stt = H.first(columns, H.STT)
    name = H.first(columns, H.NAME)
    assert stt is not None and name is not None
    dated = {c.index for c in H.value_columns(columns)}
    rows: list[_Row] = []
    problems: list[Problem] = []
    section_code = section_title = None
    block_year, block_period = None, False
    parent: _Row | None = None
    for cells in table.rows:
        filled = [c for c in cells if not c.blank]
        if not filled:
            continue
        ref = _ref(cells[stt.index])
        name_text = cells[name.index].text
        if len(filled) == 1 and _BLOCK.match(filled[0].text):
            m = _BLOCK.match(filled[0].text)
            block_year, block_period = int(m.group(2) or m.group(1)), m.group(2) is not None
            section_code = section_title = parent = None
            continue
        values_blank = all(cells[i].blank for i in dated)
        if _ROMAN.match(ref) or (ref and values_blank and _REF.match(ref) and name_text and _is_section_number(ref, table, cells)):
            section_code, section_title, parent = ref, name_text or None, None
            continue
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


def _is_section_number(ref: str, table: Table, cells: list[Cell]) -> bool:
    """A numbered row with no values whose number is the prefix of the next rows ("1" before "1.1")."""
    idx = next(i for i, r in enumerate(table.rows) if r is cells)
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


def read_table(table: Table, plan_id: str) -> tuple[list[dict], list[dict], list[Problem], Accounting]:
    """Indicators, targets, problems and the row/cell accounting of one indicator table (see module docstring)."""
    columns = H.classify([c.text for c in table.header])
    value_cols = H.value_columns(columns)
    unit_col, agency_col, monitor_col = (H.first(columns, r) for r in (H.UNIT, H.AGENCY, H.MONITOR))
    plan_year = _plan_year(table)
    indicators: dict[str, dict] = {}
    targets: list[dict] = []
    rows, problems = _rows(table, columns)
    accounting = Accounting(rows_seen=len(rows) + len(problems),
                            source_gaps=sum(SOURCE_GAP in r.flags for r in rows)
                            + sum(p.reason.startswith(SOURCE_GAP) for p in problems))
    occurrences: Counter = Counter()
    for row in rows:
        cells = row.cells
        key = (row.block_year, row.section_code, row.ref)
        occurrences[key] += 1
        base = f"{plan_id}:{row.section_code or '-'}:{row.ref}"
        indicator_id = base if occurrences[key] == 1 else f"{base}#{occurrences[key]}"
        name = row.name
        unit_raw = cells[unit_col.index].text or None if unit_col else None
        agency = cells[agency_col.index] if agency_col else None
        monitor = cells[monitor_col.index] if monitor_col else None
        line_start, line_end = _span(cells)
        row_flags = set(row.flags)
        if agency is not None and CELL_MERGED in agency.flags:
            row_flags.add(AGENCY_FROM_MERGED_CELL)
        common = {
            "plan_id": plan_id,
            "indicator_id": indicator_id,
            "row_ref": row.ref,
            "section_code": row.section_code,
            "section_title": row.section_title,
            "indicator_name": name,
            "unit_raw": unit_raw,
            "responsible_agency": (agency.text or None) if agency is not None else None,
            "monitoring_agency": (monitor.text or None) if monitor is not None else None,
            "source_file": table.source_file,
            "line_start": line_start,
            "line_end": line_end,
            "source_locator": locate(_printed(cells)),
        }
        n_before = len(targets)
        years_seen: set[int] = set()
        for col in value_cols:
            cell = cells[col.index]
            if cell.blank or is_no_target(cell.text):
                continue
            accounting.cells_seen += 1
            year, flags = _year_of(col, row, plan_year)
            reason = None
            if year is None:
                reason = "target column has no year"
            elif year in years_seen:
                reason = f"a second target column for {year}"
            elif not YEAR_MIN <= year <= YEAR_MAX:
                reason = f"year {year} outside {YEAR_MIN}–{YEAR_MAX}"
            if reason is not None:
                problems.append(Problem(table.source_file, reason, cell.line_start, cell.line_end, cell.text, kind="cell",
                                        locator=locate([cell])))
                continue
            try:
                parsed = parse_target(cell.text, unit_raw=unit_raw, indicator_name=name, has_unit_column=unit_col is not None)
            except ValueGrammarError as exc:
                problems.append(Problem(table.source_file, f"value not understood: {exc}", cell.line_start, cell.line_end,
                                        cell.text, kind="cell", locator=locate([cell])))
                continue
            assert parsed is not None  # blank and "-" cells were skipped above
            years_seen.add(year)
            flags |= set(parsed.flags) | row_flags
            if CELL_POSITION_UNCERTAIN in cell.flags:
                flags.add(YEAR_UNCERTAIN)
            targets.append(
                {
                    "target_id": f"{indicator_id}:{year}",
                    **common,
                    "year": year,
                    "comparator": parsed.comparator,
                    "value": parsed.value,
                    "value_max": parsed.value_max,
                    "value_text": parsed.value_text,
                    "unit": parsed.unit,
                    "raw_text": cell.text,
                    "flags": sorted(flags),
                }
            )
        n_targets = len(targets) - n_before
        if indicator_id in indicators:
            accounting.rows_merged += 1
            indicators[indicator_id]["n_targets"] += n_targets
            indicators[indicator_id]["flags"] = sorted(set(indicators[indicator_id]["flags"]) | row_flags)
        else:
            indicators[indicator_id] = {**common, "flags": sorted(row_flags), "n_targets": n_targets}
    return list(indicators.values()), targets, problems, accounting


def _year_of(col: H.Column, row: _Row, plan_year: int | None) -> tuple[int | None, set[str]]:
    """Year of a target cell: its column's year, else its block's, else the plan's own year."""
    if col.role == H.YEAR:
        return col.year, set()
    if col.role == H.PERIOD:
        return col.year, {YEAR_FROM_PERIOD}
    if row.block_year is not None:
        return row.block_year, ({YEAR_FROM_PERIOD} if row.block_is_period else set())
    return plan_year, set()
