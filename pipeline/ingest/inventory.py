"""What is in the raw folder now, by stable plan id, and what changed since the last look.

A plan's partition key is its plan id (the registry's, else the file stem),
so renaming nothing and editing a file keeps its key. Change is detected by
content, never by timestamps: the fingerprint is the sha256 of the file's
bytes and of its registry row, so an officer correcting the registry also
re-extracts that plan.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

#: The file formats a plan may come in: text from a converter, or a PDF or Word file the extract stage reads
#: itself (a test holds the extract stage to a reader for each).
PLAN_SUFFIXES = (".txt", ".md", ".pdf", ".docx")


def discover_plans(raw_dir: Path) -> list[Path]:
    """Plan files in `raw_dir`, sorted by name so runs are reproducible."""
    return sorted(p for p in raw_dir.iterdir() if p.is_file() and p.suffix.lower() in PLAN_SUFFIXES)


@dataclass(frozen=True)
class Changes:
    """Plan ids that appeared, whose fingerprint changed, and that disappeared."""

    new: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.new or self.changed or self.removed)


def plan_files(raw_dir: Path, registry: dict[str, dict]) -> dict[str, Path]:
    """Plan id → file; a stem taken twice (x.txt and x.md) keys the later file by its full name."""
    files: dict[str, Path] = {}
    for path in discover_plans(raw_dir):
        plan_id = (registry.get(path.name) or {}).get("plan_id") or path.stem
        files[path.name if plan_id in files else plan_id] = path
    return files


def fingerprint(path: Path, registry: dict[str, dict]) -> str:
    """sha256 over the file's bytes and its registry row: what, if changed, must be extracted again."""
    digest = hashlib.sha256(path.read_bytes())
    digest.update(json.dumps(registry.get(path.name) or {}, sort_keys=True, ensure_ascii=False).encode())
    return digest.hexdigest()


def fingerprints(raw_dir: Path, registry: dict[str, dict]) -> dict[str, str]:
    """Plan id → fingerprint for every plan in `raw_dir`."""
    return {plan_id: fingerprint(path, registry) for plan_id, path in plan_files(raw_dir, registry).items()}


def compare(before: dict[str, str], now: dict[str, str]) -> Changes:
    """New, changed and removed plan ids between two looks at the raw folder (sorted, for stable runs)."""
    return Changes(
        new=tuple(sorted(now.keys() - before.keys())),
        changed=tuple(sorted(k for k in now.keys() & before.keys() if now[k] != before[k])),
        removed=tuple(sorted(before.keys() - now.keys())),
    )
