"""The canonical indicator catalog: reviewed data files under `data/catalog/`, never code.

`indicators.csv` holds one entry per indicator concept found across the plans
(stable `catalog_id`, Vietnamese and English names, pillar, preferred unit:
the canonical unit its charts and comparisons use, whether a higher or lower
target is better, whether the quantity is a stock that should not fall over
the years, whether it means the same at every level (a share, a rate per
inhabitant, an index: `compare_levels`, so a province's target can be set
beside the nation's; a count of enterprises cannot), and " | "-separated alias
wordings that help the text-similarity linker). `links.csv` holds the curated decisions an
officer made for single indicators (indicator_id → catalog_id, or a blank
catalog_id meaning "reviewed: no concept in the catalog"); they win over the
linker. Both files are checked on load so a typo fails loudly, not silently.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.metadata.units import UNITS
from pipeline.metadata.vocabularies import DIRECTIONS, PILLARS

CATALOG_FILE = "indicators.csv"
LINKS_FILE = "links.csv"


@dataclass(frozen=True)
class Entry:
    """One indicator concept of the catalog."""

    catalog_id: str
    pillar: str
    name_vi: str
    name_en: str
    preferred_unit: str
    direction: str
    cumulative: bool
    compare_levels: bool
    aliases: tuple[str, ...]

    @property
    def wordings(self) -> tuple[str, ...]:
        """Every Vietnamese wording the linker may match: the name, then the aliases."""
        return (self.name_vi, *self.aliases)


@dataclass(frozen=True)
class CuratedLink:
    """An officer's decision for one indicator: its concept, or None for "no concept"."""

    indicator_id: str
    catalog_id: str | None
    note: str | None


@dataclass(frozen=True)
class Catalog:
    entries: dict[str, Entry]
    curated: dict[str, CuratedLink]


class CatalogError(ValueError):
    """A catalog file breaks its own rules (unknown pillar or unit, duplicate or dangling id)."""


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]


def _entry(row: dict[str, str]) -> Entry:
    where = f"{CATALOG_FILE}: {row['catalog_id'] or '(blank id)'}"
    if not row["catalog_id"]:
        raise CatalogError(f"{where}: catalog_id is blank")
    if row["pillar"] not in PILLARS:
        raise CatalogError(f"{where}: pillar {row['pillar']!r} is not one of {PILLARS}")
    if row["preferred_unit"] not in UNITS:
        raise CatalogError(f"{where}: unit {row['preferred_unit']!r} is not one of {UNITS}")
    if row["direction"] not in DIRECTIONS:
        raise CatalogError(f"{where}: direction {row['direction']!r} is not one of {DIRECTIONS}")
    for column in ("cumulative", "compare_levels"):
        if row.get(column) not in ("yes", "no"):
            raise CatalogError(f"{where}: {column} must be yes or no")
    aliases = tuple(a.strip() for a in row["aliases"].split("|") if a.strip())
    return Entry(row["catalog_id"], row["pillar"], row["name_vi"], row["name_en"], row["preferred_unit"],
                 row["direction"], row["cumulative"] == "yes", row["compare_levels"] == "yes", aliases)


def load_catalog(catalog_dir: Path) -> Catalog:
    """Entries and curated links from `catalog_dir`; raises CatalogError on any broken rule."""
    entries: dict[str, Entry] = {}
    for row in _rows(catalog_dir / CATALOG_FILE):
        entry = _entry(row)
        if entry.catalog_id in entries:
            raise CatalogError(f"{CATALOG_FILE}: duplicate catalog_id {entry.catalog_id!r}")
        entries[entry.catalog_id] = entry
    curated: dict[str, CuratedLink] = {}
    links_path = catalog_dir / LINKS_FILE
    for row in _rows(links_path) if links_path.exists() else []:
        target = row["catalog_id"] or None
        if target is not None and target not in entries:
            raise CatalogError(f"{LINKS_FILE}: {row['indicator_id']} → unknown catalog_id {target!r}")
        if row["indicator_id"] in curated:
            raise CatalogError(f"{LINKS_FILE}: indicator {row['indicator_id']!r} listed twice")
        curated[row["indicator_id"]] = CuratedLink(row["indicator_id"], target, row.get("note") or None)
    return Catalog(entries, curated)


def catalog_rows(catalog: Catalog, links: pd.DataFrame) -> list[dict]:
    """One `catalog` table row per entry, with how many indicators and plans link to it."""
    linked = links.loc[links["status"] == "linked"]
    n_indicators = linked["catalog_id"].value_counts().to_dict()
    n_plans = linked.groupby("catalog_id")["plan_id"].nunique().to_dict()
    return [{"catalog_id": e.catalog_id, "pillar": e.pillar, "name_vi": e.name_vi, "name_en": e.name_en,
             "preferred_unit": e.preferred_unit, "direction": e.direction, "cumulative": "yes" if e.cumulative else "no",
             "compare_levels": "yes" if e.compare_levels else "no",
             "n_indicators": int(n_indicators.get(e.catalog_id, 0)), "n_plans": int(n_plans.get(e.catalog_id, 0))}
            for e in catalog.entries.values()]
