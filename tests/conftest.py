"""Shared fixtures: known-good tables, and a whole release built by the real graph."""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from assets.resources import PROJECT_ROOT, PipelinePaths
from pipeline.tables.frames import to_frames
from tests.factories import good_extraction, run_graph


@pytest.fixture
def good_frames() -> dict[str, pd.DataFrame]:
    return to_frames([good_extraction()])


@pytest.fixture(scope="session")
def portal_release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A whole release of the seed plans, made by the real graph exactly as `make run` makes it."""
    work = tmp_path_factory.mktemp("portal")
    raw = Path(shutil.copytree(PROJECT_ROOT / "data" / "raw", work / "raw"))
    paths = PipelinePaths(raw_dir=str(raw), published_dir=str(work / "pub"), overrides_file=str(work / "none.csv"))
    assert run_graph(paths).success
    return paths.latest.resolve()
