"""Render a `Plan` as text in one of the five layout families the readers know.

Each renderer imitates a converter seen in the seeds and fixtures (000/001/003
PDF text, 004's year blocks, 002's tab-indented cells, markdown pipe tables,
web text with one cell per line), with the variations a national corpus has:
wrapping width, blank lines between wrapped lines, STT on its own line or
not, page headers reprinted mid-table, agencies beside or under the values.
What a renderer may not do is make the text ambiguous to a careful reader:
blanks are printed as "-" or, in PDF text, only as leading or trailing
spacing (their position still visible), and a merged agency cell continues
in lower case as in 001.
"""
from __future__ import annotations

import random

from bench.plan import Plan, Row, Value

FAMILIES = ("pdf_years", "pdf_blocks", "tabbed", "pipe", "cell_per_line")


def wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap; a line never starts with a digit (a reader would see a row number)."""
    lines: list[str] = []
    cur: list[str] = []
    for word in text.split():
        if cur and len(" ".join(cur + [word])) > width and not word[:1].isdigit():
            lines.append(" ".join(cur))
            cur = []
        cur.append(word)
    if cur:
        lines.append(" ".join(cur))
    return lines


def _title(plan: Plan, rng: random.Random, appendix: str) -> list[str]:
    kind = "Công văn" if "phường" in plan.issuer and rng.random() < 0.3 else "Kế hoạch"
    head = "CÁC CHỈ TIÊU THỰC HIỆN NGHỊ QUYẾT SỐ 57-NQ/TW"
    if plan.plan_year:
        head = f"các mục tiêu cụ thể của Kế hoạch thực hiện Nghị quyết số 57-NQ/TW năm {plan.plan_year}"
    return [f"PHỤ LỤC {appendix}", "", head, f"(Kèm theo {kind} số {plan.doc_number} ngày {plan.issued} của {plan.issuer})", ""]


def body_text(rng: random.Random, sentences: tuple[str, ...], paragraphs: int, width: int) -> str:
    """Prose printed before the appendix, hard-wrapped: most of a real plan's bytes are body text."""
    out: list[str] = []
    for _ in range(paragraphs):
        para = " ".join(rng.choice(sentences) for _ in range(rng.randint(1, 4)))
        out += wrap(para, width) + [""]
    return "\n".join(out) + "\n"


def _sep(plan: Plan) -> list[str]:
    """What follows a wrapped PDF line: a blank line in 000/001-style text, nothing in tighter text."""
    return [""] if plan.style["blank_between"] else []


def _lines(plan: Plan, texts: list[str]) -> list[str]:
    out: list[str] = []
    for t in texts:
        out += [t + " "] + _sep(plan)
    return out


def _cells_line(values: list[Value | None], unit: str | None) -> tuple[str, bool]:
    """Target cells on one line; leading blanks as two spaces each, trailing blanks as nothing.

    Returns the line and whether it must start its own line (leading blanks
    are only legible as indentation).
    """
    lead = 0
    while lead < len(values) and values[lead] is None:
        lead += 1
    printed = [v.raw for v in values[lead:] if v is not None]
    body = " ".join(printed)
    if unit:
        return f"{unit} {'  ' * lead}{body}", lead > 0
    return f"{'  ' * lead}{body}", lead > 0


def render_pdf_years(plan: Plan, rng: random.Random) -> str:
    """PDF text with one column per year (000, 001, 003)."""
    s = plan.style
    out = _title(plan, rng, s["appendix"])
    header = s["header"]
    out += header
    since_page, page = 0, 2
    for section in plan.sections:
        title_lines = wrap(section.title, s["width"]) if s["wrap_section"] else [section.title]
        out += _lines(plan, [f"{section.code} {title_lines[0]}     "] + title_lines[1:])
        for row in section.rows:
            if since_page >= s["page_rows"]:
                out += [str(page)] if s["page_numbers"] else []
                out += header
                since_page, page = 0, page + 1
            out += _pdf_row(plan, row, rng)
            since_page += 1
    return "\n".join(out) + "\n"


def _pdf_row(plan: Plan, row: Row, rng: random.Random) -> list[str]:
    s = plan.style
    name = wrap(row.name, s["width"])
    cells, own_line = _cells_line(row.values, row.unit_raw)
    bodies = _bodies(row)
    out: list[str] = []
    if s["stt_own_line"]:
        out += [f"{row.ref} "]
        head = name
    else:
        head = [f"{row.ref} {name[0]}"] + name[1:]
    inline = len(head) == 1 and not own_line and row.unit_raw is None and not s["stt_own_line"]
    if inline:
        cells = f"{head[0]} {cells}"
    else:
        out += _lines(plan, head)
    if row.merged_part is not None:
        part = wrap(row.merged_part, 22) if row.merged_part else []
        out += _lines(plan, [f"{cells}       {part[0]}" if part else cells] + part[1:])
        return out
    if bodies and s["agency_beside"]:
        out += [f"{cells}{' ' * rng.randint(3, 7)}{bodies} "] + _sep(plan)
    else:
        out += [cells + " "] + _sep(plan)
        if bodies:
            out += _lines(plan, wrap(bodies, s["agency_width"]))
    return out


def _bodies(row: Row) -> str:
    return " ".join(b for b in (row.agency, row.monitor) if b)


def render_pdf_blocks(plan: Plan, rng: random.Random) -> str:
    """PDF text with a single result column under year blocks (004's Phụ lục II)."""
    s = plan.style
    out = _title(plan, rng, s["appendix"])
    header = s["header"]
    out += header
    since_page = 0
    for k, (label, _) in enumerate(s["blocks"]):
        out += [f" {label}    ", ""]
        for section in plan.sections:
            out += [f"{section.code} {section.title}    ", ""]
            for row in section.rows:
                if since_page >= s["page_rows"]:
                    out += header
                    since_page = 0
                value = row.values[k]
                assert value is not None
                name = wrap(row.name, s["width"])
                tail = f"{row.unit_raw} {value.raw} "
                if len(name) == 1 and rng.random() < 0.6:
                    out += [f"{row.ref} {name[0]}  {tail}"]
                else:
                    out += [f"{row.ref} "] + _sep(plan) + _lines(plan, name) + [tail]
                out += _lines(plan, wrap(row.agency or "", s["agency_width"]))
                since_page += 1
    return "\n".join(out) + "\n"


def render_tabbed(plan: Plan, rng: random.Random) -> str:
    """Word-processor text: one TAB-led line per cell, a blank line after each row (002)."""
    s = plan.style
    out = ["  " + line if i == 0 else line for i, line in enumerate(_title(plan, rng, s["appendix"]))]
    out += ["-----", ""]
    dated = [f"Năm {y}" for y in plan.years] if plan.years else ["Kết quả"]
    out += [f"\t{h}" for h in ["STT", "Chỉ tiêu", "Đơn vị", *dated, "Cơ quan chủ trì theo dõi, đánh giá", "Ghi chú"]] + [""]
    for section in plan.sections:
        out += [f"\t{section.code}", f"\t{section.title.upper()}", ""]
        for row in section.rows:
            name = wrap(row.name, s["width"]) if s["wrap_names"] else [row.name]
            out += [f"\t{row.ref}. ", f"\t{name[0]}", *name[1:], f"\t{row.unit_raw or ''}"]
            out += [f"\t{v.raw if v else ''}" for v in row.values]
            agency = row.agency or ""
            if "; " in agency and rng.random() < 0.5:  # 002 splits an agency cell into paragraphs
                first, rest = agency.split("; ", 1)
                out += [f"\t{first};", "", rest]
            else:
                out += [f"\t{agency}"]
            out += ["\t", ""]
    return "\n".join(out) + "\n"


def render_pipe(plan: Plan, rng: random.Random) -> str:
    """Markdown pipe table, one or two header rows, bold section rows, `<br>` in wrapped names."""
    s = plan.style
    out = [f"## PHỤ LỤC {s['appendix']}", "", "**CÁC CHỈ TIÊU CỤ THỂ**", "",
           f"*(Kèm theo Kế hoạch số {plan.doc_number} ngày {plan.issued} của {plan.issuer})*", ""]
    lead = ["STT", "Chỉ tiêu"] + (["Đơn vị tính"] if plan.has_unit else [])
    tail = ["Cơ quan chủ trì"] if plan.has_agency else []
    years = [f"Năm {y}" for y in plan.years]
    if s["two_level"]:
        out.append("| " + " | ".join(lead + ["Mục tiêu theo từng giai đoạn"] + [""] * (len(years) - 1) + tail) + " |")
        out.append("| " + " | ".join([""] * len(lead) + years + [""] * len(tail)) + " |")
    else:
        out.append("| " + " | ".join(lead + years + tail) + " |")
    width = len(lead) + len(years) + len(tail)
    out.append("|" + "|".join(["---"] * width) + "|")
    for section in plan.sections:
        cells = [f"**{section.code}**", f"**{section.title.upper()}**"]
        out.append("| " + " | ".join(cells + ([""] * (width - 2) if s["full_section_rows"] else [])) + " |")
        for row in section.rows:
            name = "<br>".join(wrap(row.name, s["width"])) if s["br_names"] else row.name
            cells = [row.ref, name] + ([row.unit_raw or ""] if plan.has_unit else [])
            cells += [v.raw if v else "" for v in row.values] + ([row.agency or ""] if plan.has_agency else [])
            out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out + ["", "Nơi nhận: như trên."]) + "\n"


def render_cell_per_line(plan: Plan, rng: random.Random) -> str:
    """Web page text: `|` lines between cells, two `|` lines between rows, header and sections in bold."""
    s = plan.style
    out = ["**ỦY BAN NHÂN DÂN**", "", f"**PHỤ LỤC {s['appendix']}**", "", "**CHỈ TIÊU THỰC HIỆN NGHỊ QUYẾT SỐ 57-NQ/TW**", "",
           f"*(Kèm theo Kế hoạch số {plan.doc_number} ngày {plan.issued} của {plan.issuer})*", ""]
    lead = ["**STT**", "**Chỉ tiêu**"] + (["**Đơn vị** **tính**"] if plan.has_unit else [])
    tail = ["**Cơ quan chủ trì**"]
    years = [f"**Năm {y}**" for y in plan.years]
    rows: list[list[list[str]]] = []
    if s["two_level"]:
        rows += [[[c] for c in lead + ["**Mục tiêu**"] + tail], [[y] for y in years]]
    else:
        rows.append([[c] for c in lead + years + tail])
    width = len(lead) + len(years) + len(tail)
    for section in plan.sections:
        rows.append([[f"**{section.code}**"], [f"**{section.title.upper()}**"]] + [None] * (width - 2))
        for row in section.rows:
            cells = [[row.ref], wrap(row.name, s["width"])] + ([[row.unit_raw or ""]] if plan.has_unit else [])
            cells += [[v.raw if v else ""] for v in row.values] + [wrap(row.agency or "", 40) or [""]]
            rows.append(cells)
    for cells in rows:
        out.append("|")
        for cell in cells:
            if cell is not None:
                out += cell
            out.append("|")
    return "\n".join(out + ["", "Nơi nhận:", "- Như trên;"]) + "\n"


RENDERERS = {
    "pdf_years": render_pdf_years,
    "pdf_blocks": render_pdf_blocks,
    "tabbed": render_tabbed,
    "pipe": render_pipe,
    "cell_per_line": render_cell_per_line,
}
