"""Releases: versioned folders, `latest` swapped atomically, crash-safe, serialized, pruned; bad data never switches."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

import pipeline.release.versions
from assets.resources import PROJECT_ROOT, PipelinePaths
from pipeline.release.versions import current_release, verify, write_release
from pipeline.tables.frames import to_frames
from tests.factories import failed_checks, good_extraction, run_graph


def _frames(plan_id: str = "p1") -> dict[str, pd.DataFrame]:
    return to_frames([good_extraction(plan_id)])


def _snapshot(root: Path) -> dict[str, object]:
    """Where latest points and the bytes of every file it shows."""
    latest = root / "latest"
    return {"target": os.readlink(latest),
            "files": {p.relative_to(latest).as_posix(): p.read_bytes() for p in sorted(latest.rglob("*")) if p.is_file()}}


def test_each_publish_is_a_new_whole_release_and_latest_follows(tmp_path: Path) -> None:
    first = write_release(_frames("p1"), tmp_path)
    second = write_release(_frames("p2"), tmp_path)
    assert first != second and first.parent == second.parent == tmp_path / "releases"
    assert current_release(tmp_path) == second.resolve()
    assert os.readlink(tmp_path / "latest") == f"releases/{second.name}"
    for release in (first, second):
        assert verify(release) == []
        manifest = json.loads((release / "manifest.json").read_text())
        assert manifest["files"]["targets.parquet"]["rows"] == manifest["files"]["targets.csv"]["rows"] == 2
        assert set(manifest["files"]) == {p.name for p in release.iterdir()} - {"manifest.json"}
    (second / "targets.csv").write_bytes(b"tampered")
    assert verify(second) == ["targets.csv"]


def test_only_the_newest_releases_are_kept(tmp_path: Path) -> None:
    made = [write_release(_frames(), tmp_path, keep=2) for _ in range(4)]
    assert sorted(p.name for p in (tmp_path / "releases").iterdir()) == [p.name for p in made[-2:]]
    with pytest.raises(ValueError):
        write_release(_frames(), tmp_path, keep=0)


def test_a_crash_while_writing_leaves_latest_byte_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_release(_frames("p1"), tmp_path)
    before = _snapshot(tmp_path)
    real = pipeline.release.versions.write_tables

    def crash_midway(frames: dict, directory: Path, provenance: dict) -> dict:
        real({"plans": frames["plans"]}, directory, provenance)  # some files are on disk …
        raise OSError("disk full")  # … then the write dies

    monkeypatch.setattr(pipeline.release.versions, "write_tables", crash_midway)
    with pytest.raises(OSError, match="disk full"):
        write_release(_frames("p2"), tmp_path)
    assert _snapshot(tmp_path) == before
    assert len(list((tmp_path / "releases").iterdir())) == 1  # no partial folder left behind


_KILLED_WRITER = textwrap.dedent("""
    import os, sys
    import pipeline.release.versions as release
    from pipeline.tables.frames import to_frames
    from tests.factories import good_extraction
    real = release.write_tables
    def die_midway(frames, directory, provenance):
        real({"plans": frames["plans"]}, directory, provenance)
        os._exit(9)  # killed: no exception handler, no cleanup runs
    release.write_tables = die_midway
    release.write_release(to_frames([good_extraction("p2")]), __import__("pathlib").Path(sys.argv[1]))
""")


def test_a_killed_run_leaves_latest_byte_identical_and_the_next_run_cleans_up(tmp_path: Path) -> None:
    write_release(_frames("p1"), tmp_path)
    before = _snapshot(tmp_path)
    run = subprocess.run([sys.executable, "-c", _KILLED_WRITER, str(tmp_path)], cwd=PROJECT_ROOT, timeout=60)
    assert run.returncode == 9
    assert _snapshot(tmp_path) == before
    assert any(p.name.endswith(".partial") for p in (tmp_path / "releases").iterdir())
    write_release(_frames("p3"), tmp_path)
    assert not any(p.name.endswith(".partial") for p in (tmp_path / "releases").iterdir())


_SLOW_WRITER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    import pipeline.release.versions as release
    from pipeline.tables.frames import to_frames
    from tests.factories import good_extraction
    root, log, go, plan = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
    real = release.write_tables
    def logged(frames, directory, provenance):
        with log.open("a") as fh: fh.write(f"start {plan}\\n")
        time.sleep(0.4)
        out = real(frames, directory, provenance)
        with log.open("a") as fh: fh.write(f"end {plan}\\n")
        return out
    release.write_tables = logged
    while not go.exists():
        time.sleep(0.005)
    print(release.write_release(to_frames([good_extraction(plan)]), root).name)
""")


def test_two_runs_started_at_once_are_serialized_and_both_releases_are_whole(tmp_path: Path) -> None:
    root, log, go = tmp_path / "pub", tmp_path / "log", tmp_path / "go"
    runs = [subprocess.Popen([sys.executable, "-c", _SLOW_WRITER, str(root), str(log), str(go), plan],
                             cwd=PROJECT_ROOT, stdout=subprocess.PIPE, text=True) for plan in ("a", "b")]
    go.touch()
    names = [run.communicate(timeout=60)[0].strip() for run in runs]
    assert all(run.returncode == 0 for run in runs)
    events = log.read_text().split()
    first, second = events[1], events[5]
    assert events == ["start", first, "end", first, "start", second, "end", second]  # never interleaved
    releases = root / "releases"
    assert sorted(p.name for p in releases.iterdir()) == sorted(names)
    assert all(verify(releases / name) == [] for name in names)
    assert current_release(root) == (releases / max(names)).resolve()


def test_a_failing_validation_never_switches_latest(tmp_path: Path) -> None:
    raw = Path(shutil.copytree(PROJECT_ROOT / "data" / "raw", tmp_path / "raw"))
    paths = PipelinePaths(raw_dir=str(raw), published_dir=str(tmp_path / "pub"), overrides_file=str(tmp_path / "o.csv"))
    assert run_graph(paths).success
    before = _snapshot(tmp_path / "pub")
    # An officer's override that breaks the contract: "between" with no upper bound.
    (tmp_path / "o.csv").write_text("plan_id,row_ref,section_code,year,field,value,who,why\n"
                                    "002_b5f291679289927e,1,I,2026,comparator,between,Lan,typo\n", encoding="utf-8")
    result = run_graph(paths, raise_on_error=False)
    assert failed_checks(result) == ["targets_schema"]
    assert not result.asset_materializations_for_node("published_release")
    assert _snapshot(tmp_path / "pub") == before
    assert len(list((tmp_path / "pub" / "releases").iterdir())) == 1
