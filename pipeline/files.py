"""Writing files that a release may link to."""
from __future__ import annotations

import os
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
