"""Reader for PDF-to-text tables: wrapped cells, repeated page headers, blanks shown only as spacing.

Also reads year blocks ("Đến năm 2025" … "Đến năm 2045" over a single result
column), which are the same text family with block heading lines.

Steps, each general: find the header (the "STT … Chỉ tiêu" line and the
header words around it) and the columns it names; drop every reprint of the
header lines (page headers) and bare page numbers; segment rows by the STT
numbering, accepting a number only where the sequence allows it; split each
row's words into name, unit, target cells and bodies with `cell_stream`.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from pipeline.extract import headers as H
from pipeline.extract.model import (
    CELL_MERGED,
    CELL_POSITION_UNCERTAIN,
    Cell,
    Table,
    UnrecognizedLayout,
)
from pipeline.extract.readers import cell_stream as S
from pipeline.ingest.text_io import collapse

NAME = "pdf_text"

_ANCHOR = re.compile(r"^\s*(?:STT|Stt|stt|TT|Số TT)\s+(?:Chỉ tiêu|Nội dung|Tên chỉ tiêu|CHỈ TIÊU|NỘI DUNG)", re.UNICODE)
_HEADER_WORDS = re.compile(
    r"(?i)^\s*(?:stt|tt)\b|chỉ tiêu|đơn vị|^tính$|kết quả|yêu cầu|chủ trì|theo dõi|đánh giá|"
    r"tổng hợp|giai đoạn|phấn đấu|mức chỉ|ghi chú|thực hiện chỉ tiêu|kiểm tra|^\s*(?:năm\s+)?20\d\d\b"
)
_YEAR_LINE = re.compile(r"(?<!\S)((?:(?:Năm\s+)?20\d\d\s*){2,})$")
_YEAR = re.compile(r"20\d\d")
_ROMAN = re.compile(r"^\s*((?:X{0,3})(?:IX|IV|V?I{0,3}))\.?(?:\s+(.*))?$")
_STT = re.compile(r"^\s*(\d{1,3}(?:\.\d{1,3})*)\.?(?:\s+(.*))?$")
_BLOCK = re.compile(r"^\s*(?:Đến năm|Năm|Giai đoạn)\s+(20\d\d(?:\s*[-–]\s*20\d\d)?)\s*$", re.IGNORECASE)
_TITLE_LINE = re.compile(r"^\s*(?:PHỤ LỤC|Phụ lục|\(Kèm theo)")
_PAGE_NO = re.compile(r"^[1-9]\d{0,2}\s*$")  # page numbers are never zero-padded: "05" is a cell


@dataclass
class Template:
    """The columns a header names, in printed order."""

    has_unit: bool
    dated: list[str]  # year / period header texts, or ["Kết quả"] for a single result column
    has_agency: bool
    has_monitor: bool
    header_lines: set[str]

    def header_texts(self) -> list[str]:
        texts = ["STT", "Chỉ tiêu"] + (["Đơn vị tính"] if self.has_unit else []) + self.dated
        texts += ["Cơ quan chủ trì"] if self.has_agency else []
        texts += ["Cơ quan theo dõi, đánh giá"] if self.has_monitor else []
        return texts


@dataclass
class RawRow:
    ref: str
    kind: str  # row | section | block
    fragments: list[tuple[int, str, bool]] = field(default_factory=list)


def detect(lines: list[str]) -> bool:
    return any(_ANCHOR.match(line) for line in lines) and not any(line.startswith("\t") for line in lines[:200])


def read_tables(lines: list[str], source_file: str) -> list[Table]:
    anchors = [i for i, line in enumerate(lines) if _ANCHOR.match(line)]
    if not anchors:
        raise UnrecognizedLayout("no 'STT … Chỉ tiêu' header line")
    groups = _group_anchors(lines, anchors)
    tables = []
    for start, end, group in groups:
        template = _template(lines, group, start)
        if template is None:
            continue
        tables.append(_read_table(lines, source_file, template, start, end, group))
    return tables


def _header_block(lines: list[str], anchor: int) -> list[int]:
    """Indices of the header lines around one anchor (a few before, until the first row after)."""
    block = [anchor]
    i = anchor + 1
    while i < len(lines) and i - anchor < 16:
        text = lines[i].strip()
        if text and (_STT.match(text) or _ROMAN.match(text) and _ROMAN.match(text).group(1) or _BLOCK.match(text)):
            break
        if text:
            block.append(i)
        i += 1
    i = anchor - 1
    while i >= 0 and anchor - i < 10:  # header words printed above the anchor, maybe around a stray line
        text = lines[i].strip()
        if text and (_STT.match(text) or _BLOCK.match(text)):
            break
        if text and _HEADER_WORDS.search(text) and not _TITLE_LINE.match(text) and _header_sized(text):
            block.insert(0, i)
        i -= 1
    return block


def _header_sized(text: str) -> bool:
    """Header cells are short phrases; a sentence of body text that happens to say "đánh giá" is not one."""
    return len(text.split()) <= 8 and not text.rstrip().endswith((".", ";", ":"))


def _group_anchors(lines: list[str], anchors: list[int]) -> list[tuple[int, int, list[int]]]:
    """One table per run of anchors with the same header text (reprints are page headers)."""
    groups: list[tuple[int, int, list[int]]] = []
    key_of = {a: collapse(lines[a]) for a in anchors}
    for a in anchors:
        if groups and key_of[groups[-1][2][0]] == key_of[a]:
            groups[-1][2].append(a)
        else:
            groups.append((a, len(lines), [a]))
    out = []
    for k, (start, _, group) in enumerate(groups):
        end = groups[k + 1][0] if k + 1 < len(groups) else len(lines)
        out.append((start, end, group))
    return out


def _template(lines: list[str], group: list[int], start: int) -> Template | None:
    block = _header_block(lines, group[0])
    texts = [collapse(lines[i]) for i in block]
    joined = " ".join(texts)
    years = []
    for t in texts:
        m = _YEAR_LINE.search(t)
        if m:
            years = _YEAR.findall(m.group(1))
    if not years:  # a header scrambled by the converter: a bare year line near the table
        for line in lines[max(0, start - 150) : start + 150]:
            m = _YEAR_LINE.search(collapse(line))
            if m and m.start() == 0:
                years = _YEAR.findall(m.group(1))
                break
    roles = {H.column_role(t)[0] for t in texts}
    low = joined.casefold()
    has_unit = "đơn vị tính" in low or "đvt" in low or re.search(r"đơn vị\s*$", low) is not None or H.UNIT in roles
    dated = [f"Năm {y}" for y in years] if years else (["Kết quả"] if re.search(r"kết quả|mức chỉ tiêu", low) else [])
    if not dated or H.names_budget(" ".join(collapse(lines[i]) for i in block if i >= group[0])):
        return None
    has_agency = "chủ trì" in low
    has_monitor = re.search(r"(?:cơ quan|đơn vị)\s+theo dõi", low) is not None and has_agency
    header_lines = {t for t in texts if t}
    return Template(has_unit, dated, has_agency, has_monitor, header_lines)


def _is_year_line(text: str) -> bool:
    """A line holding only column years ("2025 2030 2035", "Năm 2025 Năm 2030")."""
    m = _YEAR_LINE.search(text)
    return m is not None and m.start() == 0


def _ref_parts(ref: str) -> list[int]:
    return [int(p) for p in ref.split(".")]


def _follows(prev: list[int] | None, cand: list[int], section_open: bool) -> bool:
    """Whether STT `cand` may follow `prev` (same, next, child, back up a level, small gap).

    Under a new section or block heading the numbering may also restart at 1;
    only the table's very first row may start anywhere.
    """
    if prev is None:
        return True
    if section_open and cand[-1] == 1:
        return True
    if cand == prev:
        return True
    if len(cand) == len(prev) and cand[:-1] == prev[:-1] and 0 < cand[-1] - prev[-1] <= 3:
        return True
    if cand == prev + [1]:
        return True
    if len(cand) < len(prev) and cand[:-1] == prev[: len(cand) - 1] and 0 < cand[-1] - prev[len(cand) - 1] <= 3:
        return True
    return False


def _last_rows_value(lines: list[str], i: int, end: int, rows: list[RawRow]) -> bool:
    """A bare number on the table's last line is the last row's value, not a page number, when that row
    has printed no number yet (a page number then would leave the row with no target at all)."""
    last = rows[-1] if rows else None
    return (last is not None and last.kind == "row" and not any(collapse(t) for t in lines[i + 1:end])
            and not any(ch.isdigit() for _, text, _ in last.fragments for ch in text))


def _zero_padded_repeat(ref: str, rows: list[RawRow]) -> bool:
    """"05" right under row "5": the row's own cell (a count printed with a leading zero), not the row again."""
    last = next((r for r in reversed(rows) if r.kind == "row"), None)
    return last is not None and ref != last.ref and ref.startswith("0") and _ref_parts(ref) == _ref_parts(last.ref)


def _segment(lines: list[str], start: int, end: int, template: Template) -> tuple[list[RawRow], list[Cell]]:
    """Rows of the table between `start` and `end`, header reprints and page numbers removed."""
    rows: list[RawRow] = []
    context: list[Cell] = []
    prev: list[int] | None = None
    section_open = True
    page_break = False
    title_starts: set[str] = set()
    for i in range(start, end):
        raw = lines[i]
        text = collapse(raw)
        if not text:
            continue
        if text in template.header_lines or _ANCHOR.match(raw) or _is_year_line(text):
            page_break = True
            continue
        if _TITLE_LINE.match(raw):
            context.append(Cell(text, i + 1, i + 1))
            page_break = True
            continue
        if _PAGE_NO.match(raw) and _next_is_header(lines, i, end, template) and not _last_rows_value(lines, i, end, rows):
            page_break = True  # a bare page number just before a reprinted header, never a row
            continue
        block = _BLOCK.match(text)
        if block and template.dated == ["Kết quả"]:
            rows.append(RawRow(block.group(1), "block", [(i + 1, text, False)]))
            section_open, page_break = True, False
            continue
        roman = _ROMAN.match(text)
        if roman and roman.group(1) and (not roman.group(2) or roman.group(2)[:1].isupper()):
            if roman.group(2):
                title_starts.add(_title_key(roman.group(2)))
            rows.append(RawRow(roman.group(1), "section", [(i + 1, roman.group(2) or "", False)]))
            section_open, page_break = True, False
            continue
        stt = _STT.match(raw)
        if stt and (not (stt.group(2) or "").strip() or stt.group(2)[:1].isupper()) and not _zero_padded_repeat(stt.group(1), rows):
            cand = _ref_parts(stt.group(1))
            if _follows(prev, cand, section_open):
                rows.append(RawRow(stt.group(1), "row", [(i + 1, stt.group(2) or "", False)]))
                prev, section_open, page_break = cand, False, False
                continue
        if _is_section_title(text, title_starts, rows):
            section = next((r for r in reversed(rows) if r.kind == "section"), None)
            if section is not None and not section.fragments[0][1]:
                section.fragments[0] = (section.fragments[0][0], text, False)
            else:
                context.append(Cell(text, i + 1, i + 1))
            continue
        if rows:
            rows[-1].fragments.append((i + 1, raw, page_break))
            page_break = False
    return rows, context


def _is_section_title(text: str, title_starts: set[str], rows: list[RawRow]) -> bool:
    """A section title printed apart from its number (a merged cell down the side of the section).

    It opens like the table's other section titles ("Phát triển …"), is a
    short capitalised phrase of its own, and does not continue the line above
    (an agency wrapped as "Phòng Văn hóa -" / "Xã hội" is not a title).
    """
    words = text.split()
    if _title_key(text) not in title_starts or not 2 < len(words) <= 8 or not text[:1].isupper() or "," in text:
        return False
    above = rows[-1].fragments[-1][1].strip() if rows and rows[-1].fragments else ""
    return not above.endswith(("-", ",", "và", "với"))


def _title_key(text: str) -> str:
    """First two words of a section title: section titles of one table share them ("Phát triển …")."""
    return " ".join(text.casefold().split()[:2])


def _next_is_header(lines: list[str], i: int, end: int, template: Template) -> bool:
    for j in range(i + 1, min(end, i + 4)):
        text = collapse(lines[j])
        if text:
            return text in template.header_lines or bool(_ANCHOR.match(lines[j]))
    return True


def _read_table(lines: list[str], source_file: str, template: Template, start: int, end: int, group: list[int]) -> Table:
    first_header = min(_header_block(lines, group[0]))
    year_line = next(
        (i for i in range(max(0, first_header - 150), first_header) if _is_year_line(collapse(lines[i]))),
        None,
    )
    begin = min(first_header, year_line if year_line is not None else first_header)
    raw_rows, context = _segment(lines, begin, end, template)
    context = [Cell(collapse(lines[i]), i + 1, i + 1) for i in range(max(0, begin - 12), begin) if collapse(lines[i])] + context
    header = [Cell(t, group[0] + 1, group[0] + 1) for t in template.header_texts()]
    rows = [_grid_row(r, template, len(header)) for r in raw_rows]
    _spread_merged_agencies(rows, template)
    _promote_numeric_sections(rows, raw_rows)
    return Table(source_file, NAME, header, rows, context)


def _blank_row(n: int, line: int) -> list[Cell]:
    return [Cell("", line, line) for _ in range(n)]


def _cell(words: list[S.Word], flags: frozenset[str] = frozenset()) -> Cell:
    return Cell(" ".join(w.text for w in words), words[0].line, words[-1].line, flags)


def _grid_row(raw: RawRow, template: Template, width: int) -> list[Cell]:
    first_line = raw.fragments[0][0]
    row = _blank_row(width, first_line)
    row[0] = Cell(raw.ref, first_line, first_line)
    if raw.kind == "block":
        row[1] = Cell(raw.fragments[0][1], first_line, first_line)
        row[0] = Cell("", first_line, first_line)
        return row
    words = S.words_of(raw.fragments)
    if raw.kind == "section":
        row[1] = _cell(words) if words else row[1]
        return row
    n = len(template.dated)
    tail, p = _find_tail(words, n, template)
    name_words = words[:p] if tail else words
    unit_words, cells, rest = (tail.unit, tail.cells, tail.rest) if tail else ([], [], [])
    rest, extra_name = _split_after_break(rest)
    name_words = name_words + extra_name
    if name_words:
        row[1] = _cell(name_words)
    col = 2
    if template.has_unit:
        if not unit_words and tail is not None and p > 0:
            name_words, unit_words = _unit_lines(name_words)
            row[1] = _cell(name_words) if name_words else row[1]
        if unit_words:
            row[2] = _cell(unit_words)
        col = 3
    placed = _place(cells, n, words, tail)
    for k, cell in enumerate(placed):
        if cell is not None:
            row[col + k] = cell
    col += n
    if template.has_agency and rest:
        responsible, monitor = _split_bodies(rest) if template.has_monitor else (rest, [])
        if responsible:
            row[col] = _cell(responsible)
        if monitor:
            row[col + 1] = _cell(monitor)
    return row


def _find_tail(words: list[S.Word], n: int, template: Template) -> tuple[S.TailParse | None, int]:
    """The first word where the row's target cells (with their unit, if the table has one) begin."""
    stream = S.Stream(words)
    for with_unit in ([True, False] if template.has_unit else [False]):
        for p in range(1, len(words)):
            if template.has_unit and not with_unit and not words[p].line_start and words[p].gap < 3:
                continue  # a unit-less tail in a unit table starts its own line or column
            tail = S.parse_tail(stream, p, n, template.has_agency, with_unit)
            if tail and (not with_unit or "%" not in " ".join(w.text for w in tail.unit[1:])):
                return tail, p
    return None, len(words)


def _unit_lines(name_words: list[S.Word]) -> tuple[list[S.Word], list[S.Word]]:
    """Split name and unit printed on separate lines: the unit starts the last capitalised line after the name's first line."""
    first_line = name_words[0].line
    for k in range(len(name_words) - 1, 0, -1):
        w = name_words[k]
        if w.line != first_line and w.line_start and w.text[:1].isupper():
            return name_words[:k], name_words[k:]
    return name_words, []


def _split_after_break(rest: list[S.Word]) -> tuple[list[S.Word], list[S.Word]]:
    """After a page break inside a row the converter prints the rest of the name first, then the rest of the bodies.

    The name's rest is the run of lines after the break that start in lower
    case, up to a capitalised word ("… sáng tạo Công nghệ"); acronyms such as
    "LGSP" stay in the name.
    """
    for k, w in enumerate(rest):
        if w.page_break_before and w.text[:1].islower():
            j = k
            while j < len(rest):
                v = rest[j]
                if v.line_start and j > k and not v.text[:1].islower():
                    break
                if not v.line_start and v.text[:1].isupper() and not v.text.isupper():
                    break
                j += 1
            return rest[:k] + rest[j:], rest[k:j]
    return rest, []


def _place(cells: list[S.StreamCell], n: int, words: list[S.Word], tail: S.TailParse | None) -> list[Cell | None]:
    """Put cells under year columns; fewer cells than columns means blanks shown only as spacing."""
    if len(cells) >= n:
        return [_cell(c.words) for c in cells[:n]]
    missing = n - len(cells)
    first = cells[0].words[0] if cells else None
    gap = 0
    if first is not None:
        gap = first.gap if first.line_start else max(0, first.gap - 1)
    lead = min(missing, math.ceil(gap / 2))
    flags = frozenset({CELL_POSITION_UNCERTAIN})
    out: list[Cell | None] = [None] * n
    for k, c in enumerate(cells):
        out[lead + k] = _cell(c.words, flags)
    return out


def _split_bodies(words: list[S.Word]) -> tuple[list[S.Word], list[S.Word]]:
    """Responsible and monitoring bodies printed side by side: split where a new body's name begins."""
    for k in range(1, len(words)):
        prev = words[k - 1].text
        if S.agency_len(words, k) and not prev.endswith((",", ";")) and prev.casefold() not in {"và", "với", "-", "hợp", "các"}:
            return words[:k], words[k:]
    return words, []


def _spread_merged_agencies(rows: list[list[Cell]], template: Template) -> None:
    """A body cell merged over rows: its text (wherever printed) goes to every row it spans."""
    if not template.has_agency:
        return
    col = 2 + (1 if template.has_unit else 0) + len(template.dated)
    k = 0
    while k < len(rows):
        row = rows[k]
        if not _is_data(row) or row[col].blank or row[col].text[:1].islower():
            k += 1
            continue
        run = [k]
        j = k + 1
        text = row[col].text
        last = row[col]
        while j < len(rows) and _is_data(rows[j]) and (rows[j][col].blank or rows[j][col].text[:1].islower()):
            if not rows[j][col].blank:
                text += " " + rows[j][col].text
                last = rows[j][col]
            run.append(j)
            j += 1
        if len(run) > 1:
            merged = Cell(text, row[col].line_start, last.line_end, frozenset({CELL_MERGED}))
            for r in run:
                rows[r][col] = merged
        k = j


def _is_data(row: list[Cell]) -> bool:
    return bool(_STT.match(row[0].text)) and bool(row[1].text) and any(not c.blank for c in row[2:])


def _promote_numeric_sections(rows: list[list[Cell]], raw_rows: list[RawRow]) -> None:
    """A numbered row followed by its own sub-numbers ("1" then "1.1") is a section heading."""
    for k, raw in enumerate(raw_rows[:-1]):
        nxt = raw_rows[k + 1]
        if raw.kind == "row" and nxt.kind == "row" and nxt.ref.startswith(raw.ref + "."):
            raw.kind = "section"
            rows[k] = rows[k][:2] + [Cell("", c.line_start, c.line_start) for c in rows[k][2:]]
