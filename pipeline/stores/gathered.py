"""Every plan's extraction gathered into the release's tables, kept between runs and patched where plans changed.

Gathering rebuilt four national tables from thousands of stored extractions
on every run (seconds of unpickling and row-by-row frames) although one plan
had changed. The gathered tables are now kept as Arrow tables, with the stamp
(`extraction_store`: file, registry row and code version) each plan's rows
were made from. A run drops the rows of plans whose stamp moved or that are
gone, adds the rows of the changed and new plans from their stored
extractions, and stores the result again, as one file replaced in one rename
(so a crash or a concurrent run never pairs stamps with other rows).
Duplicate files and the national targets are applied on top on every run:
they depend on more than one plan's stamp.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from pipeline.extract.isolation import duplicate_extraction
from pipeline.extract.model import Accounting, PlanExtraction
from pipeline.ingest.inventory import Inventory
from pipeline.metadata.columns import TABLES
from pipeline.stores import extractions as extraction_store
from pipeline.stores.files import read_stored, write_stored
from pipeline.tables.frames import ExtractedTables, arrow_frame, to_arrow
from pipeline.tables.quarantine import ledger

GATHERED = ("plans", "indicators", "targets", "quarantine")
_FILE = "gathered.pickle"


@dataclass
class Gathered:
    """The stored tables: per plan the stamp its rows came from, its accounting and ledger row."""

    stamps: dict[str, str] = field(default_factory=dict)
    accounts: dict[str, Accounting] = field(default_factory=dict)
    ledgers: dict[str, dict] = field(default_factory=dict)
    tables: dict[str, pa.Table] = field(default_factory=dict)


def _load(path: Path) -> Gathered:
    stored = read_stored(path)
    return stored if isinstance(stored, Gathered) else Gathered()


def _without(tables: dict[str, pa.Table], plan_ids: list[str]) -> dict[str, pa.Table]:
    """The tables without the rows of `plan_ids`."""
    if not plan_ids:
        return tables
    drop = pa.array(plan_ids, pa.string())
    return {name: t.filter(pc.invert(pc.is_in(t["plan_id"], value_set=drop))) for name, t in tables.items()}


def _joined(parts: list[dict[str, pa.Table]]) -> dict[str, pa.Table]:
    """Tables of several gatherings, one table each (each plan's rows come from one part, in its order)."""
    return {name: pa.concat_tables([p[name] for p in parts if name in p]).combine_chunks() for name in GATHERED}


def _in_plan_order(tables: dict[str, pa.Table]) -> dict[str, pa.Table]:
    """Rows ordered by plan_id, each plan's own order kept (a stable sort), as `tables.frames.to_frames` orders them."""
    return {name: t.take(pc.sort_indices(t, sort_keys=[("plan_id", "ascending")])) for name, t in tables.items()}


def _brought_up_to_date(store: Path, cache: Path, plan_ids: list[str]) -> tuple[Gathered, int]:
    """The stored tables brought up to date with the extraction store for `plan_ids`; how many plans were
    read again."""
    path = cache / _FILE
    old = _load(path)
    stamps = {plan_id: extraction_store.stamp(store, plan_id) for plan_id in plan_ids}
    current = bool(old.tables) and all(t.schema.equals(TABLES[n].arrow_schema) for n, t in old.tables.items())
    fresh = [plan_id for plan_id, stamp in stamps.items()
             if stamp is None or old.stamps.get(plan_id) != stamp or not current]
    extractions = [extraction_store.require(store, plan_id) for plan_id in fresh]
    kept = _without(old.tables, [p for p in old.stamps if p in fresh or p not in stamps]) if current else {}
    new = Gathered(stamps={p: s for p, s in stamps.items() if s is not None},
                   accounts={p: a for p, a in old.accounts.items() if p in stamps},
                   ledgers={p: row for p, row in old.ledgers.items() if p in stamps},
                   tables=_joined([kept, to_arrow(extractions)]))
    for e in extractions:
        new.accounts[e.plan["plan_id"]] = e.accounting
        new.ledgers[e.plan["plan_id"]] = ledger(e)
    if fresh or set(old.stamps) - set(stamps) or not path.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        write_stored(path, new, read_only=False)
    return new, len(fresh)


def gathered_tables(store: Path, cache: Path, plan_ids: list[str], inventory: Inventory,
                    national: PlanExtraction) -> tuple[ExtractedTables, int]:
    """The release's extracted tables: every registered plan's stored extraction (a later copy of a file, as the
    run's `inventory` found, as a `duplicate` row), plus the national targets; how many plans were read again."""
    stored, reread = _brought_up_to_date(store, cache, plan_ids)
    copies = {p: inventory.plans[p] for p in inventory.copies if p in stored.stamps}
    replaced = [duplicate_extraction(f.path, inventory.registry, inventory.copies[p], f.sha256) for p, f in copies.items()]
    extra = [*replaced, national]
    tables = _in_plan_order(_joined([_without(stored.tables, [*copies, national.plan["plan_id"]]), to_arrow(extra)]))
    accounts = {**stored.accounts, **{e.plan["plan_id"]: e.accounting for e in extra}}
    ledgers = {**stored.ledgers, **{e.plan["plan_id"]: ledger(e) for e in extra}}
    frames = {name: arrow_frame(name, table) for name, table in tables.items()}
    return ExtractedTables(frames, accounts, [ledgers[p] for p in frames["plans"]["plan_id"]]), reread
