"""The contract's scoring rules, for tests: match gold targets to published ones, count what differs.

Mirrors the shared scorer (matching by plan, year, STT and name similarity;
a gold row flagged `year_uncertain` may match a flagged row of any year), so
a test fails exactly when the published scores would drop.
"""
from __future__ import annotations

import csv
import difflib
import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

FIELDS = ("comparator", "value", "value_max", "unit", "value_text", "responsible_agency")


def norm(s: object) -> str:
    if s is None or (isinstance(s, float) and math.isnan(s)):
        return ""
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFC", str(s)).casefold()).strip()
    return text.rstrip(" .;:")


def number(s: object) -> float | None:
    if s is None or s == "" or (isinstance(s, float) and math.isnan(s)):
        return None
    return float(s)


def same(field: str, gold: dict, pred: dict) -> bool:
    if field in ("value", "value_max"):
        a, b = number(gold.get(field)), number(pred.get(field))
        return a == b if a is None or b is None else abs(a - b) <= 1e-9 * max(1.0, abs(a))
    return norm(gold.get(field)) == norm(pred.get(field))


def flags_of(row: dict) -> list[str]:
    flags = row.get("flags") or []
    return [f for f in re.split(r"[;,|]\s*", flags) if f] if isinstance(flags, str) else list(flags)


def read_gold(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _pair_score(g: dict, p: dict) -> float | None:
    g_year, p_year = int(g["year"]), int(p["year"])
    uncertain = "year_uncertain" in flags_of(g)
    if g_year != p_year and not (uncertain and "year_uncertain" in flags_of(p)):
        return None
    sim = difflib.SequenceMatcher(None, norm(g["indicator_name"]), norm(p["indicator_name"]), autojunk=False).ratio()
    ref_ok = norm(g["row_ref"]).rstrip(".") == norm(p["row_ref"]).rstrip(".")
    sec_g, sec_p = norm(g.get("section_code")), norm(p.get("section_code"))
    if sec_g and sec_p and sec_g != sec_p:
        ref_ok = False
    score = 2 + sim if ref_ok and sim >= 0.5 else sim if sim >= 0.85 else None
    if score is None:
        return None
    score += 0.5 if p_year == g_year else 0.0
    score += 1.0 if uncertain and same("value", g, p) and same("value_text", g, p) else 0.0
    return score


@dataclass
class Report:
    gold: int
    pred: int
    matched: int
    field_ok: dict[str, int]
    silent: int
    misses: list[str]

    def absorb(self, other: Report) -> None:
        """Add another report's counts to this one (plans summed into a corpus, groups into a plan)."""
        self.gold += other.gold
        self.pred += other.pred
        self.matched += other.matched
        self.silent += other.silent
        self.misses += other.misses
        for f in FIELDS:
            self.field_ok[f] += other.field_ok[f]

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.pred if self.pred else 0.0

    def accuracy(self, field: str) -> float:
        return self.field_ok[field] / self.matched if self.matched else 0.0

    @property
    def silent_error_rate(self) -> float:
        return self.silent / self.matched if self.matched else 0.0


def score(gold_rows: list[dict], preds: list[dict]) -> Report:
    """Greedy one-to-one matching, best pairs first, as the shared scorer does."""
    pairs = sorted(
        ((s, gi, pi) for gi, g in enumerate(gold_rows) for pi, p in enumerate(preds) if (s := _pair_score(g, p)) is not None),
        reverse=True,
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    field_ok = {f: 0 for f in FIELDS}
    silent = 0
    misses = []
    for _, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        g, p = gold_rows[gi], preds[pi]
        lenient = set(flags_of({"flags": g.get("lenient") or ""}))
        wrong = [f for f in FIELDS if f not in lenient and not same(f, g, p)]
        for f in FIELDS:
            field_ok[f] += f not in wrong
        silent += bool(wrong and not flags_of(p))
        misses += [f"{g['year']} {g['row_ref']} {f}: gold={g.get(f)!r} got={p.get(f)!r}" for f in wrong]
    misses += [f"missing {g['year']} {g['row_ref']} {g['raw_text']!r}" for gi, g in enumerate(gold_rows) if gi not in used_g]
    return Report(len(gold_rows), len(preds), len(used_g), field_ok, silent, misses)
