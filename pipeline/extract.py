"""One plan file in, its indicators and targets out: load text, pick a reader, read its tables.

Load / process / return, top to bottom. Each plan is read on its own (no
state shared between plans), so a plan is a natural partition.
"""
from __future__ import annotations

from pathlib import Path
from types import ModuleType

from pipeline import headers as H
from pipeline.model import Accounting, PlanExtraction, Problem, Table, UnrecognizedLayout
from pipeline.readers import cell_per_line, docx_tables, pdf_tables, pdf_text, pipe_table, tabbed
from pipeline.readers.document import Document, UnreadableDocument, placed
from pipeline.registry import plan_metadata
from pipeline.targets import read_table
from pipeline.text_io import UndecodableText, decode, split_lines

#: Documents read as drawn tables rather than text, by file suffix.
DOCUMENT_READERS: dict[str, ModuleType] = {".pdf": pdf_tables, ".docx": docx_tables}
PLAN_SUFFIXES = (".txt", ".md", *DOCUMENT_READERS)
# Most specific layouts first: a tabbed or pipe file may also contain an "STT Chỉ tiêu" line.
READERS: tuple[ModuleType, ...] = (tabbed, pipe_table, cell_per_line, pdf_text)


def discover_plans(raw_dir: Path) -> list[Path]:
    """Plan files in `raw_dir`, sorted by name so runs are reproducible."""
    return sorted(p for p in raw_dir.iterdir() if p.is_file() and p.suffix.lower() in PLAN_SUFFIXES)


def indicator_tables(lines: list[str], source_file: str) -> tuple[str | None, list[Table]]:
    """The first reader whose layout holds indicator tables, and those tables."""
    for reader in READERS:
        if not reader.detect(lines):
            continue
        try:
            tables = reader.read_tables(lines, source_file)
        except UnrecognizedLayout:
            continue
        found = [t for t in tables if _is_indicator_table(t)]
        if found:
            return reader.__name__.rsplit(".", 1)[-1], found
    return None, []


def _is_indicator_table(table: Table) -> bool:
    texts = [c.text for c in table.header]
    return H.is_indicator_table(H.classify(texts), texts)


def extract_plan(path: Path, registry: dict[str, dict]) -> PlanExtraction:
    """Read one plan; bad input is returned as problems and a plan status, never raised."""
    if path.suffix.lower() in DOCUMENT_READERS:
        return _extract_document(path, registry, DOCUMENT_READERS[path.suffix.lower()])
    data = path.read_bytes()
    try:
        decoded = decode(data)
    except UndecodableText as exc:
        plan = plan_metadata(path, "", registry)
        return _finish(plan, None, [], [], [Problem(path.name, str(exc))], Accounting())
    plan = plan_metadata(path, decoded.text, registry)
    plan["encoding"] = decoded.encoding
    lines = split_lines(decoded.text)
    layout, tables = indicator_tables(lines, path.name)
    if not tables:
        return _finish(plan, None, [], [], [Problem(path.name, "no indicator table in a known layout")], Accounting())
    indicators, targets, problems, accounting = _read_tables(tables, plan["plan_id"])
    if decoded.truncated or _unterminated_pipe_row(lines):
        _quarantine_cut_row(lines, indicators, targets, problems, accounting)
    return _finish(plan, layout, indicators, targets, problems, accounting)


def _read_tables(tables: list[Table], plan_id: str) -> tuple[list[dict], list[dict], list[Problem], Accounting]:
    indicators: list[dict] = []
    targets: list[dict] = []
    problems: list[Problem] = []
    accounting = Accounting()
    for table in tables:
        i, t, p, a = read_table(table, plan_id)
        indicators += i
        targets += t
        problems += p
        accounting += a
    return indicators, targets, problems, accounting


def _extract_document(path: Path, registry: dict[str, dict], reader: ModuleType) -> PlanExtraction:
    """A PDF or Word plan: its drawn tables, or (a PDF without rules) its word lines through the text readers."""
    try:
        document: Document = reader.read_document(path)
    except UnreadableDocument as exc:
        return _finish(plan_metadata(path, "", registry), None, [], [], [Problem(path.name, str(exc))], Accounting())
    plan = plan_metadata(path, document.text, registry)
    layout, tables = document.layout, [t for t in document.tables if _is_indicator_table(t)]
    if not tables and document.lines:
        text_layout, found = indicator_tables(document.lines, path.name)
        layout, tables = f"{document.layout}+{text_layout}", [placed(t, document.line_places) for t in found]
    if not tables:
        return _finish(plan, None, [], [], [Problem(path.name, "no indicator table in a known layout")], Accounting())
    return _finish(plan, layout, *_read_tables(tables, plan["plan_id"]))


def _unterminated_pipe_row(lines: list[str]) -> bool:
    """The file's last line opens a pipe-table row that never closes: the file was cut off there."""
    last = lines[-1].strip() if lines else ""
    return last.startswith("|") and not last.endswith("|")


def _quarantine_cut_row(lines: list[str], indicators: list[dict], targets: list[dict], problems: list[Problem],
                        accounting: Accounting) -> None:
    """A file cut off mid-row: the row on its last line is incomplete, so it goes to quarantine, not out.

    Its cells are no longer counted as seen: they travel in the row's raw text.
    """
    for indicator in [i for i in indicators if i["line_end"] >= len(lines)]:
        start, end = indicator["line_start"], indicator["line_end"]
        inside = [p for p in problems if p.kind == "cell" and start <= (p.line_start or 0) <= end]
        lost = [t for t in targets if t["indicator_id"] == indicator["indicator_id"]]
        indicators.remove(indicator)
        targets[:] = [t for t in targets if t not in lost]
        problems[:] = [p for p in problems if p not in inside]
        accounting.cells_seen -= len(lost) + len(inside)
        problems.append(Problem(indicator["source_file"], "file ends inside this row (cut off)", start, end,
                                "\n".join(lines[start - 1 : end]), kind="row"))


def _finish(plan: dict, layout: str | None, indicators: list[dict], targets: list[dict], problems: list[Problem],
            accounting: Accounting) -> PlanExtraction:
    status = "ok" if layout else "unrecognized"
    message = "; ".join(str(p) for p in problems[:5]) or None
    plan.update(layout=layout, status=status, message=message, n_indicators=len(indicators), n_targets=len(targets))
    return PlanExtraction(plan=plan, indicators=indicators, targets=targets, problems=problems, accounting=accounting)
