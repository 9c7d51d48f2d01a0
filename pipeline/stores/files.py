"""Writing stored results that a release may link to, named by what they were made from."""
from __future__ import annotations

import os
import pickle
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


def read_stored(path: Path) -> object | None:
    """A stored result read back, or None when it is missing or cannot be read (cut short, or written by code
    whose classes have changed since): the caller then makes it again."""
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
        return None


def write_stored(path: Path, value: object, read_only: bool = True) -> None:
    """Store a result (pickled) with `write_atomic`; `read_stored` reads it back."""
    write_atomic(path, pickle.dumps(value, pickle.HIGHEST_PROTOCOL), read_only=read_only)
