"""Where the pipeline reads and writes: defaults relative to the project root, overridable in tests."""
from __future__ import annotations

from pathlib import Path

import dagster as dg

from assets.io_manager import MemoryFirstIOManager

PROJECT_ROOT = Path(__file__).resolve().parents[1]


class PipelinePaths(dg.ConfigurableResource):
    """Raw plans (+ registry.csv), national targets, catalog, officers' overrides, the published root, releases kept."""

    raw_dir: str = str(PROJECT_ROOT / "data" / "raw")
    published_dir: str = str(PROJECT_ROOT / "data" / "published")
    overrides_file: str = str(PROJECT_ROOT / "data" / "overrides.csv")
    interim_dir: str | None = None  # default: `interim/` beside the published root
    catalog_dir: str = str(PROJECT_ROOT / "data" / "catalog")
    national_file: str = str(PROJECT_ROOT / "data" / "reference" / "resolution57_national_targets.csv")
    keep_releases: int = 10

    @property
    def raw(self) -> Path:
        return Path(self.raw_dir)

    @property
    def published(self) -> Path:
        """Root of `releases/<id>/` and the `latest` symlink."""
        return Path(self.published_dir)

    @property
    def latest(self) -> Path:
        """The current release; swapped as a whole on each publish."""
        return Path(self.published_dir) / "latest"

    @property
    def overrides(self) -> Path:
        return Path(self.overrides_file)

    @property
    def extractions(self) -> Path:
        """Per-plan extractions kept between runs (reused while plan and code are unchanged)."""
        return self.interim / "extractions"

    @property
    def interim(self) -> Path:
        """What runs keep for the next run (default: `interim/` beside the published root)."""
        return Path(self.interim_dir or Path(self.published_dir).parent / "interim")

    @property
    def gathered_store(self) -> Path:
        """All plans' extracted tables, patched where plans changed (`pipeline.stores.gathered`)."""
        return self.interim / "tables"

    @property
    def lineage_store(self) -> Path:
        """Each plan's part of the lineage graphs and each graph's files, reused while their inputs are unchanged."""
        return self.interim / "lineage"

    @property
    def consistency_store(self) -> Path:
        """Each concept's consistency findings, reused while what the rules read is unchanged."""
        return self.interim / "consistency"

    @property
    def site_store(self) -> Path:
        """The indicator browser's pages, reused while what they show is unchanged."""
        return self.interim / "site"

    @property
    def catalog(self) -> Path:
        """The reviewed indicator catalog (`indicators.csv`, `links.csv`)."""
        return Path(self.catalog_dir)

    @property
    def national(self) -> Path:
        """Resolution 57-NQ/TW's targets as printed: the national plan, top of the hierarchy."""
        return Path(self.national_file)


def run_resources(paths: PipelinePaths) -> dict[str, object]:
    """The resources of every run: where to read and write, and the IO manager that keeps a run's outputs in
    memory (`assets.io_manager`)."""
    return {"paths": paths, "io_manager": MemoryFirstIOManager()}
