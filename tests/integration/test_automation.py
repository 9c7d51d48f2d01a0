"""Per-plan partitions: the raw-folder sensor, the nightly schedule and incremental refreshes."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import dagster as dg
import pyarrow.parquet as pq
import pytest

from assets.automation import nightly_refresh, raw_plans_sensor, republish
from assets.extraction import PLANS
from assets.graph import DOWNSTREAM_KEYS
from assets.resources import PROJECT_ROOT, PipelinePaths
from tests.factories import run_graph

SEEDS = ("000_e9c5a55a8f86a682.txt", "002_b5f291679289927e.txt")


@pytest.fixture
def paths(tmp_path: Path) -> PipelinePaths:
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in SEEDS:
        shutil.copy(PROJECT_ROOT / "data" / "raw" / name, raw / name)
    return PipelinePaths(raw_dir=str(raw), published_dir=str(tmp_path / "pub"), overrides_file=str(tmp_path / "none.csv"))


def _tick(paths: PipelinePaths, instance: dg.DagsterInstance, cursor: str | None) -> dg.SensorResult:
    context = dg.build_sensor_context(instance=instance, cursor=cursor, resources={"paths": paths})
    return raw_plans_sensor(context)


def _apply(instance: dg.DagsterInstance, result: dg.SensorResult) -> None:
    """What the daemon does with a tick's partition requests."""
    for request in result.dynamic_partitions_requests or []:
        if isinstance(request, dg.AddDynamicPartitionsRequest):
            instance.add_dynamic_partitions(request.partitions_def_name, list(request.partition_keys))
        else:
            for key in request.partition_keys:
                instance.delete_dynamic_partition(request.partitions_def_name, key)


def test_sensor_registers_new_plans_runs_changed_ones_and_withdraws_removed(paths: PipelinePaths) -> None:
    instance = dg.DagsterInstance.ephemeral()
    first = _tick(paths, instance, None)
    [add] = first.dynamic_partitions_requests
    assert sorted(add.partition_keys) == ["000_e9c5a55a8f86a682", "002_b5f291679289927e"]
    [run] = first.run_requests
    assert run.tags["dagster/asset_partition_range_start"] == "000_e9c5a55a8f86a682"  # two new plans: one run
    _apply(instance, first)

    assert not _tick(paths, instance, first.cursor).run_requests  # nothing changed: nothing to do

    changed = paths.raw / SEEDS[1]
    changed.write_bytes(changed.read_bytes() + b"\n")
    second = _tick(paths, instance, first.cursor)
    [run] = second.run_requests
    assert run.partition_key == "002_b5f291679289927e" and not second.dynamic_partitions_requests

    (paths.raw / SEEDS[0]).unlink()
    third = _tick(paths, instance, second.cursor)
    [delete] = third.dynamic_partitions_requests
    assert isinstance(delete, dg.DeleteDynamicPartitionsRequest) and delete.partition_keys == ["000_e9c5a55a8f86a682"]
    [run] = third.run_requests
    assert run.job_name == republish.name
    assert set(json.loads(third.cursor)) == {"002_b5f291679289927e"}


def _nightly(instance: dg.DagsterInstance, paths: PipelinePaths) -> dg.RunRequest | dg.SkipReason:
    """One evaluation of the schedule; the context is closed after, so the instance it opened is released."""
    with dg.build_schedule_context(instance=instance, resources={"paths": paths}) as context:
        return nightly_refresh(context)


def test_nightly_schedule_syncs_partitions_and_runs_every_plan_once(paths: PipelinePaths, tmp_path: Path) -> None:
    assert nightly_refresh.cron_schedule == "0 2 * * *"
    assert nightly_refresh.execution_timezone == "Asia/Ho_Chi_Minh"
    (tmp_path / "home").mkdir()
    instance = dg.DagsterInstance.local_temp(str(tmp_path / "home"))  # a schedule reaches its instance by reference
    instance.add_dynamic_partitions(PLANS.name, ["gone_plan"])
    request = _nightly(instance, paths)
    assert instance.get_dynamic_partitions(PLANS.name) == ["000_e9c5a55a8f86a682", "002_b5f291679289927e"]
    assert request.tags["dagster/asset_partition_range_start"] == "000_e9c5a55a8f86a682"
    assert request.tags["dagster/asset_partition_range_end"] == "002_b5f291679289927e"

    run_graph(paths, instance)  # both extracted and stored: the next night has nothing to extract
    quiet = _nightly(instance, paths)
    assert quiet.partition_key is None and "dagster/asset_partition_range_start" not in quiet.tags
    assert set(quiet.asset_selection) == set(DOWNSTREAM_KEYS)
    assert dg.AssetKey("plan_extraction") not in quiet.asset_selection

    changed = paths.raw / SEEDS[1]
    changed.write_bytes(changed.read_bytes() + b"\n")
    one = _nightly(instance, paths)
    assert one.tags["dagster/asset_partition_range_start"] == one.tags["dagster/asset_partition_range_end"] == \
        "002_b5f291679289927e"


def _extraction_counts(result: dg.ExecuteInProcessResult) -> tuple[int, int]:
    """(plans extracted, plans reused) by the run; (0, 0) when the run had no partition to extract."""
    assert result.success
    materializations = result.asset_materializations_for_node("plan_extraction")
    if not materializations:
        return 0, 0
    [materialization, *_] = materializations
    return materialization.metadata["extracted"].value, materialization.metadata["reused"].value


def test_unchanged_plans_are_reused_a_changed_one_extracted_a_removed_one_withdrawn(paths: PipelinePaths) -> None:
    instance = dg.DagsterInstance.ephemeral()
    assert _extraction_counts(run_graph(paths, instance)) == (2, 0)
    quiet = run_graph(paths, instance)  # a hash check each, no extraction: only the tables and the release
    assert _extraction_counts(quiet) == (0, 0) and quiet.asset_materializations_for_node("published_release")

    changed = paths.raw / SEEDS[1]
    changed.write_bytes(changed.read_bytes().replace(b"\xe2\x89\xa5 70", b"\xe2\x89\xa5 75", 1))
    assert _extraction_counts(run_graph(paths, instance)) == (1, 0)  # its partition alone
    targets = pq.read_table(paths.latest / "targets.parquet").to_pylist()
    assert {t["value"] for t in targets if t["target_id"] == "002_b5f291679289927e:I:1:2026"} == {75.0}

    (paths.raw / SEEDS[0]).unlink()
    run_graph(paths, instance)
    plans = set(pq.read_table(paths.latest / "plans.parquet").column("plan_id").to_pylist())
    assert "000_e9c5a55a8f86a682" not in plans and "002_b5f291679289927e" in plans
