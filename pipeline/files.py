"""Writing stored results that a release may link to, named by what they were made from."""
from __future__ import annotations

import os
from collections.abc import Collection
from pathlib import Path


def write_atomic(path: Path, data: bytes, read_only: bool = True) -> None:
    """Write a file (read-only by default) under a temporary name, then rename: a reader, or a release
    holding a hard link to the file this one replaces, never sees half a file or a file changing under it."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.unlink(missing_ok=True)
    tmp.write_bytes(data)
    if read_only:
        tmp.chmod(0o444)
    os.replace(tmp, path)


def keyed(store: Path, name: str, key: str, suffix: str) -> Path:
    """Where `name`'s result made from inputs with `key` (`row_digests.content_key`) is stored."""
    return store / f"{name}.{key}{suffix}"


def drop_others(store: Path, name: str, keep: Collection[Path]) -> None:
    """Remove `name`'s stored results other than `keep`: made from inputs that are gone."""
    for old in store.glob(f"{name}.*"):
        if old not in keep:
            old.unlink()
