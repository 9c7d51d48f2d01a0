"""Shared fixtures: known-good tables built through the real publish path."""
from __future__ import annotations

import pandas as pd
import pytest

from pipeline.publish import to_frames
from tests.factories import good_extraction


@pytest.fixture
def good_frames() -> dict[str, pd.DataFrame]:
    return to_frames([good_extraction()])
