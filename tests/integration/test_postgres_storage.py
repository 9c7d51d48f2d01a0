"""Scale-out check: the partitioned graph with PostgreSQL run/event/schedule storage and the multiprocess executor.

A real server (Debian's postgresql, started by `tests.postgres`), a real
`dagster.yaml` like `deploy/dagster.postgres.yaml`, and `dg.execute_job` on a
reconstructable job so every step runs in its own process. Never skipped:
`.ci/run` installs the server where it is missing.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import pyarrow.parquet as pq
import yaml

from assets.automation import all_plans_tags, refresh_all, sync_partitions
from assets.graph import ASSETS, CHECKS
from assets.resources import PROJECT_ROOT, PipelinePaths, run_resources
from pipeline.ingest.inventory import fingerprints
from pipeline.ingest.registry import load_registry
from tests.postgres import postgres_server

SEEDS = ("000_e9c5a55a8f86a682.txt", "002_b5f291679289927e.txt")


def multiprocess_refresh() -> dg.JobDefinition:
    """`refresh_all` with one process per step, as a cluster deployment runs it (module-level: reconstructable)."""
    defs = dg.Definitions(assets=ASSETS, asset_checks=CHECKS, jobs=[refresh_all],
                          resources=run_resources(PipelinePaths()), executor=dg.multiprocess_executor)
    return defs.resolve_job_def("refresh_all")


def test_partitioned_graph_runs_with_postgres_storage_and_multiprocess_executor(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in SEEDS:
        shutil.copy(PROJECT_ROOT / "data" / "raw" / name, raw / name)
    paths = {"raw_dir": str(raw), "published_dir": str(tmp_path / "pub"), "overrides_file": str(tmp_path / "none.csv")}
    with postgres_server() as pg:
        home = tmp_path / "dagster_home"
        home.mkdir()
        config = yaml.safe_load((PROJECT_ROOT / "deploy" / "dagster.postgres.yaml").read_text(encoding="utf-8"))
        config["storage"]["postgres"]["postgres_db"].update(
            username=pg.user, password="", hostname=pg.host, db_name=pg.db_name, port=pg.port)
        (home / "dagster.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
        with dg.DagsterInstance.from_config(str(home)) as instance:
            plan_ids = sync_partitions(instance, list(fingerprints(raw, load_registry(raw))))
            result = dg.execute_job(
                dg.reconstructable(multiprocess_refresh), instance=instance, tags=all_plans_tags(plan_ids),
                run_config={"resources": {"paths": {"config": paths}}},
            )
            assert result.success
            assert type(instance.run_storage).__name__ == "PostgresRunStorage"
            [run] = instance.get_runs()
            assert run.status == dg.DagsterRunStatus.SUCCESS
            assert instance.get_dynamic_partitions("plans") == sorted(plan_ids)
    published = {p["plan_id"] for p in pq.read_table(tmp_path / "pub" / "latest" / "plans.parquet").to_pylist()}
    assert {"000_e9c5a55a8f86a682", "002_b5f291679289927e"} <= published
