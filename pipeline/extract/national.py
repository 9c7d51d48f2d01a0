"""The national targets of Resolution 57-NQ/TW as one more plan: the top of the hierarchy.

The resolution states its targets in prose ("đạt tối thiểu 30% GDP", "chiếm
hơn 60%"), kept as printed in `data/reference/resolution57_national_targets.csv`
(columns ref, indicator, year, target_as_printed, source). Each CSV row is
read like a plan's table row, through the same value grammar, so national and
provincial targets are comparable; it is published as plan `NATIONAL_PLAN_ID`
of level `national`, with `line_start`/`line_end` pointing at the CSV line.

Prose that states no quantity at all ("hình thành sàn giao dịch dữ liệu",
"Phủ sóng 5G toàn quốc": the "5" belongs to a name) is a status target with
the words as printed. Two targets in one cell ("nhóm 3 nước dẫn đầu Đông Nam
Á, nhóm 50 nước đứng đầu thế giới") are read as the contract says: the first,
flagged `compound_target`. Prose that holds numbers the grammar cannot read
is reported as a problem, never guessed.
"""
from __future__ import annotations

import csv
import hashlib
import io
import re
from pathlib import Path

from pipeline.extract.model import Accounting, PlanExtraction, Problem
from pipeline.extract.values import ParsedValue, ValueGrammarError, parse_cell
from pipeline.metadata import units

NATIONAL_PLAN_ID = "57-NQ-TW"
NATIONAL_FILE = "resolution57_national_targets.csv"
LAYOUT = "national_csv"
PLAN_FIELDS = {
    "plan_id": NATIONAL_PLAN_ID,
    "title": "Nghị quyết số 57-NQ/TW về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo "
             "và chuyển đổi số quốc gia",
    "issuer": "Bộ Chính trị",
    "level": "national",
    "doc_number": "57-NQ/TW",
    "issued_date": "2024-12-22",
    "province": None,
}
# A number standing on its own (not the "5" of "5G"): prose holding one states a quantity.
_STANDALONE_NUMBER = re.compile(r"(?<![\w])[0-9]+(?:[.,][0-9]+)*(?![\w])")


def _read_value(text: str, indicator: str) -> ParsedValue:
    """The grammar's reading; qualitative prose (no standalone number) becomes a status target."""
    try:
        parsed = parse_cell(text, unit_raw=None, indicator_name=indicator, has_unit_column=False)
    except ValueGrammarError:
        if _STANDALONE_NUMBER.search(text):
            raise
        parsed = None
    if parsed is None:
        return ParsedValue("=", None, None, " ".join(text.split()), units.STATUS)
    return parsed


def national_extraction(path: Path) -> PlanExtraction:
    """Plan, indicators (one per CSV row) and targets of the national resolution file at `path`."""
    data = path.read_bytes()
    plan = {**PLAN_FIELDS, "source_file": path.name, "sha256": hashlib.sha256(data).hexdigest()}
    indicators: list[dict] = []
    targets: list[dict] = []
    problems: list[Problem] = []
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    for row in reader:
        line = reader.line_num  # the header is line 1; no cell of this file spans lines
        name = " ".join(row["indicator"].split())
        printed = " ".join(row["target_as_printed"].split())
        indicator_id = f"{NATIONAL_PLAN_ID}:-:{row['ref']}"
        common = {
            "plan_id": NATIONAL_PLAN_ID, "indicator_id": indicator_id, "row_ref": row["ref"],
            "section_code": None, "section_title": None, "indicator_name": name, "unit_raw": None,
            "responsible_agency": None, "monitoring_agency": None,
            "source_file": path.name, "line_start": line, "line_end": line,
        }
        try:
            parsed = _read_value(printed, name)
        except ValueGrammarError as exc:
            problems.append(Problem(path.name, f"value not understood: {exc}", line, line, printed, kind="cell"))
            indicators.append({**common, "flags": [], "n_targets": 0})
            continue
        indicators.append({**common, "flags": sorted(parsed.flags), "n_targets": 1})
        targets.append({
            "target_id": f"{indicator_id}:{row['year']}", **common, "year": int(row["year"]),
            "comparator": parsed.comparator, "value": parsed.value, "value_max": parsed.value_max,
            "value_text": parsed.value_text, "unit": parsed.unit, "raw_text": printed,
            "flags": sorted(parsed.flags),
        })
    message = "; ".join(str(p) for p in problems[:5]) or None
    plan.update(layout=LAYOUT, status="ok", message=message, n_indicators=len(indicators), n_targets=len(targets))
    seen = Accounting(rows_seen=len(indicators), cells_seen=len(indicators))  # one row, one target cell per CSV line
    return PlanExtraction(plan=plan, indicators=indicators, targets=targets, problems=problems, accounting=seen)
