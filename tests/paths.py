"""Where the tests' own files are, wherever a test module sits under tests/."""
from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"
#: Screenshots and pictures a person looks at after a run (not committed).
ARTIFACTS = TESTS / "artifacts"
