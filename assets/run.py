"""`make run`: bring the plan partitions in line with data/raw/ and materialize everything in one run.

Uses the instance of `DAGSTER_HOME` (the Makefile points it at the
project-local `.dagster_home/`), so runs, partitions and check results are
there for `make ui` afterwards.
"""
from __future__ import annotations

import sys

import dagster as dg

from assets.automation import sync_partitions, all_plans_tags
from assets.definitions import GRAPH
from assets.extraction import plan_extraction
from assets.resources import PipelinePaths
from pipeline.inventory import fingerprints
from pipeline.registry import load_registry


def refresh(paths: PipelinePaths, instance: dg.DagsterInstance, **kwargs: object) -> dg.ExecuteInProcessResult:
    """One run over every plan in `paths.raw` (partitions synced first) and everything downstream."""
    plan_ids = sync_partitions(instance, list(fingerprints(paths.raw, load_registry(paths.raw))))
    if not plan_ids:  # nothing to extract: publish the national plan and the empty tables
        downstream = [a for a in GRAPH if a is not plan_extraction]
        return dg.materialize(downstream, instance=instance, resources={"paths": paths}, **kwargs)
    return dg.materialize(GRAPH, instance=instance, resources={"paths": paths}, tags=all_plans_tags(plan_ids), **kwargs)


def main() -> int:
    result = refresh(PipelinePaths(), dg.DagsterInstance.get())
    return 0 if result.success else 1


if __name__ == "__main__":
    sys.exit(main())
