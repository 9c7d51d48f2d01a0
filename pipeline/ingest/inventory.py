"""What is in the raw folder now, by stable plan id, and what changed since the last look.

A plan's partition key is its plan id (the registry's, else the file stem),
so renaming nothing and editing a file keeps its key. Change is detected by
content, never by timestamps: the fingerprint is the sha256 of the file's
bytes and of its registry row, so an officer correcting the registry also
re-extracts that plan.

A run takes the inventory once (`take_inventory`): each file is found and read
once for its sha256 and fingerprint, and a second copy of the same bytes is
decided there. Extraction and gathering take the plan's file, hash and
fingerprint from it instead of finding and hashing the file again.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

#: The file formats a plan may come in: text from a converter, or a PDF or Word file the extract stage reads
#: itself (a test holds the extract stage to a reader for each).
PLAN_SUFFIXES = (".txt", ".md", ".pdf", ".docx")
K = TypeVar("K")


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


@dataclass(frozen=True)
class PlanFile:
    """One plan file as the inventory found it: where it is, its bytes' sha256, and its fingerprint."""

    plan_id: str
    path: Path
    sha256: str
    fingerprint: str


@dataclass(frozen=True)
class Inventory:
    """The raw folder at the start of a run: the registry, every plan file by plan id (in file order), and each
    later copy of the same bytes (plan id → the earlier file it repeats)."""

    registry: dict[str, dict]
    plans: dict[str, PlanFile]
    copies: dict[str, str]


def take_inventory(raw_dir: Path, registry: dict[str, dict]) -> Inventory:
    """Find every plan in `raw_dir` and read each once: its sha256, its fingerprint, whether it repeats another."""
    plans = {}
    for plan_id, path in plan_files(raw_dir, registry).items():
        data = path.read_bytes()
        plans[plan_id] = PlanFile(plan_id, path, hashlib.sha256(data).hexdigest(), _fingerprint(data, path, registry))
    found = later_copies((p.path.name, p.sha256, p.plan_id) for p in plans.values())
    return Inventory(registry, plans, {plan_id: first for plan_id, (_, first) in found.items()})


def later_copies(files: Iterable[tuple[str, str, K]]) -> dict[K, tuple[str, str]]:
    """Of (source file, sha256, key) triples: key → (its file, the earlier file with the same bytes) for each
    later copy, in file-name order."""
    first_by_hash: dict[str, str] = {}
    found: dict[K, tuple[str, str]] = {}
    for name, digest, key in sorted(files, key=lambda f: f[0]):
        if digest in first_by_hash:
            found[key] = (name, first_by_hash[digest])
        else:
            first_by_hash[digest] = name
    return found


def plan_files(raw_dir: Path, registry: dict[str, dict]) -> dict[str, Path]:
    """Plan id → file; a stem taken twice (x.txt and x.md) keys the later file by its full name."""
    files: dict[str, Path] = {}
    for path in discover_plans(raw_dir):
        plan_id = (registry.get(path.name) or {}).get("plan_id") or path.stem
        files[path.name if plan_id in files else plan_id] = path
    return files


def _fingerprint(data: bytes, path: Path, registry: dict[str, dict]) -> str:
    """sha256 over the file's bytes and its registry row: what, if changed, must be extracted again."""
    digest = hashlib.sha256(data)
    digest.update(json.dumps(registry.get(path.name) or {}, sort_keys=True, ensure_ascii=False).encode())
    return digest.hexdigest()


def fingerprints(raw_dir: Path, registry: dict[str, dict]) -> dict[str, str]:
    """Plan id → fingerprint for every plan in `raw_dir`: what the sensor and the schedule compare, outside a
    run."""
    return {plan_id: _fingerprint(path.read_bytes(), path, registry)
            for plan_id, path in plan_files(raw_dir, registry).items()}


def compare(before: dict[str, str], now: dict[str, str]) -> Changes:
    """New, changed and removed plan ids between two looks at the raw folder (sorted, for stable runs)."""
    return Changes(
        new=tuple(sorted(now.keys() - before.keys())),
        changed=tuple(sorted(k for k in now.keys() & before.keys() if now[k] != before[k])),
        removed=tuple(sorted(before.keys() - now.keys())),
    )
