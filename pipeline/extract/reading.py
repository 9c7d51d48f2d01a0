"""One plan file in, its indicators and targets out: load text, let every reader try, keep the best reading.

Load / read / choose / return, top to bottom. Each plan is read on its own
(no state shared between plans), so a plan is a natural partition.

The layout is chosen by evidence, not by the first reader that says yes:
every reader whose cheap `detect` fits may read the file, each candidate
reading is interpreted the same way (header roles, value grammar, year
sources), and the one with the most targets read cleanly wins (targets
minus quarantined cells and rows). A reading with no target is never status
`ok`, nor is one with values whose year nothing printed gives; the plan's
`evidence` says which reader won, the scores of the others, the header roles
found, where each year came from and why other tables were not read.
"""
from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from pipeline.extract import headers as H
from pipeline.extract.model import (
    Accounting,
    PlanExtraction,
    Problem,
    Table,
    UnrecognizedLayout,
    locate,
)
from pipeline.extract.readers import (
    cell_per_line,
    docx_tables,
    pdf_tables,
    pdf_text,
    pipe_table,
    tab_rows,
    tabbed,
)
from pipeline.extract.readers.document import Document, UnreadableDocument, placed
from pipeline.extract.targets import NO_YEAR, PlanReading, read_table
from pipeline.ingest.registry import plan_metadata
from pipeline.ingest.text_io import UndecodableText, decode, split_lines

#: Documents read as drawn tables rather than text, by file suffix.
DOCUMENT_READERS: dict[str, ModuleType] = {".pdf": pdf_tables, ".docx": docx_tables}
#: Every text-layout reader; on equal evidence the earlier wins (the more specific layout).
READERS: tuple[ModuleType, ...] = (tabbed, tab_rows, pipe_table, cell_per_line, pdf_text)


@dataclass
class Candidate:
    """One reader's reading of a plan: its indicator tables read, and the tables it set aside with why."""

    reader: str
    reading: PlanReading
    tables: list[Table] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)

    @property
    def score(self) -> float:
        """Evidence: targets read cleanly, less what could not be read (a cell counts whole, a row half)."""
        kinds = Counter(p.kind for p in self.reading.problems)
        return len(self.reading.targets) - kinds["cell"] - 0.5 * kinds["row"]


def _where(table: Table) -> str:
    """Where a table starts, as an officer finds it: its header's line, or its page and box in a PDF or Word file."""
    first = table.header[0] if table.header else None
    if first is not None and first.line_start:
        return f"line {first.line_start}"
    return locate(table.header[:1]) or "a table"


def read_candidate(reader: str, tables: list[Table], plan_id: str) -> Candidate:
    """Interpret one reader's tables: indicator tables read into one plan-wide reading, the others named."""
    candidate = Candidate(reader, PlanReading(plan_id))
    for table in tables:
        texts = [c.text for c in table.header]
        columns = H.classify(texts)
        why = H.not_indicator_table(columns, texts)
        if why is None:
            read_table(table, columns, candidate.reading)
            candidate.tables.append(table)
        else:
            candidate.rejected.append(f"{_where(table)} ({' | '.join(t for t in texts if t)[:80]}): {why}")
    return candidate


def text_candidates(lines: list[str], source_file: str, plan_id: str, *, prefix: str = "",
                    place: Callable[[Table], Table] | None = None) -> list[Candidate]:
    """Every text reader's reading of the lines (readers whose layout does not fit are left out).

    Lines rebuilt from a PDF's words come with `place`, which points each
    table's cells at their page boxes before they are read, and a `prefix`
    naming the document reader ("pdf_words+pdf_text").
    """
    out = []
    for reader in READERS:
        if not reader.detect(lines):
            continue
        try:
            tables = reader.read_tables(lines, source_file)
        except UnrecognizedLayout:
            continue
        name = prefix + reader.__name__.rsplit(".", 1)[-1]
        out.append(read_candidate(name, [place(t) for t in tables] if place else tables, plan_id))
    return out


def best(candidates: list[Candidate]) -> Candidate | None:
    """The reading with the most evidence; on a tie the earlier reader (the more specific layout)."""
    order = {id(c): i for i, c in enumerate(candidates)}
    return max(candidates, key=lambda c: (c.score, bool(c.tables), -order[id(c)]), default=None)


def extract_plan(path: Path, registry: dict[str, dict], sha256: str | None = None) -> PlanExtraction:
    """Read one plan; bad input is returned as problems and a plan status, never raised. `sha256` is the
    file's as the run's inventory took it; without one it is taken from the bytes read here."""
    if path.suffix.lower() in DOCUMENT_READERS:
        sha256 = sha256 or hashlib.sha256(path.read_bytes()).hexdigest()
        return _extract_document(path, registry, DOCUMENT_READERS[path.suffix.lower()], sha256)
    data = path.read_bytes()
    sha256 = sha256 or hashlib.sha256(data).hexdigest()
    try:
        decoded = decode(data)
    except UndecodableText as exc:
        return _unread(plan_metadata(path, "", registry, sha256), Problem(path.name, str(exc)))
    plan = plan_metadata(path, decoded.text, registry, sha256)
    plan["encoding"] = decoded.encoding
    lines = split_lines(decoded.text)
    candidates = text_candidates(lines, path.name, plan["plan_id"])
    extraction = _finish(plan, candidates)
    if extraction.targets and (decoded.truncated or _unterminated_pipe_row(lines)):
        _quarantine_cut_row(lines, extraction)
    return extraction


def _extract_document(path: Path, registry: dict[str, dict], reader: ModuleType, sha256: str) -> PlanExtraction:
    """A PDF or Word plan: its drawn tables, or its word lines through the text readers, whichever reads better."""
    try:
        document: Document = reader.read_document(path)
    except UnreadableDocument as exc:
        return _unread(plan_metadata(path, "", registry, sha256), Problem(path.name, str(exc)))
    plan = plan_metadata(path, document.text, registry, sha256)
    candidates = [read_candidate(document.layout, document.tables + document.set_aside, plan["plan_id"])]
    if document.lines:
        candidates += text_candidates(document.lines, path.name, plan["plan_id"], prefix=f"{document.layout}+",
                                      place=lambda t: placed(t, document.line_places))
    return _finish(plan, candidates)


def _unterminated_pipe_row(lines: list[str]) -> bool:
    """The file's last line opens a pipe-table row that never closes: the file was cut off there."""
    last = lines[-1].strip() if lines else ""
    return last.startswith("|") and not last.endswith("|")


def _quarantine_cut_row(lines: list[str], extraction: PlanExtraction) -> None:
    """A file cut off mid-row: the row on its last line is incomplete, so it goes to quarantine, not out.

    Its cells are no longer counted as seen: they travel in the row's raw text.
    """
    indicators, targets, problems = extraction.indicators, extraction.targets, extraction.problems
    for indicator in [i for i in indicators if i["line_end"] >= len(lines)]:
        start, end = indicator["line_start"], indicator["line_end"]
        inside = [p for p in problems if p.kind == "cell" and start <= (p.line_start or 0) <= end]
        lost = [t for t in targets if t["indicator_id"] == indicator["indicator_id"]]
        indicators.remove(indicator)
        targets[:] = [t for t in targets if t not in lost]
        problems[:] = [p for p in problems if p not in inside]
        extraction.accounting.cells_seen -= len(lost) + len(inside)
        problems.append(Problem(indicator["source_file"], "file ends inside this row (cut off)", start, end,
                                "\n".join(lines[start - 1 : end]), kind="row"))
    extraction.plan.update(n_indicators=len(indicators), n_targets=len(targets))


def _unread(plan: dict, problem: Problem) -> PlanExtraction:
    """A file no reader could open: status `unrecognized`, the reason as its one problem."""
    plan.update(layout=None, status="unrecognized", message=str(problem), n_indicators=0, n_targets=0)
    return PlanExtraction(plan=plan, indicators=[], targets=[], problems=[problem])


def _status(chosen: Candidate | None, candidates: list[Candidate],
            source_file: str) -> tuple[str, str | None, list[Problem]]:
    """The plan's status and message, and a file-level problem when nothing was read (so the officer sees why)."""
    if chosen is None or (not chosen.tables and not any(c.rejected for c in candidates)):
        why = ("no table in a known layout (pipe, tab-separated, TAB cells, one cell per line, PDF text) with a "
               "header naming STT and indicator columns: prose, lists or rows without such a header")
        return "unrecognized", why, [Problem(source_file, why)]
    if not chosen.tables:
        rejected = next(c for c in candidates if c.rejected).rejected
        more = f"; and {len(rejected) - 4} more" if len(rejected) > 4 else ""
        why = "no indicator table: " + "; ".join(rejected[:4]) + more
        return "no_targets", why, [Problem(source_file, why)]
    problems = chosen.reading.problems
    detail = "; ".join(str(p) for p in problems[:5]) or None
    unsourced = sum(p.reason == NO_YEAR for p in problems)
    if unsourced:
        return "review", (f"{unsourced} values have no year printed for them (no year column, block, caption or plan "
                          f"year): they are in quarantine; {detail}"), []
    if not chosen.reading.targets and chosen.reading.accounting.cells_seen:
        why = f"indicator table found ({chosen.reader}) but none of its values could be published"
        return "no_targets", f"{why}: {detail}", []
    if not chosen.reading.targets:
        why = f"indicator table found ({chosen.reader}) but no target value in it (an indicator list)"
        return "no_targets", why, [Problem(source_file, why)]
    return "ok", detail, []


def _evidence(chosen: Candidate | None, candidates: list[Candidate]) -> dict:
    """What the officer sees in the UI: which reader won and why, header roles, year sources, tables set aside."""
    return {
        "reader": chosen.reader if chosen is not None and chosen.tables else None,
        "candidates": {c.reader: c.score for c in candidates},
        "header_roles": chosen.reading.header_roles if chosen is not None else [],
        "year_sources": dict(chosen.reading.year_sources) if chosen is not None else {},
        "tables_not_read": chosen.rejected if chosen is not None else [],
    }


def evidence_row(extraction: PlanExtraction) -> dict[str, object]:
    """One line of the officer's view of how a plan was read (a row of a UI table)."""
    e = extraction.evidence
    roles = e.get("header_roles") or []
    return {
        "plan_id": extraction.plan["plan_id"],
        "status": extraction.plan.get("status"),
        "message": (extraction.plan.get("message") or "")[:300],
        "reader": e.get("reader"),
        "candidates": ", ".join(f"{k} {v:g}" for k, v in (e.get("candidates") or {}).items()),
        "header_roles": " | ".join(roles[0]) if roles else "",
        "year_sources": ", ".join(f"{k} {v}" for k, v in (e.get("year_sources") or {}).items()),
        "tables_not_read": "; ".join(e.get("tables_not_read") or []),
    }


def _finish(plan: dict, candidates: list[Candidate]) -> PlanExtraction:
    chosen = best(candidates)
    status, message, file_problems = _status(chosen, candidates, plan["source_file"])
    if chosen is not None and chosen.reading.accounting.cells_seen:  # values seen: each published or quarantined
        indicators, targets, problems, accounting = chosen.reading.rows()
    else:  # no value seen: the file-level problem says why, in the quarantine table
        indicators, targets, problems, accounting = [], [], [], Accounting()
    problems = problems + file_problems
    layout = chosen.reader if chosen is not None and chosen.tables else None
    plan.update(layout=layout, status=status, message=message, n_indicators=len(indicators), n_targets=len(targets))
    return PlanExtraction(plan=plan, indicators=indicators, targets=targets, problems=problems, accounting=accounting,
                          evidence=_evidence(chosen, candidates))
