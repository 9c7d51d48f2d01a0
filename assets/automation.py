"""Jobs, the raw-folder sensor, the nightly schedule and the one-command refresh.

- `raw_plans_sensor` hashes `data/raw/` every tick (cursor: plan id →
  fingerprint). New plans become partitions, removed ones are deleted (so
  the next release withdraws them); one changed plan gets a run of its own
  partition, several changes one run over the partition range spanning them
  (unchanged plans inside cost only a stamp check), a removal alone a
  republish of the tables.
- `nightly_refresh` at 02:00 Asia/Ho_Chi_Minh brings the partitions in line
  with the folder and runs `refresh_all` over the plans whose fingerprint
  differs from their stored extraction, in one run (the partition range
  that spans them); when none changed, only the tables and the release.
- `refresh` is what `make run` calls: the same, in process, now.
"""
from __future__ import annotations

import hashlib
import json

import dagster as dg

from assets.extraction import PLANS
from assets.graph import DOWNSTREAM_KEYS
from assets.resources import PipelinePaths
from pipeline.ingest.inventory import compare, fingerprints
from pipeline.ingest.registry import load_registry
from pipeline.stores import extractions as extraction_store

refresh_all = dg.define_asset_job(
    "refresh_all", selection=dg.AssetSelection.all(),
    description="Extract the plans of the run's partitions (reusing unchanged ones) and publish a new release.")
republish = dg.define_asset_job(
    "republish", selection=DOWNSTREAM_KEYS,
    description="Rebuild the tables and publish from the stored extractions (after a plan was withdrawn).")


def all_plans_tags(plan_ids: list[str]) -> dict[str, str]:
    """Run tags for one run over every partition (dynamic partitions keep their order of registration)."""
    return {"dagster/asset_partition_range_start": plan_ids[0], "dagster/asset_partition_range_end": plan_ids[-1]}


def spanning_tags(plan_ids: list[str], selected: set[str]) -> dict[str, str]:
    """Run tags for the partition range (in `plan_ids` order) spanning every selected plan.

    A run covers a contiguous range, so an unselected plan between two selected ones is in it too; it
    costs only its stamp check there. Plans outside the range cost nothing more than the hash already taken.
    """
    inside = [p for p in plan_ids if p in selected]
    return all_plans_tags(plan_ids[plan_ids.index(inside[0]): plan_ids.index(inside[-1]) + 1])


def stale_range_tags(paths: PipelinePaths, plan_ids: list[str], now: dict[str, str]) -> dict[str, str] | None:
    """Run tags spanning every plan whose stored extraction is not of its fingerprint `now[plan id]`;
    None when every plan is current."""
    stale = {p for p in plan_ids if not extraction_store.is_current(paths.extractions, p, now[p])}
    return spanning_tags(plan_ids, stale) if stale else None


def sync_partitions(instance: dg.DagsterInstance, plan_ids: list[str]) -> list[str]:
    """Register new plans and delete removed ones; the registered plan ids, in partition order."""
    registered = instance.get_dynamic_partitions(PLANS.name)
    new = [p for p in plan_ids if p not in set(registered)]
    if new:
        instance.add_dynamic_partitions(PLANS.name, new)
    for gone in set(registered) - set(plan_ids):
        instance.delete_dynamic_partition(PLANS.name, gone)
    return instance.get_dynamic_partitions(PLANS.name)


@dg.sensor(job_name="refresh_all", minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.STOPPED,
           description="Watches data/raw/: registers new or changed plans (by sha256) and runs just those.")
def raw_plans_sensor(context: dg.SensorEvaluationContext, paths: PipelinePaths) -> dg.SensorResult:
    before: dict[str, str] = json.loads(context.cursor) if context.cursor else {}
    now = fingerprints(paths.raw, load_registry(paths.raw))
    changes = compare(before, now)
    cursor = json.dumps(now, sort_keys=True)
    if not changes:
        return dg.SensorResult(cursor=cursor)
    run_key = hashlib.sha256(cursor.encode()).hexdigest()[:16]
    requests = []
    touched = [*changes.new, *changes.changed]
    if len(touched) == 1:
        requests.append(dg.RunRequest(run_key=run_key, partition_key=touched[0]))
    elif touched:
        registered = [p for p in context.instance.get_dynamic_partitions(PLANS.name) if p not in changes.removed]
        order = registered + [p for p in changes.new if p not in registered]
        requests.append(dg.RunRequest(run_key=run_key, tags=spanning_tags(order, set(touched))))
    else:
        requests.append(dg.RunRequest(run_key=run_key, job_name=republish.name))
    partition_requests = []
    if changes.new:
        partition_requests.append(PLANS.build_add_request(list(changes.new)))
    if changes.removed:
        partition_requests.append(PLANS.build_delete_request(list(changes.removed)))
    return dg.SensorResult(run_requests=requests, dynamic_partitions_requests=partition_requests, cursor=cursor)


@dg.schedule(job=refresh_all, cron_schedule="0 2 * * *", execution_timezone="Asia/Ho_Chi_Minh",
             default_status=dg.DefaultScheduleStatus.STOPPED,
             description="Nightly: the changed plans in one run, then the release; unchanged plans cost only a hash check.")
def nightly_refresh(context: dg.ScheduleEvaluationContext, paths: PipelinePaths) -> dg.RunRequest | dg.SkipReason:
    now = fingerprints(paths.raw, load_registry(paths.raw))
    plan_ids = sync_partitions(context.instance, list(now))
    if not plan_ids:
        return dg.SkipReason(f"no plan in {paths.raw}")
    tags = stale_range_tags(paths, plan_ids, now)
    if tags is None:  # catalog, overrides or a withdrawn plan may still change the release
        return dg.RunRequest(asset_selection=DOWNSTREAM_KEYS)
    return dg.RunRequest(tags=tags)
