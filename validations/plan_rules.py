"""The contract's row rules, run on one plan before it joins the tables: a plan that breaks them goes whole to quarantine.

The blocking schema checks on the gathered tables judge the release as a
whole, so one ward's malformed table would stop every plan from publishing.
The same Pandera models (`validations.schemas`) are run here on each plan's
own indicators and targets as it is extracted: a plan whose rows fail gets
status `invalid`, each failure (check, column, value, lines) becomes a row of
the quarantine table, and the others publish. The blocking checks stay as
the last line: if one still fails, that is a defect of the code.
"""
from __future__ import annotations

import pandas as pd

from pipeline.extract.isolation import invalid_extraction
from pipeline.extract.model import PlanExtraction, Problem
from pipeline.tables.frames import frame
from validations.schemas import failure_cases

#: The tables a plan's extraction fills row by row (the plan row and quarantine are the pipeline's own).
PLAN_TABLES = ("indicators", "targets")
_TEXT = {"indicators": "indicator_name", "targets": "raw_text"}


def _problems(name: str, df: pd.DataFrame, failures: pd.DataFrame) -> dict[str, list[Problem]]:
    """Each failure as a problem of the plan its row belongs to, naming the check, column and value, with the
    failing row's lines and text."""
    out: dict[str, list[Problem]] = {}
    for f in failures.to_dict("records"):
        row = df.loc[f["index"]] if pd.notna(f["index"]) and f["index"] in df.index else None
        if row is None:
            continue  # a table-wide failure names no row: the blocking check on the gathered tables reports it
        where = f"{name}.{f['column']}" if isinstance(f["column"], str) else name
        line_start = None if pd.isna(row["line_start"]) else int(row["line_start"])
        line_end = None if pd.isna(row["line_end"]) else int(row["line_end"])
        out.setdefault(str(row["plan_id"]), []).append(Problem(
            str(row["source_file"]), f"breaks the contract: {where} {f['check']} (value {f['failure_case']!r})",
            line_start, line_end, str(row[_TEXT[name]])))
    return out


def checked_all(extractions: list[PlanExtraction]) -> list[PlanExtraction]:
    """Each extraction as it is when its rows keep the contract, else its plan, whole, as `invalid`.

    The plans are validated together, one Pandera pass per table (a call's
    fixed cost is most of a small plan's), and each failure is charged to
    the plan its row belongs to: ids carry the plan id, so no rule joins two
    plans' rows.
    """
    frames = {name: frame(name, [r for e in extractions for r in getattr(e, name)]) for name in PLAN_TABLES}
    problems: dict[str, list[Problem]] = {}
    for name in PLAN_TABLES:
        for plan_id, found in _problems(name, frames[name], failure_cases(name, frames[name], frames)).items():
            problems.setdefault(plan_id, []).extend(found)
    return [invalid_extraction(e, problems[e.plan["plan_id"]]) if e.plan["plan_id"] in problems else e
            for e in extractions]

