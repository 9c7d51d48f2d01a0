"""Where step outputs live between steps: pickled on disk as Dagster's filesystem IO manager does, and kept in
memory for the rest of the run.

Every step of a run executes in one process (`in_process_executor`), and the
targets table of a national corpus is read by a dozen steps: unpickling it
again for each cost more than most of the steps themselves. Each output is
still written to disk, in the same layout as `fs_io_manager`, so a run that
materializes one asset from the UI loads its inputs from the last run. A
cached value is used only while its file is the one this process wrote
(same inode, size and mtime), so a value rewritten by another run is read
again. Consumers treat their inputs as read-only, so sharing one object is
safe.
"""
from __future__ import annotations

import os
import pickle
from typing import Any

import dagster as dg
from upath import UPath

#: path → (file stamp, value) of the outputs written by this process's current run, `_run_id`.
_WRITTEN: dict[str, tuple[tuple[int, int, int], Any]] = {}
_run_id = ""


def _stamp(path: UPath) -> tuple[int, int, int]:
    st = os.stat(path)
    return st.st_ino, st.st_size, st.st_mtime_ns


class MemoryFirstPickleIOManager(dg.UPathIOManager):
    """Pickles each output to `<base>/<asset key>[/<partition>]` and serves this run's own outputs from memory."""

    extension: str = ""  # the layout of Dagster's fs_io_manager, so earlier runs' files stay readable

    def dump_to_path(self, context: dg.OutputContext, obj: Any, path: UPath) -> None:
        global _run_id
        if context.run_id != _run_id:  # a new run: drop the previous run's values
            _WRITTEN.clear()
            _run_id = context.run_id
        with path.open("wb") as fh:
            pickle.dump(obj, fh, pickle.HIGHEST_PROTOCOL)
        _WRITTEN[str(path)] = (_stamp(path), obj)

    def load_from_path(self, context: dg.InputContext, path: UPath) -> Any:
        hit = _WRITTEN.get(str(path))
        if hit is not None and path.exists() and hit[0] == _stamp(path):
            return hit[1]
        with path.open("rb") as fh:
            return pickle.load(fh)


def forget_run_values() -> None:
    """Drop the values kept for the run that just ended: freeing a national run's tables takes a second, which
    belongs to that run, not to the next one."""
    global _run_id
    _WRITTEN.clear()
    _run_id = ""


class MemoryFirstIOManager(dg.ConfigurableIOManagerFactory):
    """The code location's IO manager; `base_dir` defaults to the instance's storage directory, like
    `fs_io_manager`."""

    base_dir: str | None = None

    def create_io_manager(self, context: dg.InitResourceContext) -> MemoryFirstPickleIOManager:
        base = self.base_dir or context.instance.storage_directory()
        return MemoryFirstPickleIOManager(base_path=UPath(base))
