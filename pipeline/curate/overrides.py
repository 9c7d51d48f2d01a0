"""Officers' decisions on flagged targets, kept in a version-controlled CSV and applied on every run.

A data officer reviews the `review_queue` and records a decision as one row of
`data/overrides.csv`: which target (plan_id, row_ref, section_code, year), which
field, the corrected value, who decided and why. Decisions live beside the
data, not in code (owid/etl's `.corrections.yml` pattern), so they survive
re-extraction and show in `git log`.

Applying an override sets the field, removes the flags that field resolves
(a corrected year resolves `year_uncertain`/`year_from_period`, …), and
records the decision in `overrides_applied` (the lineage edge from a decision
to a published value). `field = flag` with a flag name as value confirms a
flagged value as printed and removes just that flag. An override that matches
no target, or more than one, or carries a value the field cannot hold, is
rejected with a reason, never silently ignored.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.extract.values import parse_number
from pipeline.metadata.units import UNITS
from pipeline.metadata.vocabularies import COMPARATORS

OVERRIDE_COLUMNS = ("plan_id", "row_ref", "section_code", "year", "field", "value", "who", "why")
CONFIRM = "flag"
#: Fields an officer may correct, and the flags a correction of that field resolves.
RESOLVES: dict[str, frozenset[str]] = {
    "year": frozenset({"year_uncertain", "year_from_period"}),
    "comparator": frozenset(),
    "value": frozenset(),
    "value_max": frozenset(),
    "value_text": frozenset(),
    "unit": frozenset({"unit_inferred"}),
    "responsible_agency": frozenset({"agency_from_merged_cell"}),
}


@dataclass(frozen=True)
class Override:
    """One officer decision: a row of the overrides file (`line` is its line in the file, header = 1)."""

    override_id: str
    plan_id: str
    row_ref: str
    section_code: str | None
    year: int | None
    field: str
    value: str | None
    who: str
    why: str


def load_overrides(path: Path) -> list[Override]:
    """The decisions in file order; a missing file means no decisions."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    out = []
    for line, row in enumerate(rows, start=2):
        cell = {k: (row.get(k) or "").strip() for k in OVERRIDE_COLUMNS}
        out.append(Override(f"{path.name}:{line}", cell["plan_id"], cell["row_ref"], cell["section_code"] or None,
                            int(cell["year"]) if cell["year"].isdigit() else None, cell["field"], cell["value"] or None,
                            cell["who"], cell["why"]))
    return out


class _Rejected(ValueError):
    """An override that cannot be applied; the message says why."""


def _typed(field: str, value: str | None) -> object:
    """The override's value in the field's type, or `_Rejected`."""
    if field == "year":
        if value is None or not value.isdigit():
            raise _Rejected(f"year must be a number, got {value!r}")
        return int(value)
    if field in ("value", "value_max"):
        if value is None:
            return None
        try:
            return parse_number(value)
        except ValueError as exc:
            raise _Rejected(f"{field} must be a number, got {value!r}") from exc
    if field == "comparator" and value not in COMPARATORS:
        raise _Rejected(f"comparator must be one of {', '.join(COMPARATORS)}, got {value!r}")
    if field == "unit" and value not in UNITS:
        raise _Rejected(f"unit must be one of {', '.join(UNITS)}, got {value!r}")
    return value


def _text(value: object) -> str | None:
    return None if value is None or (not isinstance(value, list) and pd.isna(value)) else str(value)


def apply_overrides(targets: pd.DataFrame, overrides: list[Override]) -> tuple[pd.DataFrame, list[dict], list[dict]]:
    """(targets with the decisions applied, `overrides_applied` rows, rejected overrides with reasons).

    Applied in file order, so a later decision sees an earlier one (a corrected year is matched by its new year).
    """
    if not overrides:
        return targets, [], []
    targets = targets.copy()
    targets["flags"] = [list(f) for f in targets["flags"]]  # each row its own list: a decision edits it in place
    applied: list[dict] = []
    rejected: list[dict] = []
    for o in overrides:
        try:
            applied.append(_apply(targets, o))
        except _Rejected as exc:
            rejected.append({"override_id": o.override_id, "plan_id": o.plan_id, "row_ref": o.row_ref,
                             "section_code": o.section_code, "year": o.year, "field": o.field, "reason": str(exc)})
    return targets, applied, rejected


def _apply(targets: pd.DataFrame, o: Override) -> dict:
    """Apply one decision to `targets` in place; the `overrides_applied` row, or `_Rejected`."""
    if not (o.who and o.why):
        raise _Rejected("who and why are required")
    section = targets["section_code"].isna() if o.section_code is None else targets["section_code"].eq(o.section_code)
    hit = targets.index[(targets["plan_id"] == o.plan_id) & (targets["row_ref"] == o.row_ref) & section.fillna(False)
                        & (targets["year"] == o.year).fillna(False)]
    if len(hit) != 1:
        raise _Rejected("matches no target" if len(hit) == 0 else f"matches {len(hit)} targets; not applied")
    i = hit[0]
    flags: list[str] = targets.at[i, "flags"]
    if o.field == CONFIRM:
        if o.value not in flags:
            raise _Rejected(f"the target has no flag {o.value!r} to confirm")
        old, new, removed = None, None, [o.value]
    elif o.field in RESOLVES:
        new = _typed(o.field, o.value)
        old = targets.at[i, o.field]
        removed = sorted(RESOLVES[o.field] & set(flags))
        if o.field == "year":
            target_id = f"{targets.at[i, 'indicator_id']}:{new}"
            if (targets["target_id"] == target_id).any():
                raise _Rejected(f"a target for year {new} already exists")
            targets.at[i, "target_id"] = target_id
        targets.at[i, o.field] = new
    else:
        raise _Rejected(f"field {o.field!r} cannot be overridden (one of {', '.join([*RESOLVES, CONFIRM])})")
    targets.at[i, "flags"] = [f for f in flags if f not in removed]
    return {"override_id": o.override_id, "target_id": targets.at[i, "target_id"], "plan_id": o.plan_id,
            "row_ref": o.row_ref, "section_code": o.section_code, "year": o.year, "field": o.field,
            "old_value": _text(old), "new_value": _text(new) if o.field != CONFIRM else o.value,
            "flags_removed": removed, "who": o.who, "why": o.why}
