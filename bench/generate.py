"""Generate a synthetic corpus of N plans with known targets: plan text files plus one truth CSV per plan.

Usage: python -m bench.generate OUT_DIR --n 100 [--seed 0]

Plan i is built from `random.Random(f"{seed}:{i}")` alone, so a corpus is
deterministic, any plan can be rebuilt on its own (the incremental-refresh
measurement changes one), and the families cycle so every N ≥ 5 has all five.
Layout `OUT_DIR/plans/<doc>` and `OUT_DIR/truth/<stem>.csv` (gold format).
"""
from __future__ import annotations

import argparse
import csv
import random
from dataclasses import dataclass, replace
from pathlib import Path

from bench import pools as P
from bench.layouts import FAMILIES, RENDERERS, body_text
from bench.plan import (
    NO_TARGET,
    TRUTH_COLUMNS,
    Plan,
    Row,
    Section,
    truth_rows,
    values_for,
)

_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")
_SUFFIX = {"pipe": ".md"}


@dataclass(frozen=True)
class GeneratedPlan:
    path: Path
    truth_path: Path
    family: str
    n_targets: int


def build_plan(index: int, family: str, rng: random.Random) -> Plan:
    """Decide what plan `index` states: table shape, sections, rows and values (see `bench.plan`)."""
    doc = f"{index:05d}_{family}{_SUFFIX.get(family, '.txt')}"
    issuer, kind = rng.choice(P.ISSUERS)
    number, day, month = rng.randint(1, 400), rng.randint(1, 28), rng.randint(1, 12)
    year0 = rng.choice([2025, 2026])
    years, plan_year = _years(family, rng, year0)
    has_unit = {"pdf_years": rng.random() < 0.35, "pdf_blocks": True, "tabbed": True}.get(family, rng.random() < 0.8)
    has_agency = family != "pdf_years" or rng.random() < 0.6
    if family == "pipe":
        has_agency = rng.random() < 0.9
    has_monitor = family == "pdf_years" and has_unit and has_agency and rng.random() < 0.4
    plan = Plan(doc, family, years, has_unit, has_agency, has_monitor, [], issuer, f"{number}/{kind}",
                f"{day}/{month}/{year0}", plan_year)
    plan.sections = _sections(plan, rng)
    plan.style = _style(plan, rng)
    return plan


def _years(family: str, rng: random.Random, year0: int) -> tuple[list[int], int | None]:
    if family == "pdf_years":
        return rng.choice([[2025, 2030, 2035, 2040, 2045], [2025, 2030, 2035], [2026, 2027, 2028, 2029, 2030], [2025, 2030]]), None
    if family == "pdf_blocks":
        return [2025, 2030, 2035, 2040, 2045][: rng.randint(2, 5)], None
    if family == "tabbed" and rng.random() < 0.6:
        return [], year0
    return rng.choice([[2025, 2030], [2026, 2030], [year0, year0 + 1, year0 + 2]]), None


def _sections(plan: Plan, rng: random.Random) -> list[Section]:
    pool = [i for i in P.INDICATORS if plan.has_unit or not i.needs_unit]
    n_sections = rng.randint(2, 6)
    titles = rng.sample(P.SECTION_TITLES, n_sections)
    picked = rng.sample(pool, min(len(pool), sum(rng.randint(2, 12) for _ in range(n_sections))))
    cuts = sorted(rng.sample(range(1, len(picked)), n_sections - 1))
    blocks = plan.family == "pdf_blocks"
    n_years = len(plan.years) or 1
    monitor = rng.choice(P.MONITORS) if plan.has_monitor else None
    agencies = P.SINGLE_AGENCIES if plan.has_monitor else P.AGENCIES
    sections, ref = [], 0
    for k, (a, b) in enumerate(zip([0, *cuts], [*cuts, len(picked)])):
        code = str(k + 1) if blocks else _ROMAN[k]
        section = Section(code, titles[k] if rng.random() < 0.5 or blocks else titles[k].upper())
        for j, ind in enumerate(picked[a:b]):
            ref += 1
            unit_raw = P.unit_raw_for(ind, rng.choice) if plan.has_unit else None
            values = values_for(ind, unit_raw, n_years, rng, in_cell_units=plan.family in ("tabbed", "pipe", "cell_per_line"))
            row_ref = f"{code}.{j + 1}" if blocks else str(ref)
            agency = rng.choice(agencies) if plan.has_agency else None
            section.rows.append(Row(row_ref, ind.name, unit_raw, values, agency, monitor))
        sections.append(section)
    if not blocks:
        _blank_some(sections, plan, rng)
    if plan.family == "pdf_years" and plan.has_agency and not plan.has_monitor and rng.random() < 0.3:
        _merge_agencies(rng.choice(sections), rng)
    return sections


def _blank_some(sections: list[Section], plan: Plan, rng: random.Random) -> None:
    """Years a row sets no target for: "-" or an empty cell; in PDF text empty cells only at a row's ends."""
    spacing = plan.family == "pdf_years" and rng.random() < 0.5
    for section in sections:
        for row in section.rows:
            n = len(row.values)
            if n < 2 or rng.random() > 0.25:
                continue
            if plan.family != "pdf_years":
                k = rng.randrange(n)
                row.values[k] = None
                continue
            lead = rng.randint(1, n - 1)
            if spacing and rng.random() < 0.5:
                row.values[:lead] = [None] * lead
                row.flags += ("year_uncertain",)
            elif spacing:
                row.values[n - lead:] = [None] * lead
                row.flags += ("year_uncertain",)
            else:
                row.values[:lead] = [NO_TARGET] * lead


def _merge_agencies(section: Section, rng: random.Random) -> None:
    """One body cell merged over 2-4 rows, printed as in 001: its text wraps on into the rows it spans."""
    if len(section.rows) < 2:
        return
    size = rng.randint(2, min(4, len(section.rows)))
    start = rng.randrange(len(section.rows) - size + 1)
    text = rng.choice(P.MERGED_AGENCIES)
    words = text.split()
    cuts = [i for i, w in enumerate(words) if i > 2 and w[:1].islower() and not words[i - 1].endswith(",")]
    cuts = sorted(rng.sample(cuts, min(len(cuts), size - 1)))
    parts = [" ".join(words[a:b]) for a, b in zip([0, *cuts], [*cuts, len(words)])]
    parts = parts[:1] + [""] * (size - len(parts)) + parts[1:]  # rows with no printed part sit before the last part
    for row, part in zip(section.rows[start : start + size], parts):
        row.agency, row.merged_part = text, part
        row.flags += ("agency_from_merged_cell",)


def _style(plan: Plan, rng: random.Random) -> dict:
    style = {
        "appendix": rng.choice(["01", "1", "II", "I"]),
        "width": rng.randint(45, 80),
        "blank_between": rng.random() < 0.6,
        "page_rows": rng.randint(6, 14),
        "agency_width": rng.randint(16, 26),
        "body_paragraphs": rng.choice([0, 0, 5, 20, 60]),
    }
    if plan.family == "pdf_years":
        style.update(stt_own_line=rng.random() < 0.4, agency_beside=rng.random() < 0.3, page_numbers=rng.random() < 0.5,
                     wrap_section=rng.random() < 0.2, header=_pdf_header(plan, rng))
        style["width"] = max(style["width"], 50)
    elif plan.family == "pdf_blocks":
        style.update(header=_blocks_header(plan), blocks=_block_labels(plan, rng))
    elif plan.family == "tabbed":
        style.update(wrap_names=rng.random() < 0.3)
    else:
        style.update(two_level=len(plan.years) > 1 and rng.random() < 0.5, full_section_rows=rng.random() < 0.7,
                     br_names=rng.random() < 0.4)
    return style


def _pdf_header(plan: Plan, rng: random.Random) -> list[str]:
    sep = [""] if rng.random() < 0.6 else []
    years = " ".join(f"Năm {y}" for y in plan.years) if rng.random() < 0.6 else " ".join(map(str, plan.years))
    if plan.has_unit:
        bodies = (" Cơ quan chủ trì" if plan.has_agency else "") + (" Cơ quan theo dõi, đánh giá" if plan.has_monitor else "")
        return [f"STT Chỉ tiêu Đơn vị tính Mục tiêu theo từng giai đoạn{bodies} ", *sep, f"{years} ", *sep]
    if plan.has_agency:
        return [" TT Chỉ tiêu ", "Phấn đấu theo từng giai đoạn Phòng, đơn vị chủ trì ", *sep, f"theo dõi, đánh giá {years} ", *sep]
    return [" STT Chỉ tiêu Mục tiêu theo từng giai đoạn ", *sep, f"{years} ", *sep]


def _blocks_header(plan: Plan) -> list[str]:
    return [" STT Chỉ tiêu Đơn vị tính ", "Kết quả ", "", "yêu cầu ", "", "Cơ quan chủ trì                  ", "",
            "theo dõi, tổng ", "", "hợp, đánh giá ", ""]


def _block_labels(plan: Plan, rng: random.Random) -> list[tuple[str, int]]:
    """"Đến năm 2030", or a period "Giai đoạn 2026-2030" whose targets carry year_from_period."""
    labels = []
    for k, year in enumerate(plan.years):
        if k and rng.random() < 0.2:
            labels.append((f"Giai đoạn {plan.years[k - 1] + 1}-{year}", year))
            for row in (r for s in plan.sections for r in s.rows):
                v = row.values[k]
                row.values[k] = replace(v, flags=tuple(sorted({*v.flags, "year_from_period"}))) if v else v
        else:
            labels.append((f"Đến năm {year}", year))
    return labels


def render(plan: Plan, rng: random.Random) -> str:
    """The plan's full text: optional body prose, then the appendix in the plan's layout family."""
    body = body_text(rng, P.BODY_SENTENCES, plan.style["body_paragraphs"], plan.style["width"])
    return body + RENDERERS[plan.family](plan, rng)


def generate_plan(index: int, seed: int = 0) -> tuple[Plan, str]:
    """Plan `index` of the corpus for `seed`, and its text."""
    rng = random.Random(f"{seed}:{index}")
    plan = build_plan(index, FAMILIES[index % len(FAMILIES)], rng)
    return plan, render(plan, rng)


def write_plan(out_dir: Path, plan: Plan, text: str) -> GeneratedPlan:
    plans, truth = out_dir / "plans", out_dir / "truth"
    plans.mkdir(parents=True, exist_ok=True)
    truth.mkdir(parents=True, exist_ok=True)
    path = plans / plan.doc
    path.write_text(text, encoding="utf-8")
    rows = truth_rows(plan)
    truth_path = truth / f"{path.stem}.csv"
    with truth_path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, TRUTH_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return GeneratedPlan(path, truth_path, plan.family, len(rows))


def generate_corpus(out_dir: Path, n: int, seed: int = 0) -> list[GeneratedPlan]:
    """Write n plans and their truth under `out_dir` (see module docstring)."""
    return [write_plan(out_dir, *generate_plan(i, seed)) for i in range(n)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    made = generate_corpus(args.out_dir, args.n, args.seed)
    print(f"{len(made)} plans, {sum(g.n_targets for g in made)} targets in {args.out_dir}")


if __name__ == "__main__":
    main()
