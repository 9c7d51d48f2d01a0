"""Reader for web pages converted to markdown with tables flattened to one cell per line.

Layout (thuvienphapluat-style pages, see ../shared/examples/camau-*.txt):
each row prints as `|`, cell, `|`, cell, …, `|`; a cell's text may be
hard-wrapped over several lines; an empty cell prints as nothing (or an empty
line) between two `|` lines; the next row opens with its own `|`, so rows
are separated by two `|` lines in a row. Other converters of this family
print an extra `|` after every row's closing one (rows separated by three
`|` lines, the last row closed by two) and every empty cell as an empty line;
the reader measures the separator as the run of adjacent `|` lines most often
seen before a row number, and drops the extra `|` lines of every run so that
the rest reads one layout. Header and section cells are in `**…**`.
Because an omitted empty cell also shows as two adjacent `|`, the text
alone does not say where a row ends: the reader fixes the column count
from the spacing of row numbers (STT), then cuts the body into rows by
dynamic programming so that as many rows as possible have exactly that many
cells. In the real pages every body row comes out full; a row that cannot be
(a cell really lost) is padded at the end, its value cells flagged
`CELL_POSITION_UNCERTAIN`.

The HTML spans are lost too: a two-level header prints its top row with one
cell per top-level header (a spanning cell once) and its second row with only
the sub-headers. The reader infers which top cells span which sub-headers
(row labels such as STT/Nội dung/Đơn vị never span; a sub-header naming a
year goes under a top cell whose year or period covers it; otherwise the
leftmost candidates, split evenly) and flattens them ("Năm hiện hành 2025
Kế hoạch"). A row of column numbers ("1 2 3", "A B 1 2") under the header
is dropped.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import combinations
from math import comb

from pipeline.extract.model import Cell, Table, UnrecognizedLayout
from pipeline.extract.readers.common import (
    blank_cell,
    context_cells,
    fit_row,
    header_text,
    is_emphasized,
    is_numbering_row,
    is_stt,
    strip_markup,
)

READER = "cell_per_line"
_MIN_PIPES = 12
_IDENTITY = re.compile(
    r"^(stt|tt|số tt|số thứ tự|nội dung|chỉ tiêu|tên|đơn vị|đvt|sản phẩm|danh mục|ghi chú|nhiệm vụ|cơ quan|ngành|lĩnh vực)",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_PERIOD = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*[-–—]\s*((?:19|20)\d\d)(?!\d)")
_HAS_DIGIT = re.compile(r"\d")
_MAX_CHOICES = 50_000


def _is_pipe(line: str) -> bool:
    return line.strip() == "|"


def detect(lines: list[str]) -> bool:
    """Cheap test: many lines holding only `|`, some of them adjacent (row ends)."""
    pipes = [i for i, line in enumerate(lines) if _is_pipe(line)]
    return len(pipes) >= _MIN_PIPES and any(b == a + 1 for a, b in zip(pipes, pipes[1:]))


@dataclass(frozen=True)
class _Seg:
    """What is printed between two consecutive `|` lines."""

    raw: str  # printed lines joined with a space (markup kept, for bold tests)
    text: str  # cleaned cell text
    start: int  # 1-based span of its non-blank lines (the line after the opening `|` if none)
    end: int
    zero: bool  # nothing at all between the pipes: a row boundary or an omitted empty cell

    def cell(self, row_line: int) -> Cell:
        return Cell(self.text, self.start, self.end) if self.text else blank_cell(row_line)


def _regions(lines: list[str]) -> list[list[int]]:
    """0-based `|` line numbers grouped by table: a gap holding a paragraph break ends a table."""
    regions: list[list[int]] = []
    for i, line in enumerate(lines):
        if not _is_pipe(line):
            continue
        if regions:
            gap = lines[regions[-1][-1] + 1 : i]
            if not (any(not g.strip() for g in gap) and any(g.strip() for g in gap)):
                regions[-1].append(i)
                continue
        regions.append([i])
    return regions


def _segments(lines: list[str], pipes: list[int]) -> list[_Seg]:
    segs = []
    for a, b in zip(pipes, pipes[1:]):
        filled = [i for i in range(a + 1, b) if lines[i].strip()]
        raw = " ".join(lines[i].strip() for i in filled)
        start, end = (filled[0] + 1, filled[-1] + 1) if filled else (a + 2, a + 2)
        segs.append(_Seg(raw, strip_markup(raw), start, end, b == a + 1))
    return segs


def _separator(segs: list[_Seg]) -> int:
    """Zero segments between two rows: the run of them most often seen just before a row number.

    A run before a row number may also hold the previous row's omitted empty
    cells, so the most common run (the shorter on a tie) is the bare separator.
    """
    runs, run = Counter(), 0
    for s in segs:
        if not s.zero:
            if run and is_stt(s.text):
                runs[run] += 1
            run = 0
        else:
            run += 1
    return min(runs, key=lambda r: (-runs[r], r)) if runs else 1


def _collapse(segs: list[_Seg], separator: int) -> list[_Seg]:
    """Drop the separator's extra zero segments from every run (also the last row's close).

    What remains of a run is one row boundary plus the omitted empty cells it
    held, the layout the rest of the reader expects.
    """
    extra = separator - 1
    out: list[_Seg] = []
    run: list[_Seg] = []
    for s in segs:
        if s.zero:
            run.append(s)
            continue
        out += run[extra:] if len(run) >= separator else run
        out.append(s)
        run = []
    return out + run[extra:]


def _estimate_width(segs: list[_Seg]) -> int | None:
    """Column count from the most common spacing of row numbers that follow a row boundary."""
    starts = [i for i in range(1, len(segs)) if segs[i - 1].zero and is_stt(segs[i].text)]
    gaps = Counter(b - a for a, b in zip(starts, starts[1:]) if b - a >= 4)
    if not gaps:
        return None
    step, _ = max(gaps.items(), key=lambda kv: (kv[1], -kv[0]))
    return step - 1


def _pieces(segs: list[_Seg]) -> list[tuple[int, int]]:
    """Runs of non-empty segments between zero segments, as [first, last] index pairs."""
    out, first = [], None
    for i, s in enumerate(segs):
        if s.zero:
            if first is not None:
                out.append((first, i - 1))
            first = None
        elif first is None:
            first = i
    if first is not None:
        out.append((first, len(segs) - 1))
    return out


def _is_sub_header(piece: list[_Seg], width: int | None, bold_header: bool) -> bool:
    """A lower header row: fewer cells than columns, no row number, bold like the top row, no data digits."""
    if len(piece) < 2 or (width is not None and len(piece) >= width) or is_stt(piece[0].text):
        return False
    if bold_header and not all(is_emphasized(s.raw) for s in piece):
        return False
    return not any(_HAS_DIGIT.search(_YEAR.sub("", s.text)) for s in piece)


def _split_header(segs: list[_Seg], width: int | None) -> tuple[list[list[_Seg]], int, list[_Seg] | None]:
    """Header rows, the index where the body starts, and the column-number row if printed."""
    pieces = _pieces(segs)
    if not pieces:
        return [], 0, None
    levels = [segs[pieces[0][0] : pieces[0][1] + 1]]
    bold = all(is_emphasized(s.raw) for s in levels[0])
    last, numbering = pieces[0][1], None
    for first, end in pieces[1:]:
        piece = segs[first : end + 1]
        if is_numbering_row([s.text for s in piece]):  # may start with omitted empty cells
            numbering, last = segs[last + 2 : end + 1], end
            break
        if first != last + 2:  # an omitted empty cell inside: not a header row
            break
        if not _is_sub_header(piece, width, bold):
            break
        levels.append(piece)
        last = end
    return levels, last + 2, numbering


def _rows(segs: list[_Seg], width: int) -> list[list[_Seg]]:
    """Cut body segments into rows at zero segments so that rows are `width` cells wide where possible.

    Cost of a row of k cells: width - k if short, 10 per extra cell if long;
    the cheapest cut wins (ties: the first found, scanning short rows last).
    """
    n = len(segs)
    inf = float("inf")
    best = [inf] * (n + 2)  # best[i]: cost of segs[:i] cut into rows, a row starting at i
    back = [-1] * (n + 2)
    best[0] = 0.0
    for i in range(n):
        if best[i] == inf:
            continue
        for j in range(i + 1, min(n, i + 2 * width) + 1):
            if j < n and not segs[j].zero:
                continue
            k = j - i
            cost = best[i] + (width - k if k <= width else 10 * (k - width))
            nxt = n + 1 if j == n else j + 1
            if cost < best[nxt]:
                best[nxt], back[nxt] = cost, i
    if best[n + 1] == inf:
        return []
    rows, end = [], n + 1
    while end > 0:
        start = back[end]
        rows.append(segs[start : (n if end == n + 1 else end - 1)])
        end = start
    return rows[::-1]


def _years(text: str) -> set[int]:
    return {int(y) for y in _YEAR.findall(text)}


def _compat(parent: str, child: str) -> float:
    """How well a sub-header fits under a top header: years must agree, a period must cover them."""
    child_years = _years(child)
    if not child_years:
        return 0.0
    period = _PERIOD.search(parent)
    if period:
        low, high = int(period.group(1)), int(period.group(2))
        return 1.0 if all(low <= y <= high for y in child_years) else -2.0
    parent_years = _years(parent)
    if parent_years:
        return 0.5 if child_years & parent_years else -2.0
    return 0.0


def _compositions(total: int, parts: int):
    """All ways to write `total` as `parts` positive sizes, in order."""
    for cuts in combinations(range(1, total), parts - 1):
        bounds = (0, *cuts, total)
        yield tuple(b - a for a, b in zip(bounds, bounds[1:]))


def _merge_level(parents: list[Cell], children: list[Cell], width: int | None) -> list[Cell] | None:
    """Place a lower header row under the top cells that span it; None if the counts cannot fit."""
    k1, k2 = len(parents), len(children)
    spans = k1 + k2 - width if width is not None else 1
    if not 1 <= spans <= min(k1, k2):
        return None
    candidates = [i for i, p in enumerate(parents) if not _IDENTITY.match(p.text)]
    if len(candidates) < spans:
        candidates = list(range(k1))
    if comb(len(candidates), spans) * comb(k2 - 1, spans - 1) > _MAX_CHOICES:
        size, extra = divmod(k2, spans)
        choice = (tuple(candidates[:spans]), tuple(size + (i < extra) for i in range(spans)))
    else:
        choice, best = None, None
        for chosen in combinations(candidates, spans):
            for sizes in _compositions(k2, spans):
                score, pos = -0.1 * (max(sizes) - min(sizes)), 0
                for parent, size in zip(chosen, sizes):
                    score -= 1.0 if size == 1 else 0.0
                    score += sum(_compat(parents[parent].text, c.text) for c in children[pos : pos + size])
                    pos += size
                if best is None or score > best + 1e-9:
                    best, choice = score, (chosen, sizes)
    chosen, sizes = choice
    groups, pos = {}, 0
    for parent, size in zip(chosen, sizes):
        groups[parent] = children[pos : pos + size]
        pos += size
    out: list[Cell] = []
    for i, parent in enumerate(parents):
        for child in groups.get(i, [None]):
            if child is None:
                out.append(parent)
            else:
                parts = [parent, child]
                out.append(Cell(header_text([p.text for p in parts]), min(p.line_start for p in parts), max(p.line_end for p in parts)))
    return out


def _header(levels: list[list[_Seg]], width: int | None) -> list[Cell]:
    """Flattened header: each lower level merged under the one above (the last one to `width` columns)."""
    line = levels[0][0].start
    flat = [s.cell(line) for s in levels[0]]
    for depth, level in enumerate(levels[1:], start=1):
        target = width if depth == len(levels) - 1 else None
        merged = _merge_level(flat, [s.cell(line) for s in level], target)
        if merged is None:
            break
        flat = merged
    return flat


def _table(lines: list[str], pipes: list[int], prev_end: int, source_file: str) -> Table | None:
    segs = _segments(lines, pipes)
    segs = _collapse(segs, _separator(segs))
    width = _estimate_width(segs)
    levels, body_start, numbering = _split_header(segs, width)
    if not levels:
        return None
    if width is None:  # too few numbered rows to measure: fall back on the printed column numbers
        width = len(numbering) if numbering else len(levels[0]) + sum(len(lv) - 1 for lv in levels[1:])
    header = _header(levels, width)
    width = max(width, len(header))
    header += [blank_cell(header[0].line_start)] * (width - len(header))
    rows = []
    for row in _rows(segs[body_start:], width):
        filled = [s for s in row if s.text]
        if not filled:
            continue
        line = filled[0].start
        rows.append(fit_row([s.cell(line) for s in row], width, line))
    if width < 3 or not rows:
        return None
    return Table(source_file, READER, header, rows, context_cells(lines, prev_end, pipes[0], limit=5))


def read_tables(lines: list[str], source_file: str) -> list[Table]:
    """Every one-cell-per-line table in the text (see module docstring); UnrecognizedLayout if none.

    Letterheads and signature blocks print as small pipe grids too; they have
    no row numbers and fewer than three columns or no body, and are skipped.
    """
    tables: list[Table] = []
    prev_end = 0
    for pipes in _regions(lines):
        if len(pipes) >= 4:
            table = _table(lines, pipes, prev_end, source_file)
            if table is not None:
                tables.append(table)
        prev_end = pipes[-1] + 1
    if not tables:
        raise UnrecognizedLayout(f"{source_file}: no one-cell-per-line table")
    return tables


