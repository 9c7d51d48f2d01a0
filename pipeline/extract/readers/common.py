"""Small helpers shared by the text-layout readers (tabbed, pipe table, cell per line).

They exist so that every reader cleans cell text, pads short rows and collects
context the same way: downstream code (header roles, value grammar, lineage)
then sees one grid convention whatever the converter was (see
`pipeline.extract.model`).
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.extract.model import CELL_POSITION_UNCERTAIN, Cell
from pipeline.ingest.text_io import collapse

_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")
_ITALIC = re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])", re.DOTALL)
_STT = re.compile(r"^(\d{1,3}(\.\d{1,2})*\.?|[IVXLC]{1,6}\.?|[A-ZĐ]\.?|[a-zđ][.)]|[-+•])$")
_NUMBERING_CELL = re.compile(r"^\(?([A-Z]|\d{1,2}(\s*=\s*[\d/+\-*x ()]+)?)\)?$")
_HAS_ALNUM = re.compile(r"\w")
_TITLE = re.compile(r"^(phụ lục|mẫu biểu|biểu số|biểu mẫu)\b", re.IGNORECASE)
_HEADING = re.compile(r"^\s*#{1,6}\s+")

# Placeholder for an escaped character while emphasis markers are stripped.
_PLACEHOLDER = "\x00{}\x00"


def strip_markup(text: str) -> str:
    """Plain text from converter markdown: drop `**`/`*` emphasis, `<br>` and a leading `#`, undo `\\` escapes.

    Converters mark header and section cells with bold and sub-rows with italics;
    the marks are layout, not content, so they must not reach indicator names.
    """
    escaped: list[str] = []

    def _protect(m: re.Match[str]) -> str:
        escaped.append(m.group(1))
        return _PLACEHOLDER.format(len(escaped) - 1)

    text = _ESCAPE.sub(_protect, text)
    text = _BR.sub(" ", text)
    text = _HEADING.sub("", text)
    text = re.sub(r"\*{2,}", "", text)
    text = _ITALIC.sub(r"\1", text)
    text = re.sub(r"\x00(\d+)\x00", lambda m: escaped[int(m.group(1))], text)
    return collapse(text)


def is_emphasized(raw: str) -> bool:
    """True when all of a cell's printed text sits inside `**…**` (how converters mark header/section cells)."""
    if not raw.strip():
        return False
    return not re.sub(r"\*\*.*?\*\*", "", raw, flags=re.DOTALL).strip()


def is_stt(text: str) -> bool:
    """Does the text look like a row number as printed in an STT column ("1", "2.1", "II", "a)", "-")?"""
    return bool(_STT.match(text.strip()))


def is_numbering_row(texts: Sequence[str]) -> bool:
    """A row of column numbers ("1 2 3 …", "A B 1 2 3 4=3/2") printed under a header: not data.

    Needs at least three non-blank cells, all column labels, and the numbers must
    increase, so a real data row of small integers is not mistaken for one.
    """
    cells = [t.strip() for t in texts if t.strip()]
    if len(cells) < 3 or not all(_NUMBERING_CELL.match(c) for c in cells):
        return False
    numbers = [int(m.group(1)) for c in cells if (m := re.match(r"\(?(\d+)", c))]
    return len(numbers) >= 2 and all(b > a for a, b in zip(numbers, numbers[1:]))


def blank_cell(line: int) -> Cell:
    """The contract's blank cell: empty text on the row's first line."""
    return Cell("", line, line)


def join_cells(cells: Sequence[Cell], flags: frozenset[str] = frozenset()) -> Cell:
    """One cell from several (wrapped or spilled-over parts): texts joined with a space, span covering all."""
    parts = [c for c in cells if not c.blank]
    if not parts:
        return cells[0] if cells else Cell("", 0, 0)
    return Cell(
        collapse(" ".join(c.text for c in parts)),
        min(c.line_start for c in parts),
        max(c.line_end for c in parts),
        flags | frozenset().union(*(c.flags for c in parts)),
    )


def fit_row(cells: list[Cell], width: int, line: int, *, first_value_col: int = 2) -> list[Cell]:
    """Make a body row exactly `width` cells wide.

    A short row is padded at the end. If it has cells past the STT and
    indicator columns (index >= `first_value_col`), those cells may sit in the
    wrong column (the source lost a cell somewhere we cannot tell), so they get
    `CELL_POSITION_UNCERTAIN`. A section row ("I", "PHÁT TRIỂN …") or a block
    heading is padded without a flag: it has no value to misplace.
    A long row drops trailing blanks; remaining extra text is joined into the
    last column, flagged uncertain, rather than dropped silently.
    """
    cells = list(cells)
    if len(cells) > width:
        while len(cells) > width and cells[-1].blank:
            cells.pop()
    if len(cells) > width:
        spill = join_cells(cells[width - 1:], frozenset({CELL_POSITION_UNCERTAIN}))
        return cells[: width - 1] + [spill]
    if len(cells) < width:
        if len(cells) > first_value_col:
            cells = [
                c if i < first_value_col or c.blank else Cell(c.text, c.line_start, c.line_end, c.flags | {CELL_POSITION_UNCERTAIN})
                for i, c in enumerate(cells)
            ]
        cells += [blank_cell(line) for _ in range(width - len(cells))]
    return cells


def header_text(parts: Sequence[str]) -> str:
    """Flattened multi-level header text: levels joined top-down, a level repeating the one above dropped."""
    out: list[str] = []
    for p in parts:
        p = collapse(p)
        if p and (not out or out[-1] != p):
            out.append(p)
    return " ".join(out)


def context_cells(
    lines: Sequence[str], start: int, end: int, limit: int = 6, *, paragraphs: bool = True
) -> list[Cell]:
    """The last `limit` lines or paragraphs printed in `lines[start:end]` (0-based), as cells with 1-based spans.

    Appendix titles ("PHỤ LỤC 1", "(Kèm theo Kế hoạch số …)") are how the
    caller tells an indicator table from a task or budget table. With
    `paragraphs`, a run of non-blank lines is one cell (for hard-wrapped web
    text, where a title is cut mid-phrase); otherwise each line is one.
    Lines with no letters or digits ("-----", "** **") are decoration, skipped.
    When an appendix title ("PHỤ LỤC 01", "Mẫu biểu số 01") is among them,
    the context starts there: what comes before is the plan's body text.
    """
    found: list[Cell] = []
    run: list[int] = []

    def flush() -> None:
        if run:
            text = strip_markup(" ".join(lines[i] for i in run))
            if _HAS_ALNUM.search(text):
                found.append(Cell(text, run[0] + 1, run[-1] + 1))
            run.clear()

    for i in range(max(start, 0), min(end, len(lines))):
        line = lines[i]
        if not line.strip() or not _HAS_ALNUM.search(line):
            flush()
        else:
            run.append(i)
            if not paragraphs:
                flush()
    flush()
    titles = [i for i, c in enumerate(found) if _TITLE.match(c.text)]
    if titles:
        found = found[titles[-1]:]  # the table's own title block, not the body text above it
    return found[-limit:] if limit else found
