"""The whole graph on the real raw plans, in a temporary directory."""
from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import pandas as pd
import pyarrow.parquet as pq
import pytest

from assets.metadata import MARKDOWN_ROWS, markdown
from assets.resources import PROJECT_ROOT, PipelinePaths
from pipeline.metadata.columns import RELEASED_TABLES, TABLES
from tests.factories import failed_checks, run_graph


def materialize(raw: Path, published: Path) -> dg.ExecuteInProcessResult:
    paths = PipelinePaths(raw_dir=str(raw), published_dir=str(published))
    return run_graph(paths)


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    return Path(shutil.copytree(PROJECT_ROOT / "data" / "raw", tmp_path / "raw"))


def test_release_is_published_and_reproducible(raw: Path, tmp_path: Path) -> None:
    first = materialize(raw, tmp_path / "a")
    assert first.success
    assert failed_checks(first) == []
    latest = tmp_path / "a" / "latest"
    files = {f"{t}.{ext}" for t in RELEASED_TABLES for ext in ("parquet", "csv")}
    assert {p.name for p in latest.iterdir()} == files | {"manifest.json", "datapackage.json", "CHANGES", "lineage", "site", "quality"}
    assert {"coverage_5g.json", "coverage_5g.svg"} <= {p.name for p in (latest / "lineage").iterdir()}

    levels = pq.read_table(latest / "plans.parquet").column("level").to_pylist()
    assert len(levels) == len(list(raw.glob("*.txt"))) + 1 == 6 and levels.count("national") == 1
    for name in RELEASED_TABLES:
        assert (latest / f"{name}.csv").read_bytes().startswith(b"\xef\xbb\xbf")
        schema = pq.read_schema(latest / f"{name}.parquet")
        for col in TABLES[name].columns:
            assert schema.field(col.name).metadata[b"description"].decode() == col.en

    assert materialize(raw, tmp_path / "b").success
    published = [p.relative_to(latest) for p in latest.rglob("*")  # the quality report's pages carry run times
                 if p.is_file() and p.name != "manifest.json" and p.relative_to(latest).parts[0] != "quality"]
    for name in published:  # same input, same bytes: tables and lineage files alike
        assert (latest / name).read_bytes() == (tmp_path / "b" / "latest" / name).read_bytes(), name


def test_a_folder_latest_from_before_releases_is_replaced_by_the_symlink(raw: Path, tmp_path: Path) -> None:
    stale = tmp_path / "pub" / "latest" / "stale.csv"
    stale.parent.mkdir(parents=True)
    stale.write_text("old")
    assert materialize(raw, tmp_path / "pub").success
    assert not stale.exists()
    assert (tmp_path / "pub" / "latest").is_symlink()
    assert sorted(p.name for p in (tmp_path / "pub").iterdir()) == [".publish.lock", "latest", "releases"]


def test_ui_tables_show_a_bounded_number_of_rows_and_say_how_many_more() -> None:
    text = markdown(pd.DataFrame({"plan_id": [f"p{i}" for i in range(MARKDOWN_ROWS + 5)]})).value
    assert f"p{MARKDOWN_ROWS - 1}" in text and f"p{MARKDOWN_ROWS}" not in text
    assert text.endswith("_… and 5 more rows_")
    assert markdown(pd.DataFrame({"plan_id": []})).value == "_no rows_"
