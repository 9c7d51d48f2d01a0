"""A broken import or wiring error in the code location fails here, not in the UI."""
import dagster as dg

from assets.definitions import defs


def test_definitions_load() -> None:
    dg.Definitions.validate_loadable(defs)


def test_job_and_nightly_schedule() -> None:
    assert defs.resolve_job_def("refresh_all") is not None
    schedule = defs.resolve_schedule_def("nightly_refresh")
    assert schedule.cron_schedule == "0 2 * * *"
    assert schedule.execution_timezone == "Asia/Ho_Chi_Minh"


def test_every_table_has_a_blocking_check() -> None:
    blocking = {spec.asset_key.path[-1] for c in defs.asset_checks for spec in c.check_specs if spec.blocking}
    tables = {key.path[-1] for a in defs.assets for key in a.keys if key.path[-1].endswith("_table")}
    assert {"plans_table", "indicators_table", "targets_table", "lineage_edges_table"} <= tables
    assert tables <= blocking
