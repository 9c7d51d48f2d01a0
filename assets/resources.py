"""Where the pipeline reads and writes: defaults relative to the project root, overridable in tests."""
from __future__ import annotations

from pathlib import Path

import dagster as dg

PROJECT_ROOT = Path(__file__).resolve().parents[1]


class PipelinePaths(dg.ConfigurableResource):
    """Raw plan directory (plan files + registry.csv) and the published release root."""

    raw_dir: str = str(PROJECT_ROOT / "data" / "raw")
    published_dir: str = str(PROJECT_ROOT / "data" / "published")

    @property
    def raw(self) -> Path:
        return Path(self.raw_dir)

    @property
    def latest(self) -> Path:
        """The current release; replaced as a whole on each publish."""
        return Path(self.published_dir) / "latest"
