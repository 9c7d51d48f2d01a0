"""The Dagster code location: assets, checks, jobs, the raw-folder sensor and the nightly schedule."""
from __future__ import annotations

import dagster as dg

from assets import catalog_lineage, extraction, stages
from assets.automation import nightly_refresh, raw_plans_sensor, refresh_all, republish
from assets.resources import PipelinePaths

ASSETS = dg.load_assets_from_modules([extraction, stages, catalog_lineage])
CHECKS = dg.load_asset_checks_from_modules([extraction, stages, catalog_lineage])
#: Everything `dg.materialize` needs to run the whole graph (tests, benchmarks).
GRAPH = [*ASSETS, *CHECKS]

defs = dg.Definitions(
    assets=ASSETS,
    asset_checks=CHECKS,
    jobs=[refresh_all, republish],
    schedules=[nightly_refresh],
    sensors=[raw_plans_sensor],
    resources={"paths": PipelinePaths()},
    # Steps run in one process: the plans are spread over the cores inside `plan_extraction`.
    executor=dg.in_process_executor,
)
