"""Problems become the published `quarantine` table, and the per-plan ledger that proves nothing was lost.

The ledger balances what extraction saw against what was published and what
was set aside, per plan:

    rows seen  = indicators published + rows merged into an earlier block's indicator + rows quarantined
    cells seen = targets published + cells quarantined

`unbalanced` recomputes the right-hand sides from the published tables (not
from the extraction's own lists), so a row dropped anywhere between extraction
and publication breaks the balance and fails the blocking asset check.
"""
from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from pipeline.extract.model import Accounting, PlanExtraction


def quarantine_rows(extraction: PlanExtraction) -> list[dict]:
    """One `quarantine` row per problem of a plan, numbered in the order found."""
    plan_id = extraction.plan["plan_id"]
    return [{"quarantine_id": f"{plan_id}:{n}", "plan_id": plan_id, "source_file": p.source_file, "kind": p.kind,
             "line_start": p.line_start, "line_end": p.line_end, "source_locator": p.locator, "raw_text": p.raw_text,
             "reason": p.reason}
            for n, p in enumerate(extraction.problems, start=1)]


def ledger(extraction: PlanExtraction) -> dict[str, object]:
    """The plan's accounting as extraction counted it, with the published and quarantined counts."""
    kinds = [p.kind for p in extraction.problems]
    a = extraction.accounting
    return {"plan_id": extraction.plan["plan_id"], "rows_seen": a.rows_seen, "indicators": len(extraction.indicators),
            "rows_merged": a.rows_merged, "rows_quarantined": kinds.count("row"), "cells_seen": a.cells_seen,
            "targets": len(extraction.targets), "cells_quarantined": kinds.count("cell"),
            "files_quarantined": kinds.count("file"), "source_gaps": a.source_gaps}


def unbalanced(accounts: Mapping[str, Accounting], indicators: pd.DataFrame, targets: pd.DataFrame,
               quarantine: pd.DataFrame) -> list[dict[str, object]]:
    """Plans whose counts (plan id → what extraction saw) do not balance against the published tables."""
    n_ind = indicators.groupby("plan_id").size().to_dict()
    n_tgt = targets.groupby("plan_id").size().to_dict()
    n_q = quarantine.groupby(["plan_id", "kind"]).size().to_dict()
    failures = []
    for plan_id, a in accounts.items():
        rows_out = int(n_ind.get(plan_id, 0)) + a.rows_merged + int(n_q.get((plan_id, "row"), 0))
        cells_out = int(n_tgt.get(plan_id, 0)) + int(n_q.get((plan_id, "cell"), 0))
        if (a.rows_seen, a.cells_seen) != (rows_out, cells_out):
            failures.append({"plan_id": plan_id, "rows_seen": a.rows_seen, "rows_accounted": rows_out,
                             "cells_seen": a.cells_seen, "cells_accounted": cells_out})
    return failures
