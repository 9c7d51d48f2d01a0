"""Reader for PDF files: ruled tables as cell grids, word positions where a table has no rules.

A gazette PDF with ruled tables already holds the exact grid, so it is read
directly rather than through PDF-to-text heuristics:

1. pypdfium2 opens the file (an encrypted or damaged file is refused here)
   and, fast, gives each page's text and its count of drawn paths. No text on
   any page means a scan; text that decodes to garbage means a broken font
   encoding: both are refused with the reason (`UnreadableDocument`), never
   guessed at.
2. Only pages with enough paths to hold table rules go to pdfplumber's
   table finder (pdfminer.six beneath it), the slow step. A rule that stops
   where nothing closes it (a row cut by the page break, drawn without its
   bottom line) is closed at its end, so the cut row is still a row.
3. `grid.tables` turns the drawn tables into the grid contract: spans,
   header levels, tables continued over pages, repeated headers, cut rows.
   A table at the top of a page continues the previous page's table when
   nothing but running lines stands above it: a few words (page number,
   "CÔNG BÁO/Số 333/Ngày 16-06-2026 80"), or a longer header that stands
   at the same height on the previous page too (`pdf_words.is_running`).
4. No ruled indicator table: the grid is rebuilt from word positions, the
   header line giving the columns (`pdf_words`); where no header line can be
   found, the pages from the first one naming "STT" on are rebuilt as text
   lines (gaps kept as spacing) for the text readers, each line remembering
   its page box.

Every cell carries its page and box (`PdfBox`, points from the top left).
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from statistics import median

from pipeline.extract import headers as H
from pipeline.extract.model import PdfBox
from pipeline.extract.readers import grid
from pipeline.extract.readers.document import (
    Document,
    UnreadableDocument,
    garbled_reason,
)
from pipeline.extract.readers.pdf_words import (
    PageLines,
    is_running,
    printed_lines,
    word_tables,
)
from pipeline.ingest.text_io import collapse

READER = "pdf_tables"
WORDS_READER = "pdf_words"
#: Fewer drawn paths than this on a page: no table rules there (a signature line, an underline).
_MIN_RULE_PATHS = 6
#: At most this many words above a table on a new page are taken as running text (page number, a short header).
_RUNNING_WORDS = 12
_TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines", "snap_tolerance": 3,
                   "intersection_tolerance": 3}
_CONTEXT_LINES = 6
#: A gap between words wider than this many average characters separates cells, not words.
_CELL_GAP = 1.5
_HEADER_WORDS = re.compile(r"\bSTT\b|\bTT\b", re.IGNORECASE)
_FFFE = "\ufffe"


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace(_FFFE, ""))


def _open_pdfium(data: bytes):  # -> pypdfium2.PdfDocument
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise UnreadableDocument("PDF is encrypted (password protected): ask for an open copy") from exc
        raise UnreadableDocument(f"PDF is damaged or not a PDF ({message})") from exc


def _survey(data: bytes) -> tuple[list[str], list[int], int]:
    """Each page's text and drawn-path count, and how many pages hold images."""
    import pypdfium2.raw as pdfium_c

    pdf = _open_pdfium(data)
    texts, paths, image_pages = [], [], 0
    try:
        for page in pdf:
            texts.append(_nfc(page.get_textpage().get_text_range()))
            kinds = [obj.type for obj in page.get_objects(max_depth=2)]
            paths.append(kinds.count(pdfium_c.FPDF_PAGEOBJ_PATH))
            image_pages += pdfium_c.FPDF_PAGEOBJ_IMAGE in kinds
    finally:
        pdf.close()
    return texts, paths, image_pages


def read_document(path: Path) -> Document:
    """The PDF's indicator tables as grids, or lines rebuilt from words (see module docstring)."""
    data = path.read_bytes()
    texts, paths, image_pages = _survey(data)
    text = "\n".join(texts)
    if not text.strip():
        raise UnreadableDocument(f"PDF has no text layer ({len(texts)} pages, {image_pages} with images): a scan; "
                                 "OCR it or get the digital file, nothing is guessed")
    reason = garbled_reason(text)
    if reason:
        raise UnreadableDocument(f"PDF {reason}; nothing is guessed")
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        page_lines = PageLines(pdf)
        ruled = [i for i, n in enumerate(paths) if n >= _MIN_RULE_PATHS]
        drawn = grid.tables(_drawn_tables(page_lines, ruled), path.name, READER)
        tables = [t for t in drawn if _names_indicators(t)]
        set_aside = [t for t in drawn if not _names_indicators(t)]  # task lists, budgets: named, not read
        if tables:
            return Document(text, tables, READER, set_aside=set_aside)
        first = next((i for i, t in enumerate(texts) if _HEADER_WORDS.search(t)), None)
        if first is None:
            return Document(text, [], READER, set_aside=set_aside)
        unruled = grid.tables(word_tables(page_lines, range(first, len(texts))), path.name, WORDS_READER)
        unruled = [t for t in unruled if _names_indicators(t)]
        if unruled:
            return Document(text, unruled, WORDS_READER, set_aside=set_aside)
        lines, places = _word_lines(page_lines, range(first, len(texts)))
        return Document(text, [], WORDS_READER, lines, places, set_aside=set_aside)


def _names_indicators(table) -> bool:
    texts = [c.text for c in table.header]
    return H.is_indicator_table(H.classify(texts), texts)


def _open_rule_ends(page) -> list[float]:
    """y of vertical rules' ends that no horizontal rule closes (a row cut by the page break)."""
    flat = [e["top"] for e in page.edges if e["orientation"] == "h"]
    ends = {round(y, 1) for e in page.edges if e["orientation"] == "v" for y in (e["top"], e["bottom"])}
    return sorted(y for y in ends if all(abs(y - h) > _TABLE_SETTINGS["snap_tolerance"] for h in flat))


def _drawn_tables(page_lines: PageLines, pages: list[int]) -> list[grid.DrawnTable]:
    """Every ruled table on the given pages (0-based), in reading order, as drawn grids."""
    out: list[grid.DrawnTable] = []
    last_page = None
    for index in pages:
        page = page_lines.pdf.pages[index]
        found = page.find_tables({**_TABLE_SETTINGS, "explicit_horizontal_lines": _open_rule_ends(page)})
        found.sort(key=lambda t: (t.bbox[1], t.bbox[0]))
        above = 0.0
        for k, table in enumerate(found):
            follows = k == 0 and last_page == index - 1 and _only_running_above(page_lines, index, table.bbox[1])
            out.append(grid.DrawnTable(_grid(table, index + 1), _context(page, above, table.bbox[1]), follows))
            above = table.bbox[3]
        last_page = index if found else last_page
    return out


def _only_running_above(page_lines: PageLines, index: int, bottom: float) -> bool:
    """No text above the page's first table but running lines: the table goes on from the previous page.

    A few words (a page number, a one-line gazette header) are taken as running as they are; more only
    where the lines that make them more stand at the same height on the previous page too, numbers aside
    (a long or two-line gazette header), so a continued table is never cut by its page header.
    """
    page = page_lines.pdf.pages[index]
    words = page.crop((0, 0, page.width, max(0, bottom - 0.1))).extract_words() if bottom > 0 else []
    if len(words) <= _RUNNING_WORDS:
        return True
    own = [line for line in printed_lines(words) if not is_running(line, [page_lines[index - 1]])]
    return sum(map(len, own)) <= _RUNNING_WORDS


def _context(page, top: float, bottom: float) -> list[str]:
    if bottom - top < 1:
        return []
    text = page.crop((0, top, page.width, bottom)).extract_text() or ""
    return [collapse(_nfc(line)) for line in text.split("\n") if line.strip()][-_CONTEXT_LINES:]


def _grid(table, page_number: int) -> list[list[grid.Slot]]:
    """The drawn grid: a cell covering several slots (pdfplumber gives None there) is one Slot in each."""
    texts = table.extract()
    columns = [c.bbox for c in table.columns]
    rows: list[list[grid.Slot]] = []
    for r, row in enumerate(table.rows):
        out: list[grid.Slot] = []
        for c, bbox in enumerate(row.cells):
            if bbox is not None:
                out.append(grid.Slot(collapse(_nfc(texts[r][c] or "")), PdfBox(page_number, *bbox)))
                continue
            middle_x = (columns[c][0] + columns[c][2]) / 2
            middle_y = (row.bbox[1] + row.bbox[3]) / 2
            if c and out[c - 1].place.x1 > middle_x:
                out.append(out[c - 1])
            elif r and rows[r - 1][c].place.bottom > middle_y:
                out.append(rows[r - 1][c])
            else:
                out.append(grid.Slot("", PdfBox(page_number, columns[c][0], row.bbox[1], columns[c][2], row.bbox[3])))
        rows.append(out)
    return rows


def _word_lines(page_lines: PageLines, pages: range) -> tuple[list[str], list[tuple[PdfBox, ...]]]:
    """Text lines rebuilt from word positions, gaps kept as runs of spaces, each with its page box."""
    lines: list[str] = []
    places: list[tuple[PdfBox, ...]] = []
    for index in pages:
        printed = page_lines[index]
        if not printed:
            continue
        char = median((w["x1"] - w["x0"]) / max(1, len(w["text"])) for line in printed for w in line)
        for line in printed:
            lines.append(_layout(line, char))
            places.append((PdfBox(index + 1, min(x["x0"] for x in line), min(x["top"] for x in line),
                                  max(x["x1"] for x in line), max(x["bottom"] for x in line)),))
        lines.append("")
        places.append(())
    return lines, places


def _layout(words: list[dict], char: float) -> str:
    """One line as PDF-to-text prints it: each word at its column; a gap wider than a space is at least two spaces."""
    out = ""
    right = None
    for w in words:
        least = 0 if right is None else 2 if w["x0"] - right > _CELL_GAP * char else 1
        out += " " * max(least, int(w["x0"] / char) - len(out)) + _nfc(w["text"])
        right = w["x1"]
    return out
