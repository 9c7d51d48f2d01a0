"""The Dagster code location: assets, checks, the refresh job and its nightly schedule."""
from __future__ import annotations

import dagster as dg

from assets import catalog_lineage, stages
from assets.resources import PipelinePaths

refresh_all = dg.define_asset_job("refresh_all", selection=dg.AssetSelection.all(),
                                  description="Re-extract every plan and publish a new release.")

nightly_refresh = dg.ScheduleDefinition(
    name="nightly_refresh", job=refresh_all, cron_schedule="0 2 * * *", execution_timezone="Asia/Ho_Chi_Minh")

ASSETS = dg.load_assets_from_modules([stages, catalog_lineage])
CHECKS = dg.load_asset_checks_from_modules([stages, catalog_lineage])
#: Everything `dg.materialize` needs to run the whole graph (tests, benchmarks).
GRAPH = [*ASSETS, *CHECKS]

defs = dg.Definitions(
    assets=ASSETS,
    asset_checks=CHECKS,
    jobs=[refresh_all],
    schedules=[nightly_refresh],
    resources={"paths": PipelinePaths()},
    # A few small plans: running steps in one process is seconds faster than one process per step.
    executor=dg.in_process_executor,
)
