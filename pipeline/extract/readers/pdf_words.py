"""Tables drawn without rules: the cell grid rebuilt from word positions, columns taken from the header.

A PDF table without rules still prints every cell at its column's x: the
header line ("STT  Chỉ tiêu  Năm 2025 …") gives the columns (each header cell
starts one), every word below goes to the column it starts in, and a row
begins where the STT column holds a number or a section numeral; lines
without one continue the row's wrapped cells. The result is the same drawn
grid a ruled table gives (`grid.DrawnTable`), so header levels, repeated
headers, rows cut by a page break and merged cells are handled by `grid`.
"""
from __future__ import annotations

import re
import unicodedata

from pipeline.extract.model import PdfBox
from pipeline.extract.readers import grid
from pipeline.extract.readers.common import is_stt
from pipeline.ingest.text_io import collapse

#: Words of one printed line differ this much in `top` at most (points).
_LINE_TOLERANCE = 3.0
#: A gap wider than this many characters separates two header cells, not two words of one.
_CELL_GAP = 1.5
#: A word starting this far left of a column's start still belongs to it (points).
_ALIGN = 3.0
_ANCHOR = re.compile(r"^(?:STT|Stt|TT)$")
_NAME_WORDS = ("Chỉ", "Nội", "Tên", "CHỈ", "NỘI")
_NUMBER = re.compile(r"\d+")
#: Masked numbers at either end of a line: the page number a running header or footer prints left or right.
_END_NUMBERS = re.compile(r"^(?:# )+|(?: #)+$")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


class PageLines:
    """Each page's printed lines, read from pdfplumber once and shared by the word tables, the running-line
    checks and the text fallback (extracting words is the costly step after parsing a page)."""

    def __init__(self, pdf) -> None:
        self.pdf = pdf
        self._lines: dict[int, list[list[dict]]] = {}

    def __len__(self) -> int:
        return len(self.pdf.pages)

    def __getitem__(self, index: int) -> list[list[dict]]:
        if index not in self._lines:
            words = self.pdf.pages[index].extract_words(keep_blank_chars=False, use_text_flow=False)
            self._lines[index] = printed_lines([w for w in words if w["text"].strip()])
        return self._lines[index]

    def neighbours(self, index: int) -> list[list[list[dict]]]:
        """The lines of the pages just before and after `index` that exist."""
        return [self[i] for i in (index - 1, index + 1) if 0 <= i < len(self)]


def printed_lines(words: list[dict]) -> list[list[dict]]:
    """Words grouped into printed lines, top to bottom, each line left to right."""
    lines: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if lines and abs(w["top"] - lines[-1][0]["top"]) <= _LINE_TOLERANCE:
            lines[-1].append(w)
        else:
            lines.append([w])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def _cells(line: list[dict]) -> list[list[dict]]:
    """A line's words grouped into cells: a gap wider than `_CELL_GAP` characters starts a new cell."""
    char = sum((w["x1"] - w["x0"]) / max(1, len(w["text"])) for w in line) / len(line)
    cells = [[line[0]]]
    for w in line[1:]:
        if w["x0"] - cells[-1][-1]["x1"] > _CELL_GAP * char:
            cells.append([w])
        else:
            cells[-1].append(w)
    return cells


def _shape(line: list[dict]) -> str:
    """What a running line keeps from page to page: its text, numbers masked, page numbers at the ends dropped."""
    return _END_NUMBERS.sub("", _NUMBER.sub("#", _text(line)))


def is_running(line: list[dict], others: list[list[list[dict]]]) -> bool:
    """The line stands at the same height on one of the other pages with the same text but for numbers:
    a running header or footer ("CÔNG BÁO/Số 333/Ngày 16-06-2026 80"), not the document's own text."""
    top, shape = line[0]["top"], _shape(line)
    return any(abs(other[0]["top"] - top) <= _LINE_TOLERANCE and _shape(other) == shape
               for lines in others for other in lines)


def _without_footer(lines: list[list[dict]], body: int, others: list[list[list[dict]]]) -> list[list[dict]]:
    """The page's lines without the running lines that end it, the table's first body line kept: a footer is
    not the text of the page's last row."""
    end = len(lines)
    while end > body + 1 and is_running(lines[end - 1], others):
        end -= 1
    return lines[:end]


def _is_header_anchor(line: list[dict]) -> bool:
    return bool(_ANCHOR.match(line[0]["text"])) and any(w["text"] in _NAME_WORDS for w in line[1:3])


def _box(page: int, words: list[dict]) -> PdfBox:
    return PdfBox(page, min(w["x0"] for w in words), min(w["top"] for w in words),
                  max(w["x1"] for w in words), max(w["bottom"] for w in words))


def _text(words: list[dict]) -> str:
    return collapse(_nfc(" ".join(w["text"] for w in words)))


def _row(page: int, lines: list[list[dict]], starts: list[float]) -> list[grid.Slot]:
    """One grid row from its printed lines: each word to the column it starts in."""
    columns: list[list[dict]] = [[] for _ in starts]
    for line in lines:
        for w in line:
            index = max((k for k, x in enumerate(starts) if x - _ALIGN <= w["x0"]), default=0)
            columns[index].append(w)
    top, bottom = min(w["top"] for line in lines for w in line), max(w["bottom"] for line in lines for w in line)
    return [grid.Slot(_text(ws), _box(page, ws)) if ws else grid.Slot("", PdfBox(page, starts[k], top, starts[k], bottom))
            for k, ws in enumerate(columns)]


def _body_start(lines: list[list[dict]], anchor: int) -> int:
    """The first body line: the first below the header anchor that starts with a row number."""
    return next((i for i in range(anchor + 1, len(lines)) if is_stt(lines[i][0]["text"])), len(lines))


def page_table(page_number: int, lines: list[list[dict]], anchor: int, follows: bool,
               context: list[str]) -> grid.DrawnTable:
    """The page's table drawn without rules, its header starting at printed line `anchor`."""
    body = _body_start(lines, anchor)
    header_lines = lines[anchor:body]
    starts = sorted(cell[0]["x0"] for cell in _cells(max(header_lines, key=lambda l: len(_cells(l)))))
    first_column_end = starts[1] if len(starts) > 1 else float("inf")
    rows: list[list[list[dict]]] = [[line] for line in header_lines]
    for line in lines[body:]:
        numbered = line[0]["x0"] < first_column_end - _ALIGN and is_stt(line[0]["text"])
        if numbered or len(rows) == len(header_lines):
            rows.append([line])
        else:
            rows[-1].append(line)
    grid_rows = [_row(page_number, row_lines, starts) for row_lines in rows]
    return grid.DrawnTable(grid_rows, context, follows)


def word_tables(page_lines: PageLines, pages: range) -> list[grid.DrawnTable]:
    """Tables drawn without rules on the given pages (0-based), one per page that prints the header."""
    out: list[grid.DrawnTable] = []
    last = None
    for index in pages:
        lines = page_lines[index]
        anchor = next((i for i, line in enumerate(lines) if _is_header_anchor(line)), None)
        if anchor is None:
            continue
        context = [_text(line) for line in lines[max(0, anchor - 6):anchor]]
        lines = _without_footer(lines, _body_start(lines, anchor), page_lines.neighbours(index))
        out.append(page_table(index + 1, lines, anchor, last == index - 1, context))
        last = index
    return out
