"""The asset graph: every asset and check, and the part of it a run without extraction materializes.

Kept apart from `definitions` so the schedule, `make run` and the tests
select from one list without importing the code location.
"""
from __future__ import annotations

import dagster as dg

from assets import catalog_lineage, extraction, stages

ASSETS = dg.load_assets_from_modules([extraction, stages, catalog_lineage])
CHECKS = dg.load_asset_checks_from_modules([extraction, stages, catalog_lineage])
#: Everything `dg.materialize` needs to run the whole graph (tests, benchmarks).
GRAPH = [*ASSETS, *CHECKS]
#: A run that extracts nothing: the tables, checks and release, from the stored extractions.
DOWNSTREAM = [a for a in ASSETS if extraction.plan_extraction.key not in a.keys] + CHECKS
DOWNSTREAM_KEYS = [key for a in DOWNSTREAM if isinstance(a, dg.AssetsDefinition) for key in a.keys]
