"""A synthetic plan as data: sections, rows and one printed value per year, with the contract's reading of each.

The generator decides what a plan says (this module), then a layout renders
it as text (`bench.layouts`). Because every printed value is built here from
its parts (comparator, number, unit kind), the truth rows need no parser:
they are what the generator meant, in the gold CSVs' format.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from bench import pools as P

TRUTH_COLUMNS = (
    "doc", "year", "section_code", "row_ref", "indicator_name", "unit_raw", "raw_text", "comparator", "value",
    "value_max", "value_text", "unit", "responsible_agency", "monitoring_agency", "flags", "note", "lenient",
)
_CONTRACT_UNIT = {P.PERCENT: "percent", P.GRDP: "percent_of_grdp", P.COUNT: "count", P.SCORE: "score",
                  P.RANK: "rank", P.DAYS: "days", P.STATUS: "status"}


@dataclass(frozen=True)
class Value:
    """One printed target cell and what it means; `raw == "-"` is a printed "no target"."""

    raw: str
    comparator: str = "="
    value: float | None = None
    value_max: float | None = None
    value_text: str | None = None
    unit: str = "status"
    flags: tuple[str, ...] = ()

    @property
    def is_target(self) -> bool:
        return self.raw != "-"


NO_TARGET = Value("-")


@dataclass
class Row:
    ref: str
    name: str
    unit_raw: str | None  # None: the table has no unit column
    values: list[Value | None]  # one per year; None is a blank cell
    agency: str | None = None
    monitor: str | None = None
    flags: tuple[str, ...] = ()  # flags every target of the row carries (agency_from_merged_cell, year_uncertain)
    merged_part: str | None = None  # the part of a merged agency cell printed on this row


@dataclass
class Section:
    code: str
    title: str
    rows: list[Row] = field(default_factory=list)


@dataclass
class Plan:
    """What one plan states; `style` holds the layout's rendering choices."""

    doc: str
    family: str
    years: list[int]
    has_unit: bool
    has_agency: bool
    has_monitor: bool
    sections: list[Section]
    issuer: str
    doc_number: str
    issued: str
    plan_year: int | None = None  # a single result column's year, from the title
    style: dict = field(default_factory=dict)

    def rows(self) -> list[tuple[Section, Row]]:
        return [(s, r) for s in self.sections for r in s.rows]


def number_text(x: float, rng: random.Random, decimals: int = 0) -> str:
    """A number as the plans print it: decimal comma, thousands dot, sometimes a leading zero ("07")."""
    if decimals:
        return f"{x:.{decimals}f}".replace(".", ",")
    n = int(round(x))
    if n >= 1000:
        return f"{n:,}".replace(",", ".")
    if n < 10 and rng.random() < 0.3:
        return f"0{n}"
    return str(n)


def _cmp(rng: random.Random, kind: str) -> tuple[str, str]:
    """A printed comparator and its contract form; "" prints none (=)."""
    if kind in (P.RANK, P.DAYS):
        return rng.choice([("≤ ", "<="), ("", "="), ("≤", "<=")])
    return rng.choice([("≥ ", ">="), ("≥ ", ">="), ("≥", ">="), ("", "="), ("> ", ">")])


def _series(rng: random.Random, n: int, low: float, high: float, step: float) -> list[float]:
    """A rising series of targets over n years, rounded to `step`."""
    start = rng.uniform(low, (low + high) / 2)
    out, x = [], start
    for _ in range(n):
        out.append(round(x / step) * step)
        x = min(high, x + rng.uniform(0, (high - start) / max(1, n - 1)) * 1.5)
    return out


def values_for(ind: P.Indicator, unit_raw: str | None, n: int, rng: random.Random, *, in_cell_units: bool) -> list[Value]:
    """Printed targets for n years of one indicator (see module docstring).

    `unit_raw` is the printed unit column (None: the table has none, so the
    cell must say "%" or "% GRDP" itself, and a plain number's unit comes
    from the name with the flag unit_inferred). `in_cell_units` lets a cell
    repeat "%" even under a unit column.
    """
    unit = _CONTRACT_UNIT[ind.kind]
    inferred = ("unit_inferred",) if unit_raw is None and ind.kind in (P.COUNT, P.SCORE) else ()
    out: list[Value] = []
    if ind.kind == P.STATUS:
        seq = ("Có",) if unit_raw == "Có/Không" else rng.choice(P.STATUS_SEQUENCES)
        for k in range(n):
            words = seq[min(k, len(seq) - 1)]
            out.append(Value(words, "=", None, None, words, "status"))
        return out
    if ind.kind == P.RANK:
        total = rng.choice([34, 63])
        places = sorted({rng.randint(5, total - 5) for _ in range(n + 3)}, reverse=True)[:n]
        places += [places[-1]] * (n - len(places))
        for k, place in enumerate(places):
            if k == n - 1 and n > 1 and rng.random() < 0.4:
                words = f"Nhóm {rng.choice([5, 10, 15])} tỉnh {rng.choice(['dẫn đầu', 'đứng đầu'])}"
                out.append(Value(words, "<=", float(words.split()[1]), None, words, "rank"))
            elif unit_raw and rng.random() < 0.5:
                sym, cmp = _cmp(rng, P.RANK)
                out.append(Value(f"{sym}{place}", cmp, float(place), None, None, "rank"))
            else:
                out.append(Value(f"{place}/{total}", "<=", float(place), None, None, "rank"))
        return out
    if ind.kind == P.PERCENT:
        small = "chi ngân sách" in ind.name or rng.random() < 0.15
        series = _series(rng, n, 0.5, 3.0, 0.5) if small else _series(rng, n, 10, 100, 5)
        decimals = 1 if small and any(x % 1 for x in series) else 0
        pct = unit_raw is None or (in_cell_units and rng.random() < 0.3)
        for x in series:
            num = number_text(x, rng, decimals)
            r = rng.random()
            if r < 0.08 and not small and x <= 90:
                hi = x + 10
                sep = rng.choice(["-", " - "])
                raw = f"{num}{sep}{number_text(hi, rng)}" + ("%" if pct else "")
                out.append(Value(raw, "between", x, hi, None, unit))
            elif r < 0.12 and unit_raw is None and not small:
                qual = rng.choice(["6G", "5G"])
                out.append(Value(f"{qual} ({num}%)", "=", x, None, qual, unit))
            else:
                sym, cmp = _cmp(rng, ind.kind)
                out.append(Value(f"{sym}{num}" + ("%" if pct else ""), cmp, x, None, None, unit))
        return out
    if ind.kind == P.GRDP:
        series = _series(rng, n, 1, 40, 1)
        for x in series:
            sym, cmp = _cmp(rng, ind.kind)
            tail = "% GRDP" if unit_raw is None else ""
            out.append(Value(f"{sym}{number_text(x, rng)}{tail}", cmp, x, None, None, unit))
        return out
    if ind.kind == P.SCORE:
        series = _series(rng, n, 0.6, 1.0, 0.01)
        for x in series:
            sym, cmp = _cmp(rng, ind.kind)
            out.append(Value(f"{sym}{number_text(x, rng, 2)}", cmp, x, None, None, unit, inferred))
        return out
    if ind.kind == P.DAYS:
        series = sorted(_series(rng, n, 3, 30, 1), reverse=True)
        for x in series:
            sym, cmp = _cmp(rng, ind.kind)
            out.append(Value(f"{sym}{number_text(x, rng)}", cmp, x, None, None, unit))
        return out
    scale = rng.choice([10, 50, 300, 2000])
    series = _series(rng, n, max(1, scale / 10), scale, 1 if scale < 100 else 10)
    for x in series:
        if rng.random() < 0.06:
            hi = x + max(1, round(x * 0.2))
            raw = f"{number_text(x, rng)} - {number_text(hi, rng)}"
            out.append(Value(raw, "between", x, float(hi), None, unit, inferred))
        else:
            sym, cmp = _cmp(rng, ind.kind)
            out.append(Value(f"{sym}{number_text(x, rng)}", cmp, x, None, None, unit, inferred))
    return out


def truth_rows(plan: Plan) -> list[dict]:
    """The plan's targets in the gold CSV format: one row per indicator × year with a printed target."""
    out = []
    years = plan.years if plan.years else [plan.plan_year]
    for section, row in plan.rows():
        for year, v in zip(years, row.values):
            if v is None or not v.is_target:
                continue
            flags = sorted(set(v.flags) | set(row.flags))
            out.append({
                "doc": plan.doc, "year": year, "section_code": section.code, "row_ref": row.ref,
                "indicator_name": row.name, "unit_raw": row.unit_raw or "", "raw_text": v.raw,
                "comparator": v.comparator, "value": _num(v.value), "value_max": _num(v.value_max),
                "value_text": v.value_text or "", "unit": v.unit, "responsible_agency": row.agency or "",
                "monitoring_agency": row.monitor or "", "flags": ";".join(flags), "note": "", "lenient": "",
            })
    return out


def _num(x: float | None) -> str:
    if x is None:
        return ""
    return str(int(x)) if float(x).is_integer() else repr(round(x, 6))
