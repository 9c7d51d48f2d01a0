"""The asset graph: every asset and check, the part of it a run without extraction materializes, and the
garbage-collector setting of the processes that run it.

Kept apart from `definitions` so the schedule, `make run` and the tests
select from one list without importing the code location.
"""
from __future__ import annotations

import gc

import dagster as dg

from assets import extraction, lineage, link, release, tables
from assets.checks import schema_checks

#: The stages' asset modules, in the order a plan travels.
_MODULES = [extraction, tables, link, lineage, release]
ASSETS = dg.load_assets_from_modules(_MODULES)
#: The stages' own checks, and a schema check per published table generated from the registry.
CHECKS = [*dg.load_asset_checks_from_modules(_MODULES), *schema_checks(ASSETS)]
#: Everything `dg.materialize` needs to run the whole graph (tests, benchmarks).
GRAPH = [*ASSETS, *CHECKS]
#: A run that extracts nothing: the tables, checks and release, from the stored extractions.
_DOWNSTREAM_ASSETS = [a for a in ASSETS if extraction.plan_extraction.key not in a.keys]
DOWNSTREAM = [*_DOWNSTREAM_ASSETS, *CHECKS]
DOWNSTREAM_KEYS = [key for a in _DOWNSTREAM_ASSETS for key in a.keys]

#: A run builds millions of small, long-lived, acyclic objects (target rows, lineage nodes) that CPython's
#: full collections scan again and again: a fifth of a 3,400-plan refresh. Young generations still collect
#: reference cycles as before; full collections become rare. A run's process ends with the run.
RUN_GC_THRESHOLDS = (50_000, 50, 1_000)
gc.set_threshold(*RUN_GC_THRESHOLDS)
