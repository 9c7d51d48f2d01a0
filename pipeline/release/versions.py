"""Atomic, versioned releases: `published/releases/<UTC timestamp>/` and a `latest` symlink swapped in one step.

The portal downloads `published/latest/` at any moment, and the nightly run
may crash or overlap with a manual one. So:
- every run writes a new release folder under a hidden `.partial` name and
  renames it into place only once every file and the manifest are on disk;
- `latest` is a symlink to `releases/<id>`, replaced with `os.replace` (one
  rename, atomic on POSIX): a reader sees the old release or the new one,
  never a mix, and a crash at any point leaves `latest` as it was;
- an exclusive lock (`fcntl.flock` on `published/.publish.lock`) serializes
  publishers, so two runs started at once publish one after the other and
  both releases are whole;
- each release carries `manifest.json`: every file's sha256, size and row
  count, so a download can be checked; `datapackage.json` (the tables as a
  Frictionless Data Package) and `CHANGES` (targets added, changed and removed
  since the release `latest` pointed to until now) are written into the
  staging folder too, so they switch with the data they describe;
- the newest `keep` releases stay (the one `latest` points to always does);
  `.partial` folders left by a killed run are removed by the next publish.

Nothing here decides *whether* to publish: the Dagster layer calls `write_release`
only when every blocking check passed.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from pipeline.release.changes import CHANGES, changes_bytes
from pipeline.release.datapackage import DATAPACKAGE, datapackage_bytes
from pipeline.tables.frames import DATASET, provenance, write_tables

RELEASES = "releases"
LATEST = "latest"
MANIFEST = "manifest.json"
LOCK = ".publish.lock"
PARTIAL = ".partial"


@contextmanager
def publish_lock(root: Path) -> Iterator[None]:
    """Hold the publishers' exclusive lock on `root` (blocks until the other publisher is done)."""
    root.mkdir(parents=True, exist_ok=True)
    with open(root / LOCK, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def write_release(frames: dict[str, pd.DataFrame], root: Path, keep: int = 10, now: datetime | None = None,
            files: Mapping[str, bytes | Path] | Callable[[], Mapping[str, bytes | Path]] | None = None) -> Path:
    """Write `frames` (and `files`: release-relative path → bytes, or a stored file to link, e.g. lineage
    pictures) as a new release under `root/releases/`, point `root/latest` at it, prune; the release dir.

    `files` may be a function making them: it then runs while the tables are written (Arrow writes them
    without holding the interpreter), instead of before.
    """
    if keep < 1:
        raise ValueError("keep must be at least 1: the current release is always kept")
    with publish_lock(root):
        releases = root / RELEASES
        releases.mkdir(exist_ok=True)
        for stale in releases.glob(f".*{PARTIAL}"):
            shutil.rmtree(stale)  # left by a run that was killed mid-write
        release_id = _new_id(releases, now or datetime.now(timezone.utc))
        staging = releases / f".{release_id}{PARTIAL}"
        staging.mkdir()
        try:
            with ThreadPoolExecutor(max_workers=1) as pool:
                tables = pool.submit(write_tables, frames, staging, provenance(frames["plans"]))
                extra = files() if callable(files) else files or {}
                rows: dict[str, int | None] = dict(tables.result())
            for name, data in sorted(extra.items()):
                (staging / name).parent.mkdir(parents=True, exist_ok=True)
                _place(staging / name, data)
                rows[name] = None  # not a table
            digests = _sha256_all(staging, list(rows))  # one pass; the package and manifest share it
            # Read under the lock, before the switch: `latest` still shows the previous release.
            for name, data in ((DATAPACKAGE, datapackage_bytes(staging, digests)),
                               (CHANGES, changes_bytes(staging, current_release(root)))):
                (staging / name).write_bytes(data)
                rows[name] = None
                digests[name] = hashlib.sha256(data).hexdigest()
            _write_manifest(staging, release_id, rows, digests)
            _fsync_tree(staging)
            broken = verify(staging, contents=False)  # the digests were just taken from these very files
            if broken:
                raise RuntimeError(f"release {release_id} does not match its manifest: {', '.join(broken)}")
            staging.rename(releases / release_id)
            _fsync(releases)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        _switch_latest(root, release_id)
        _prune(releases, keep, release_id)
    return releases / release_id


def _place(path: Path, data: bytes | Path) -> None:
    """Write bytes, or link a stored file (never rewritten in place, so the link is a frozen copy; copied
    when it sits on another file system)."""
    if isinstance(data, bytes):
        path.write_bytes(data)
        return
    try:
        os.link(data, path)
    except OSError:
        shutil.copyfile(data, path)


def _new_id(releases: Path, now: datetime) -> str:
    """A UTC timestamp with microseconds; bumped if taken (ids sort in publication order)."""
    stamp = now.astimezone(timezone.utc)
    while True:
        release_id = stamp.strftime("%Y%m%dT%H%M%S.%fZ")
        if not (releases / release_id).exists():
            return release_id
        stamp = stamp.replace(microsecond=(stamp.microsecond + 1) % 1_000_000)


def _write_manifest(directory: Path, release_id: str, rows: dict[str, int | None], digests: dict[str, str]) -> None:
    files = {name: {"sha256": digests[name], "bytes": (directory / name).stat().st_size, "rows": n}
             for name, n in sorted(rows.items())}
    manifest = {"dataset": DATASET, "release": release_id, "files": files}
    (directory / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
                                      encoding="utf-8")


def verify(release: Path, contents: bool = True) -> list[str]:
    """Files of a release that are missing, not in its manifest or (`contents`) differ from it: empty when the
    release is whole."""
    manifest = json.loads((release / MANIFEST).read_text(encoding="utf-8"))
    bad = [name for name, meta in manifest["files"].items()
           if not (release / name).is_file() or (contents and _sha256(release / name) != meta["sha256"])]
    present = {p.relative_to(release).as_posix() for p in release.rglob("*") if p.is_file()}
    extra = present - set(manifest["files"]) - {MANIFEST}
    return sorted(bad + [f"{name} (not in manifest)" for name in extra])


def _switch_latest(root: Path, release_id: str) -> None:
    """Point `root/latest` at the release in one rename; a pre-release plain `latest/` folder is retired first."""
    latest = root / LATEST
    tmp = root / f".{LATEST}.next"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    tmp.symlink_to(Path(RELEASES) / release_id, target_is_directory=True)
    if latest.is_dir() and not latest.is_symlink():
        retired = root / f".{LATEST}.retired"
        shutil.rmtree(retired, ignore_errors=True)
        latest.rename(retired)  # one-time migration from the folder layout; latest is briefly absent
        os.replace(tmp, latest)
        shutil.rmtree(retired)
    else:
        os.replace(tmp, latest)
    _fsync(root)


def _prune(releases: Path, keep: int, current: str) -> None:
    """Keep the newest `keep` releases and always `current`."""
    ids = sorted(p.name for p in releases.iterdir() if p.is_dir() and not p.name.startswith("."))
    for release_id in ids[:-keep]:
        if release_id != current:
            shutil.rmtree(releases / release_id)


def current_release(root: Path) -> Path | None:
    """The release `latest` points to, if any."""
    latest = root / LATEST
    return latest.resolve() if latest.is_symlink() else None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _sha256_all(directory: Path, names: list[str]) -> dict[str, str]:
    """Every file's sha256, on a thread per core (hashlib lets go of the interpreter on large blocks)."""
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        return dict(zip(names, pool.map(_sha256, [directory / name for name in names])))


def _fsync(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_tree(directory: Path) -> None:
    """Flush every file and the folder itself, so the rename never publishes data still in the page cache."""
    for path in directory.iterdir():
        if path.is_dir():
            _fsync_tree(path)
            continue
        with path.open("rb") as fh:  # read-only: linked files are read-only
            os.fsync(fh.fileno())
    _fsync(directory)
