"""One stored extraction per plan, reused while neither the plan nor the code changed.

A nightly refresh over thousands of plans must cost little more than hashing
the unchanged ones (OWID's rule: rebuild on a content hash of inputs + code
version, never on timestamps). Each plan's extraction is pickled under its
plan id with the plan's fingerprint and the extraction code's version; a
stored entry is used only when both still match (its stamp file says so).
"""
from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

from pipeline.model import PlanExtraction

_CODE_DIR = Path(__file__).resolve().parent


def _code_version() -> str:
    """sha256 of the extraction code (every module of `pipeline/`): a code change re-extracts every plan."""
    digest = hashlib.sha256()
    for path in sorted(_CODE_DIR.rglob("*.py")):
        digest.update(path.relative_to(_CODE_DIR).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


CODE_VERSION = _code_version()


def _path(store: Path, plan_id: str) -> Path:
    return store / f"{plan_id}.pickle"


def _stamp_path(store: Path, plan_id: str) -> Path:
    return store / f"{plan_id}.stamp"


def _stamp(fingerprint: str) -> str:
    return f"{fingerprint} {CODE_VERSION}"


def stamp(store: Path, plan_id: str) -> str | None:
    """What the stored extraction of `plan_id` was made from (fingerprint and code version); None if none."""
    try:
        return _stamp_path(store, plan_id).read_text(encoding="ascii")
    except OSError:
        return None


def is_current(store: Path, plan_id: str, fingerprint: str) -> bool:
    """Whether the stored extraction of `plan_id` was made from this fingerprint by this code.

    Reads a small stamp file, not the extraction: checking thousands of
    unchanged plans must cost no more than hashing them.
    """
    return stamp(store, plan_id) == _stamp(fingerprint)


def save(store: Path, plan_id: str, fingerprint: str, extraction: PlanExtraction) -> None:
    """Store an extraction; written to a temp name and renamed, so a crash never leaves half an entry."""
    store.mkdir(parents=True, exist_ok=True)
    tmp = _path(store, plan_id).with_suffix(".tmp")
    with tmp.open("wb") as fh:
        pickle.dump(extraction, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, _path(store, plan_id))
    tmp.write_text(_stamp(fingerprint), encoding="ascii")  # the stamp last: it vouches for a whole extraction
    os.replace(tmp, _stamp_path(store, plan_id))


def require(store: Path, plan_id: str) -> PlanExtraction:
    """The stored extraction of a registered plan (the last refresh of its partition wrote it)."""
    with _path(store, plan_id).open("rb") as fh:
        return pickle.load(fh)
