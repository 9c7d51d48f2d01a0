"""The run's IO manager: a value passes to the next step as the same object, and is still on disk for later runs."""
from __future__ import annotations

from pathlib import Path

import dagster as dg

from assets.io_manager import MemoryFirstIOManager, forget_run_values

MADE: list[list[int]] = []  # every value `made` returned, kept alive so identities stay distinct


@dg.asset
def made() -> list[int]:
    MADE.append([1, 2, 3])
    return MADE[-1]


@dg.asset
def used(made: list[int]) -> bool:
    """Whether the input is the very object `made` returned last."""
    return made is MADE[-1]


def test_a_run_passes_its_own_outputs_in_memory_and_a_later_run_reads_them_from_disk(tmp_path: Path) -> None:
    resources = {"io_manager": MemoryFirstIOManager(base_dir=str(tmp_path))}
    instance = dg.DagsterInstance.ephemeral()
    first = dg.materialize([made, used], instance=instance, resources=resources)
    assert first.output_for_node("used") is True  # the very object `made` returned: not unpickled again
    assert (tmp_path / "made").is_file()  # and stored as fs_io_manager stores it

    forget_run_values()
    later = dg.materialize([made, used], selection=["used"], instance=instance, resources=resources)
    assert later.success and later.output_for_node("used") is False  # an equal value, read back from the file
