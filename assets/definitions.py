"""The Dagster code location: assets, checks, jobs, the raw-folder sensor and the nightly schedule."""
from __future__ import annotations

import dagster as dg

from assets.automation import nightly_refresh, raw_plans_sensor, refresh_all, republish
from assets.graph import ASSETS, CHECKS
from assets.resources import PipelinePaths, run_resources

defs = dg.Definitions(
    assets=ASSETS,
    asset_checks=CHECKS,
    jobs=[refresh_all, republish],
    schedules=[nightly_refresh],
    sensors=[raw_plans_sensor],
    resources=run_resources(PipelinePaths()),
    # Steps run in one process: the plans are spread over the cores inside `plan_extraction`.
    executor=dg.in_process_executor,
)
