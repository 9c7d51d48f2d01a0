"""Score extracted targets against the generator's truth with the contract's scorer (tests.scoring.score).

`score()` compares every gold row with every published row (difflib on the
names), which is quadratic per plan: fine for five seeds, minutes for
thousands of plans. A match needs the same STT anyway (or a near-identical
name, which in a synthetic plan with unique names means the same STT), so
rows are scored in groups of one plan and one STT and the reports summed.
A published row whose STT is wrong therefore counts as a miss and an extra
row, never as a match: stricter than the shared scorer, never looser.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from tests.scoring import FIELDS, Report, score


@dataclass
class Tally:
    """Reports summed over plans, with the first misses as examples."""

    total: Report = field(default_factory=lambda: Report(0, 0, 0, dict.fromkeys(FIELDS, 0), 0, []))
    examples: list[str] = field(default_factory=list)

    def add(self, report: Report, doc: str, keep: int = 40) -> None:
        self.total.absorb(report)
        room = keep - len(self.examples)
        self.examples += [f"{doc}: {m}" for m in report.misses[:max(0, room)]]

    @property
    def gold(self) -> int:
        return self.total.gold

    @property
    def pred(self) -> int:
        return self.total.pred

    @property
    def recall(self) -> float:
        return self.total.recall

    @property
    def precision(self) -> float:
        return self.total.precision if self.total.pred else 1.0

    def accuracy(self, f: str) -> float:
        return self.total.accuracy(f) if self.total.matched else 1.0

    @property
    def overall(self) -> float:
        """The goal's single number: the worst of recall, precision and every field's accuracy."""
        return min([self.recall, self.precision] + [self.accuracy(f) for f in FIELDS])


def score_plan(truth: list[dict], targets: list[dict]) -> Report:
    """One plan's report, summed over its STT groups (see module docstring)."""
    groups: dict[str, tuple[list[dict], list[dict]]] = defaultdict(lambda: ([], []))
    for g in truth:
        groups[g["row_ref"]][0].append(g)
    for t in targets:
        groups[str(t["row_ref"])][1].append(t)
    total = Report(0, 0, 0, dict.fromkeys(FIELDS, 0), 0, [])
    for gold_rows, preds in groups.values():
        total.absorb(score(gold_rows, preds))
    return total
