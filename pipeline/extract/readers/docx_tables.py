"""Reader for Word (.docx) files: every table's cells as a grid, with python-docx.

Word stores the grid itself: a cell spanning columns says so (`gridSpan`),
one merged down a column is continued in the rows below (`vMerge`). The
reader places each printed cell in every grid slot it covers and leaves
spans, header levels and split tables to `grid.tables`, as the PDF reader
does. Paragraphs printed just before a table are its context (appendix
title, "… năm 2026"); a table with no text between it and the previous one
continues it. Each cell's place is its table, row and grid column
(`DocxSlot`, 1-based). A file that is not a readable .docx, or whose text is
in a legacy font encoding (decodes to garbage), is refused with the reason.
"""
from __future__ import annotations

import unicodedata
import zipfile
from pathlib import Path

from pipeline.extract.model import DocxSlot
from pipeline.extract.readers import grid
from pipeline.extract.readers.document import (
    Document,
    UnreadableDocument,
    garbled_reason,
)
from pipeline.ingest.text_io import collapse

READER = "docx_tables"
_CONTEXT_PARAGRAPHS = 6


def _text(element) -> str:
    """Text of a paragraph or cell element: its runs, paragraphs joined by a space, NFC, collapsed."""
    from docx.oxml.ns import qn

    paragraphs = element.iter(qn("w:p")) if element.tag != qn("w:p") else [element]
    parts = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in paragraphs]
    return collapse(unicodedata.normalize("NFC", " ".join(parts)))


def _open(path: Path):  # -> docx.document.Document
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    try:
        return docx.Document(str(path))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, XMLSyntaxError) as exc:
        raise UnreadableDocument(f"Word file is damaged or not a .docx ({type(exc).__name__}: {exc})") from exc


def read_document(path: Path) -> Document:
    """Every table of the document as a grid (see module docstring)."""
    from docx.oxml.ns import qn

    body = _open(path).element.body
    drawn: list[grid.DrawnTable] = []
    paragraphs: list[str] = []
    texts: list[str] = []
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            text = _text(child)
            if text:
                paragraphs.append(text)
                texts.append(text)
        elif child.tag == qn("w:tbl"):
            rows = _grid(child, len(drawn) + 1)
            texts += [s.text for row in rows for s in row if s.text]
            drawn.append(grid.DrawnTable(rows, paragraphs[-_CONTEXT_PARAGRAPHS:], bool(drawn) and not paragraphs))
            paragraphs = []
    text = "\n".join(texts)
    reason = garbled_reason(text)
    if reason:
        raise UnreadableDocument(f"Word file {reason}; nothing is guessed")
    return Document(text, grid.tables(drawn, path.name, READER), READER)


def _grid(tbl, number: int) -> list[list[grid.Slot]]:
    """The table's grid: a spanning cell in each column it spans, a vertically merged one in each row."""

    rows: list[list[grid.Slot]] = []
    for r, tr in enumerate(tbl.tr_lst):
        row: list[grid.Slot] = []
        for _ in range(tr.grid_before):
            row.append(grid.Slot("", DocxSlot(number, r + 1, len(row) + 1)))
        for tc in tr.tc_lst:
            col = len(row)
            if tc.vMerge == "continue" and r and col < len(rows[r - 1]):
                slot = rows[r - 1][col]
            else:
                slot = grid.Slot(_text(tc), DocxSlot(number, r + 1, col + 1))
            row += [slot] * tc.grid_span
        rows.append(row)
    width = max((len(r) for r in rows), default=0)
    return [r + [grid.Slot("", DocxSlot(number, k + 1, c + 1)) for c in range(len(r), width)] for k, r in enumerate(rows)]
