"""`make run`: bring the plan partitions in line with data/raw/ and materialize, in one run, what changed.

Uses the instance of `DAGSTER_HOME` (the Makefile points it at the
project-local `.dagster_home/`), so runs, partitions and check results are
there for `make ui` afterwards.
"""
from __future__ import annotations

import sys

import dagster as dg

from assets.automation import stale_range_tags, sync_partitions
from assets.graph import DOWNSTREAM, GRAPH
from assets.io_manager import forget_run_values
from assets.resources import PipelinePaths, run_resources
from assets.summary import summary_lines
from pipeline.ingest.inventory import fingerprints
from pipeline.ingest.registry import load_registry


def refresh(paths: PipelinePaths, instance: dg.DagsterInstance, **kwargs: object) -> dg.ExecuteInProcessResult:
    """One run: the plans in `paths.raw` whose stored extraction is stale (partitions synced first), then
    everything downstream; with none stale, only the tables and the release."""
    now = fingerprints(paths.raw, load_registry(paths.raw))
    plan_ids = sync_partitions(instance, list(now))
    tags = stale_range_tags(paths, plan_ids, now)
    try:
        if tags is None:
            return dg.materialize(DOWNSTREAM, instance=instance, resources=run_resources(paths), **kwargs)
        return dg.materialize(GRAPH, instance=instance, resources=run_resources(paths), tags=tags, **kwargs)
    finally:
        forget_run_values()


def main() -> int:
    paths = PipelinePaths()
    result = refresh(paths, dg.DagsterInstance.get(), raise_on_error=False)
    print("\n".join(summary_lines(paths, result)))
    return 0 if result.success else 1


if __name__ == "__main__":
    sys.exit(main())
