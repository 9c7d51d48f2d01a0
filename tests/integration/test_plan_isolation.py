"""One plan's bad rows never block everyone's release, and `make run` says what happened and where.

A plan whose rows break a contract rule the extraction does not guard (a
range "40 - 40": `between` needs an upper bound above the lower) is checked
by the same Pandera models on its own, goes whole to quarantine as
`invalid`, and the seeds publish as before.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from assets.resources import PROJECT_ROOT, PipelinePaths
from assets.summary import summary_lines
from pipeline.extract.isolation import extract_one
from tests.factories import failed_checks, run_graph
from tests.paths import FIXTURES
from tests.scoring import FIELDS, read_gold, score
from tests.shared_docs import shared_dir
from validations.plan_rules import checked_all

INVALID = FIXTURES / "invalid" / "zero_width_range.txt"
GOLD = FIXTURES / "gold"


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> tuple[PipelinePaths, object]:
    work = tmp_path_factory.mktemp("isolation")
    raw = Path(shutil.copytree(PROJECT_ROOT / "data" / "raw", work / "raw"))
    shutil.copy(INVALID, raw)
    paths = PipelinePaths(raw_dir=str(raw), published_dir=str(work / "pub"), overrides_file=str(work / "none.csv"))
    return paths, run_graph(paths, raise_on_error=False)


def test_an_invalid_plan_goes_to_quarantine_and_the_rest_publish(release) -> None:
    paths, result = release
    assert result.success and failed_checks(result) == []
    plans = {p["source_file"]: p for p in pq.read_table(paths.latest / "plans.parquet").to_pylist()}
    bad = plans[INVALID.name]
    assert bad["status"] == "invalid" and "between_has_upper_bound" in bad["message"] and bad["n_targets"] == 0
    quarantine = [q for q in pq.read_table(paths.latest / "quarantine.parquet").to_pylist() if q["source_file"] == INVALID.name]
    assert [(q["line_start"], q["raw_text"]) for q in quarantine] == [(9, "40 - 40")]
    assert "targets between_has_upper_bound" in quarantine[0]["reason"]
    targets = pq.read_table(paths.latest / "targets.parquet").to_pylist()
    assert not [t for t in targets if t["source_file"] == INVALID.name]
    for gold_file in sorted(GOLD.glob("*.csv")):
        report = score(read_gold(gold_file), [t for t in targets if t["source_file"] == f"{gold_file.stem}.txt"])
        assert report.recall == report.precision == 1.0 and all(report.accuracy(f) == 1.0 for f in FIELDS)
    readings = {m.metadata["how_plans_were_read"].value for m in result.asset_materializations_for_node("plan_extraction")}
    assert any("| invalid" in r and "between_has_upper_bound" in r for r in readings)


def test_plans_checked_together_answer_each_for_its_own_rows() -> None:
    """A batch's one Pandera pass charges each failure to its own plan; the others stay as they were."""
    seeds = [extract_one(p, {}) for p in sorted((PROJECT_ROOT / "data" / "raw").glob("*.txt"))]
    checked = checked_all([seeds[0], extract_one(INVALID, {}), *seeds[1:]])
    assert [e.plan["status"] for e in checked] == ["ok", "invalid", "ok", "ok", "ok", "ok"]
    assert [e.targets for e in checked[:1] + checked[2:]] == [e.targets for e in seeds]
    assert [(p.line_start, p.raw_text) for p in checked[1].problems] == [(9, "40 - 40")]


def test_the_run_ends_with_a_summary(release) -> None:
    paths, result = release
    lines = summary_lines(paths, result)
    release_id = paths.latest.resolve().name
    assert f"release: {release_id}" in lines
    assert "plans: 6 ok, 1 invalid" in lines  # the five seeds and the national targets
    n_targets = pq.read_metadata(paths.latest / "targets.parquet").num_rows
    assert f"targets published: {n_targets}" in lines
    assert any(line.startswith(f"  {INVALID.name}: invalid: plan not published") for line in lines)
    assert f"latest: {paths.latest} -> {paths.latest.resolve()}" in lines
    assert "checks failed: none" in lines


def test_a_failed_blocking_check_prints_its_failures(release) -> None:
    """Should a check still fail (a defect of the code), the console names its failures, not only the check."""
    import dagster as dg

    paths, result = release
    evaluation = dg.AssetCheckEvaluation(
        asset_key=dg.AssetKey("targets_table"), check_name="targets_schema", passed=False,
        metadata={"n_failures": 2, "sample": dg.MetadataValue.json([{"column": "year", "check": "in_range", "failure_case": "2099"}])})

    class Failed:
        success = False

        def get_asset_check_evaluations(self) -> list:
            return [evaluation]

    lines = summary_lines(paths, Failed())
    assert any(line.startswith("checks failed: 1 (") and "defect of the code" in line for line in lines)
    assert "  targets_table targets_schema: 2 failures: column=year, check=in_range, failure_case=2099" in lines
    assert any("the run failed: this is the previous one" in line for line in lines)


def test_the_variant_that_once_blocked_the_release_publishes(tmp_path: Path) -> None:
    """004 re-laid as a pipe table (duplicate indicator ids once) beside the seeds: read right, release green."""
    variant = shared_dir("variants", "docs") / "var_pipe_004.txt"
    raw = Path(shutil.copytree(PROJECT_ROOT / "data" / "raw", tmp_path / "raw"))
    shutil.copy(variant, raw)
    paths = PipelinePaths(raw_dir=str(raw), published_dir=str(tmp_path / "pub"), overrides_file=str(tmp_path / "none.csv"))
    result = run_graph(paths, raise_on_error=False)
    assert result.success and failed_checks(result) == []
    targets = [t for t in pq.read_table(paths.latest / "targets.parquet").to_pylist() if t["source_file"] == variant.name]
    report = score(read_gold(variant.parents[1] / "gold" / "var_pipe_004.csv"), targets)
    assert report.recall >= 0.98 and report.precision >= 0.98
