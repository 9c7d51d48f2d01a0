"""The seed plans plus the national targets, extracted, published as frames and linked: built once per run."""
from __future__ import annotations

from functools import lru_cache

import pandas as pd

from assets.resources import PROJECT_ROOT
from pipeline.extract.national import NATIONAL_FILE, national_extraction
from pipeline.ingest.inventory import discover_plans
from pipeline.ingest.registry import load_registry
from pipeline.link.catalog import Catalog, load_catalog
from pipeline.link.hierarchy import plan_parents
from pipeline.link.linking import link_indicators
from pipeline.tables.frames import frame, to_frames
from tests.oracles import extract_all

RAW = PROJECT_ROOT / "data" / "raw"
CATALOG_DIR = PROJECT_ROOT / "data" / "catalog"
NATIONAL_CSV = PROJECT_ROOT / "data" / "reference" / NATIONAL_FILE


@lru_cache(maxsize=1)
def seed() -> tuple[dict[str, pd.DataFrame], Catalog, dict[str, str]]:
    """(frames incl. catalog_links, catalog, plan parents) for the seed plans and the national plan."""
    registry = load_registry(RAW)
    extractions = [*extract_all(discover_plans(RAW), registry), national_extraction(NATIONAL_CSV)]
    frames = to_frames(extractions)
    catalog = load_catalog(CATALOG_DIR)
    frames["catalog_links"] = frame("catalog_links", link_indicators(frames["indicators"], frames["targets"], catalog))
    return frames, catalog, plan_parents(registry, frames["plans"]["plan_id"])
