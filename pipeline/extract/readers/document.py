"""What a document reader (PDF, Word) hands to extraction, and the checks that refuse a document.

Text readers get numbered lines; PDF and Word files have no lines, so their
readers return a `Document`: the cell grids they read, the document's text
(for the plan's own "Kèm theo Kế hoạch số …" line), and, for a PDF whose
tables have no rules, text lines rebuilt from word positions with each
line's box, for the text readers to read. A document that cannot be read
honestly (encrypted, damaged, a scan with no text layer, a font whose text
decodes to garbage) raises `UnreadableDocument` with the reason an officer
acts on: nothing is guessed from it.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace

from pipeline.extract.model import Cell, PdfBox, Table

#: Share of letters outside the Vietnamese alphabet above which text is a broken font encoding, not a plan.
_FOREIGN_SHARE = 0.05
#: Share of control, private-use or replacement characters above which text is garbage.
_JUNK_SHARE = 0.01
_BASES = frozenset("abcdefghijklmnopqrstuvwxyz")
# grave, acute, tilde, hook above, dot below (tones); circumflex, breve, horn (vowel marks)
_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b")


class UnreadableDocument(ValueError):
    """The document cannot be read without guessing; the message says why."""


@dataclass
class Document:
    """What a document reader found: cell grids, or lines rebuilt from word positions (see module docstring)."""

    text: str
    tables: list[Table]
    layout: str
    lines: list[str] = field(default_factory=list)
    line_places: list[tuple[PdfBox, ...]] = field(default_factory=list)
    #: Drawn tables that are not indicator tables (task lists, budgets): the plan's message names them and why.
    set_aside: list[Table] = field(default_factory=list)


def _vietnamese_letter(ch: str) -> bool:
    if ch in "đ":
        return True
    base, *marks = unicodedata.normalize("NFD", ch)
    return base in _BASES and all(m in _MARKS for m in marks)


def garbled_reason(text: str) -> str | None:
    """Why `text` is not readable plan text (a font with no Unicode map, a legacy 8-bit font), or None.

    Such fonts decode to "(cid:12)" codes, control characters or runs of
    letters no Vietnamese word has ("Tû lÖ"); a share of them that real
    plans never reach marks the whole text layer as unusable.
    """
    if "(cid:" in text:
        return "text layer has glyph codes with no Unicode mapping (cid:N): broken font encoding"
    visible = [ch for ch in text if not ch.isspace()]
    if not visible:
        return None
    junk = sum(unicodedata.category(ch) in ("Cc", "Co", "Cs") or ch == "\ufffd" for ch in visible)
    if junk > _JUNK_SHARE * len(visible):
        return f"text layer decodes to garbage ({junk} control or unmapped characters): broken font encoding"
    letters = [ch for ch in text.casefold() if ch.isalpha()]
    foreign = sum(not _vietnamese_letter(ch) for ch in letters)
    if letters and foreign > _FOREIGN_SHARE * len(letters):
        return (f"text layer decodes to garbage ({foreign} of {len(letters)} letters are not Vietnamese): "
                "a legacy or broken font encoding")
    return None


def placed(table: Table, line_places: list[tuple[PdfBox, ...]]) -> Table:
    """A table a text reader read from rebuilt lines, its cells pointed at the page boxes of their lines."""
    def move(cell: Cell) -> Cell:
        assert cell.line_start is not None and cell.line_end is not None
        boxes = tuple(b for n in range(cell.line_start, cell.line_end + 1) for b in line_places[n - 1])
        return replace(cell, line_start=None, line_end=None, places=boxes)

    return replace(table, header=[move(c) for c in table.header], rows=[[move(c) for c in r] for r in table.rows],
                   context=[move(c) for c in table.context])
