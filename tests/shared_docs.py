"""Real documents and independent re-layouts, read from `../shared` where it is present (CI always has it).

They are never copied into the project (public documents stay where they
were published); a test that needs one skips with a clear message where the
folder is missing.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from assets.resources import PROJECT_ROOT

SHARED = PROJECT_ROOT.parent / "shared"


def shared_dir(*parts: str) -> Path:
    """A folder of ../shared; skips the calling test when it is not there."""
    path = SHARED.joinpath(*parts)
    if not path.is_dir():
        pytest.skip(f"{path} not found: real documents and variants live in ../shared, beside the project")
    return path


def shared_files(*parts: str, pattern: str = "*") -> list[Path]:
    """Files of a ../shared folder for parametrizing (empty where the folder is missing: the test then skips)."""
    path = SHARED.joinpath(*parts)
    return sorted(p for p in path.glob(pattern) if p.is_file() and p.name != "README.md") if path.is_dir() else []
