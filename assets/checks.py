"""Asset checks generated from the column registry: one Pandera schema check per published table, with every
foreign key the registry lists (PUDL's `asset_check_from_schema`).

Hand-written wrappers drift (one passed a table no key used and never checked `catalog_id`); generated ones
check exactly what the registry says, and a new table gets its check by being registered. A foreign key is
checked where both tables exist: in the child's check when the parent is built before it, in the parent's
check when the parent is built from the child (the catalog counts its links), so no check waits on an asset
that waits on it.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence

import dagster as dg
import pandas as pd

from pipeline.metadata.columns import FOREIGN_KEYS, RELEASED_TABLES
from validations.schemas import check_foreign_keys, validate_table


def _asset(table: str) -> dg.AssetKey:
    return dg.AssetKey(f"{table}_table")


def upstream(assets: Sequence[dg.AssetsDefinition]) -> dict[dg.AssetKey, set[dg.AssetKey]]:
    """Asset key → every asset it is built from, directly or not."""
    direct = {key: deps for a in assets for key, deps in a.asset_deps.items()}
    found: dict[dg.AssetKey, set[dg.AssetKey]] = {}

    def walk(key: dg.AssetKey) -> set[dg.AssetKey]:
        if key not in found:
            found[key] = set()
            found[key] = {d for dep in direct.get(key, ()) for d in (dep, *walk(dep))}
        return found[key]
    for key in direct:
        walk(key)
    return found


def _placed_keys(before: dict[dg.AssetKey, set[dg.AssetKey]]) -> dict[str, tuple[list[str], list[str]]]:
    """Per table: the parents its own foreign keys are checked against here, and the children whose keys into it
    are checked here (the parent is built from them)."""
    placed: dict[str, tuple[list[str], list[str]]] = {t: ([], []) for t in RELEASED_TABLES}
    for (child, _), (parent, _) in FOREIGN_KEYS.items():
        if parent == child:
            continue
        if _asset(child) in before.get(_asset(parent), set()):
            placed[parent][1].append(child)
        else:
            placed[child][0].append(parent)
    return {t: (sorted(set(p)), sorted(set(c))) for t, (p, c) in placed.items()}


def schema_check(table: str, parents: list[str], children: list[str]) -> dg.AssetChecksDefinition:
    """The blocking check `<table>_schema` on asset `<table>_table`: its Pandera schema, its foreign keys into
    `parents`, and the keys of `children` into it; every failure in one pass, summarised for the UI."""
    others = [*parents, *children]
    keys = [f"{child}.{column} → {parent}" for (child, column), (parent, _) in FOREIGN_KEYS.items()
            if (child == table and parent in parents) or (parent == table and child in children)]
    spec = dg.AssetCheckSpec(f"{table}_schema", asset=_asset(table), blocking=True,
                             additional_deps=[_asset(t) for t in others],
                             description=f"Pandera schema of {table}" + (f"; keys {', '.join(keys)}." if keys else "."))

    @dg.multi_asset_check(name=f"{table}_schema", specs=[spec],
                          ins={t: dg.AssetIn(_asset(t)) for t in (table, *others)})
    def _check(**frames: pd.DataFrame) -> Iterator[dg.AssetCheckResult]:
        ok, summary = validate_table(table, frames[table], {p: frames[p] for p in parents})
        dangling = sum(len(check_foreign_keys(c, frames[c], {table: frames[table]})) for c in children)
        yield dg.AssetCheckResult(check_name=spec.name, asset_key=spec.asset_key, passed=ok and not dangling,
                                  metadata={
            "n_rows": summary["n_rows"],
            "n_failures": summary["n_failures"] + dangling,
            "failures_by_check": dg.MetadataValue.json(summary["by_check"]),
            "sample": dg.MetadataValue.json(summary["sample"]),
            "keys_into_it_dangling": dangling,
        })
    return _check


def schema_checks(assets: Sequence[dg.AssetsDefinition]) -> list[dg.AssetChecksDefinition]:
    """One generated check per published table of `assets`' graph."""
    placed = _placed_keys(upstream(assets))
    return [schema_check(t, *placed[t]) for t in RELEASED_TABLES]
