"""Where the pipeline reads and writes: defaults relative to the project root, overridable in tests."""
from __future__ import annotations

from pathlib import Path

import dagster as dg

PROJECT_ROOT = Path(__file__).resolve().parents[1]


class PipelinePaths(dg.ConfigurableResource):
    """Raw plan directory (plan files + registry.csv), officers' overrides, the published root and how many releases to keep."""

    raw_dir: str = str(PROJECT_ROOT / "data" / "raw")
    published_dir: str = str(PROJECT_ROOT / "data" / "published")
    overrides_file: str = str(PROJECT_ROOT / "data" / "overrides.csv")
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
