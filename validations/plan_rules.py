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

from pipeline.batch import invalid_extraction
from pipeline.model import PlanExtraction, Problem
from pipeline.publish import frame
from validations.schemas import failure_cases

#: The tables a plan's extraction fills row by row (the plan row and quarantine are the pipeline's own).
PLAN_TABLES = ("indicators", "targets")
_TEXT = {"indicators": "indicator_name", "targets": "raw_text"}


def _problems(name: str, df: pd.DataFrame, failures: pd.DataFrame, source_file: str) -> list[Problem]:
    """One problem per failure, naming the check, column and value, with the failing row's lines and text."""
    out = []
    for f in failures.to_dict("records"):
        row = df.loc[f["index"]] if pd.notna(f["index"]) and f["index"] in df.index else None
        where = f"{name}.{f['column']}" if isinstance(f["column"], str) else name
        line_start = None if row is None or pd.isna(row["line_start"]) else int(row["line_start"])
        line_end = None if row is None or pd.isna(row["line_end"]) else int(row["line_end"])
        text = None if row is None else str(row[_TEXT[name]])
        out.append(Problem(source_file, f"breaks the contract: {where} {f['check']} (value {f['failure_case']!r})",
                           line_start, line_end, text))
    return out


def checked(extraction: PlanExtraction) -> PlanExtraction:
    """The extraction as it is when its rows keep the contract; else the plan, whole, as `invalid`."""
    if not extraction.targets and not extraction.indicators:
        return extraction
    frames = {name: frame(name, getattr(extraction, name)) for name in PLAN_TABLES}
    problems = [p for name in PLAN_TABLES
                for p in _problems(name, frames[name], failure_cases(name, frames[name], frames),
                                   extraction.plan["source_file"])]
    return invalid_extraction(extraction, problems) if problems else extraction
