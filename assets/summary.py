"""What `make run` prints last: the release, what became of each plan, and any check that failed, with its failures.

The Dagster log above it is for engineers; an officer reads these few lines
to know whether the portal got a new release, which plans were not
published and why (the quarantine table says where), and where `latest`
points.
"""
from __future__ import annotations

import json
from collections import Counter

import dagster as dg
import pyarrow.parquet as pq

from assets.resources import PipelinePaths
from pipeline.metadata.columns import STATUSES
from pipeline.release.versions import current_release

#: Failures of a failed check shown on the console (all of them are in the check's metadata in the UI).
SHOWN_FAILURES = 3
#: Plans not published shown by name (a national run may have hundreds: all are in plans.csv and quarantine.csv).
SHOWN_PLANS = 20


def _failures(evaluation: dg.AssetCheckEvaluation) -> str:
    sample = evaluation.metadata.get("sample")
    cases = sample.value if sample is not None else []
    if isinstance(cases, str):
        cases = json.loads(cases)
    shown = "; ".join(", ".join(f"{k}={v}" for k, v in case.items() if v is not None)
                      for case in cases[:SHOWN_FAILURES])
    count = evaluation.metadata.get("n_failures")
    return f"{count.value if count is not None else len(cases)} failures" + (f": {shown}" if shown else "")


def summary_lines(paths: PipelinePaths, result: dg.ExecuteInProcessResult) -> list[str]:
    """The console summary of one run (see module docstring)."""
    release = current_release(paths.published)
    lines = ["", "== Run summary =="]
    if release is None:
        lines.append("release: none published yet")
    else:
        plans = pq.read_table(release / "plans.parquet", columns=["status", "source_file", "message"]).to_pylist()
        statuses = Counter(p["status"] for p in plans)
        n_targets = pq.read_metadata(release / "targets.parquet").num_rows
        failed_run = "" if result.success else " (the run failed: this is the previous one)"
        lines.append(f"release: {release.name}{failed_run}")
        lines.append("plans: " + ", ".join(f"{statuses[s]} {s}" for s in STATUSES if statuses[s]))
        lines.append(f"targets published: {n_targets}")
        unpublished = [p for p in plans if p["status"] not in ("ok", "duplicate")]
        lines += [f"  {p['source_file']}: {p['status']}: {(p['message'] or '')[:200]}"
                  for p in unpublished[:SHOWN_PLANS]]
        if len(unpublished) > SHOWN_PLANS:
            lines.append(f"  … and {len(unpublished) - SHOWN_PLANS} more (plans.csv, quarantine.csv)")
        lines.append(f"latest: {paths.latest} -> {release}")
    failed = [e for e in result.get_asset_check_evaluations()
              if not e.passed and e.severity == dg.AssetCheckSeverity.ERROR]
    lines.append("checks failed: " + ("none" if not failed else
                                      f"{len(failed)} (each plan's rows were checked on their own before they joined "
                                      "the tables, so this is a defect of the code: report it)"))
    lines += [f"  {e.asset_key.to_user_string()} {e.check_name}: {_failures(e)}" for e in failed]
    lines.append("where to look: the quarantine table (quarantine.csv) and `make ui` "
                 "(asset checks, plan_extraction metadata)")
    return lines
