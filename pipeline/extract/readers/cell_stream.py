"""Split the text of one table row, as a PDF-to-text converter left it, into cells.

A converter writes a row line by line: the first line of every cell, then
the next line of every cell that wraps, so a row's words come out in column
order with wrapped cells contiguous. What it loses is where one cell ends and
the next begins. This module recovers it with a small cell grammar: every
target cell starts with a recognisable token (a comparator, a number, "-",
a status word such as "Duy trì", a rank such as "Nhóm 15"), and only text
cells (status words, "100% trung tâm xã …") take following words.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.extract.values import AGENCY_STARTS, STATUS_WORDS

_CMP = r"(?:≥|≤|>=|<=|=>|=<|>|<)"
_NUM = r"\d+(?:[.,]\d+)*"
_PCT = r"(?:\s*%(?:\s*(?:GRDP|GDP)\b)?|\s+(?:GRDP|GDP)\b)?"
_END = r"(?=\s|$)"
_VALUE_START = re.compile(
    rf"""(?:
        {_CMP}?\s*{_NUM}\s*%?\s*[-–]\s*{_NUM}{_PCT}{_END}        # range: 2-3%, 01 - 03
      | {_CMP}\s*{_NUM}(?:/{_NUM})?{_PCT}{_END}                  # ≥ 1,5%  ≤10  ≥ 20/34
      | {_NUM}(?:/{_NUM})?{_PCT}{_END}                           # 100%  07  20/34  15% GRDP
      | [^\s()]+\s*\(\s*{_CMP}?\s*{_NUM}\s*%?\s*\)               # 6G (50%)
      | Nhóm\s+{_NUM}{_END}                                      # Nhóm 15 (tỉnh dẫn đầu)
      | [-–—]{_END}                                              # no target
    )""",
    re.VERBOSE,
)
_VALUE_FIRST = frozenset("0123456789≥≤<>=-–—")  # the characters a number form or "-" can open with
_GAP_BREAK = 3  # spaces: a wider gap is a column boundary, never inside a cell
_MAX_UNIT_WORDS = 6  # "Chỉ số phát triển con người (HDI)"


@dataclass
class Word:
    """A whitespace-delimited word with where it was printed."""

    text: str
    line: int
    gap: int  # spaces before it on its line (leading spaces for a line's first word)
    line_start: bool = False
    page_break_before: bool = False


@dataclass
class StreamCell:
    """A target cell's words; a `text` cell (status words, "100% <words>") takes the words that follow it."""

    words: list[Word] = field(default_factory=list)
    kind: str = "value"  # value | text


def words_of(fragments: list[tuple[int, str, bool]]) -> list[Word]:
    """Words of (line number, text, page break before) fragments, keeping spacing."""
    out: list[Word] = []
    for line_no, text, brk in fragments:
        prev_end: int | None = None
        for m in re.finditer(r"\S+", text):
            gap = m.start() if prev_end is None else m.start() - prev_end
            out.append(Word(m.group(), line_no, gap, prev_end is None, brk and prev_end is None))
            prev_end = m.end()
    return out


def _index(phrases: tuple[str, ...]) -> dict[str, list[tuple[str, ...]]]:
    """Phrases by their first word, longest first: a lookup per word instead of a scan of every phrase."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in sorted(phrases, key=lambda p: -len(p.split())):
        parts = tuple(phrase.split())
        index.setdefault(parts[0], []).append(parts)
    return index


_STATUS_INDEX = _index(STATUS_WORDS)
_AGENCY_INDEX = _index(AGENCY_STARTS)


def _status_len(words: list[Word], i: int) -> int:
    """Number of words of a status phrase starting at word i (0 if none)."""
    first = words[i].text
    if not first[:1].isupper():
        return 0  # every status phrase opens with a capital
    keys = dict.fromkeys((first, first.split("/")[0].rstrip(",.;:")))
    for parts in (parts for key in keys for parts in _STATUS_INDEX.get(key, ())):
        cand = words[i : i + len(parts)]
        if len(cand) < len(parts) or any(c.text != p for c, p in zip(cand[:-1], parts[:-1])):
            continue
        last = cand[-1].text
        slash = len(parts) > 1 and last.startswith(parts[-1] + "/")  # "Duy trì/nâng cấp", not "Có/Không"
        if last == parts[-1] or slash or last.rstrip(",.;:") == parts[-1]:
            return len(parts)
    return 0


def agency_len(words: list[Word], i: int) -> int:
    """Number of words of an agency-opening phrase at word i (0 if none)."""
    if not words[i].text[:1].isupper():
        return 0  # every body's name opens with a capital
    for parts in _AGENCY_INDEX.get(words[i].text.rstrip(","), ()):
        cand = words[i : i + len(parts)]
        if len(cand) == len(parts) and all(c.text.rstrip(",") == p for c, p in zip(cand, parts)):
            return len(parts)
    return 0


def _value_len(words: list[Word], i: int) -> int:
    """Number of words of a value token (number form or "-") starting at word i."""
    first = words[i].text
    if first[0] not in _VALUE_FIRST and first != "Nhóm" and not (i + 1 < len(words) and words[i + 1].text[:1] == "("):
        return 0  # cheap test first: most words of a row are names and agencies
    for n in range(min(5, len(words) - i), 0, -1):
        text = " ".join(w.text for w in words[i : i + n])
        m = _VALUE_START.match(text)
        if m and m.end() == len(text):
            return n
    return 0


class Stream:
    """A row's words and, per position, how many words the token opening there takes (computed once).

    Finding where a row's cells begin tries every word position; the token
    lengths do not depend on the position tried, so they are read once here.
    """

    def __init__(self, words: list[Word]) -> None:
        self.words = words
        self.value = [_value_len(words, i) for i in range(len(words))]
        self.status = [_status_len(words, i) for i in range(len(words))]
        self.agency = [agency_len(words, i) for i in range(len(words))]

    def starts_value(self, i: int) -> int:
        """Words taken by a cell-opening token at i: value forms first, then status words."""
        return self.value[i] or self.status[i]

    def yes_no(self, i: int) -> bool:
        """A unit naming both outcomes ("Có/Không", "Bảo đảm/Không bảo đảm") opens with a status word."""
        n = self.status[i]
        return n > 0 and "/không" in " ".join(w.text for w in self.words[i : i + n + 1]).casefold()


def _opens_text_cell(cell_words: list[Word]) -> bool:
    """Whether a value cell takes following words: status, rank groups, "100% <words>"."""
    text = " ".join(w.text for w in cell_words)
    return text.startswith("Nhóm") or text.endswith("%") and not re.match(rf"^{_CMP}", text)


@dataclass
class TailParse:
    unit: list[Word]
    cells: list[StreamCell]
    rest: list[Word]  # agency words (and anything after the cells)


def parse_cells(stream: Stream, start: int, max_cells: int, has_agency: bool) -> tuple[list[StreamCell], int]:
    """Read value cells from word `start`; returns the cells and the index after them.

    Stops at the first word that neither opens a cell nor continues a text
    cell, or once `max_cells` cells are read and the last one is closed.
    """
    words = stream.words
    cells: list[StreamCell] = []
    i = start
    while i < len(words):
        w = words[i]
        n = stream.value[i]
        if n and len(cells) < max_cells:
            cell = StreamCell(list(words[i : i + n]), "text" if _opens_text_cell(words[i : i + n]) else "value")
            cells.append(cell)
            i += n
            continue
        n = stream.status[i]
        if n and len(cells) < max_cells:
            cells.append(StreamCell(list(words[i : i + n]), "text"))
            i += n
            continue
        if cells and cells[-1].kind == "text" and w.gap < _GAP_BREAK and not w.page_break_before:
            lower = w.text[:1].islower() or not w.text[:1].isalpha()
            if not has_agency or (lower and not stream.agency[i]):
                cells[-1].words.append(w)
                i += 1
                continue
        break
    return cells, i


def parse_tail(stream: Stream, start: int, max_cells: int, has_agency: bool, with_unit: bool) -> TailParse | None:
    """Parse the words from `start` as [unit] cells [agency]; None if they are not such a tail."""
    words = stream.words
    if with_unit:
        first = words[start].text
        if not (first[:1].isupper() or first.startswith("%")) or stream.starts_value(start) and not stream.yes_no(start):
            return None
    unit_ends = range(start + 1, min(start + _MAX_UNIT_WORDS + 1, len(words))) if with_unit else [start]
    for u in unit_ends:
        if with_unit:
            if any(w.gap >= _GAP_BREAK for w in words[start + 1 : u]):
                break
            if not words[start].line_start and words[u - 1].line != words[start].line:
                break  # a unit printed after the name on its line does not wrap into the next line
        cells, j = parse_cells(stream, u, max_cells, has_agency)
        if not cells:
            continue
        if j < len(words) and not (has_agency and (stream.agency[j] or words[j].gap >= _GAP_BREAK)):
            continue
        return TailParse(list(words[start:u]), cells, list(words[j:]))
    return None
