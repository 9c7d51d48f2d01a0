"""The release as Dagster assets: the Great Expectations report over the tables to publish, and the versioned
release (tables, datapackage.json, CHANGES, lineage pictures, quality report, indicator browser) with `latest`
switched to it. The release takes every table of the registry (`RELEASED_TABLES`), by name.
"""
from __future__ import annotations

from pathlib import Path

import dagster as dg
import pandas as pd

from assets.resources import PipelinePaths
from pipeline.metadata.columns import RELEASED_TABLES
from pipeline.release.site import build_site
from pipeline.release.versions import MANIFEST, write_release
from validations.expectations import QualityReport, run_expectations

#: The release's inputs: every table of the registry, as the asset `<table>_table`.
TABLE_INS = {f"{name}_table": dg.AssetIn(f"{name}_table") for name in RELEASED_TABLES}


@dg.asset(group_name="publish", ins=TABLE_INS,
          description="Great Expectations suite over the tables to publish (distributions, cross-table rules), "
                      "with its Data Docs for the release's quality/ folder.")
def quality_report(**tables: pd.DataFrame) -> dg.MaterializeResult:
    report = run_expectations({name: tables[f"{name}_table"] for name in RELEASED_TABLES})
    return dg.MaterializeResult(value=report, metadata={
        "success": report.success, "expectations": len(report.results), "failed": len(report.failures),
        "failures": dg.MetadataValue.json(report.failures)})


@dg.asset_check(asset=quality_report, blocking=False,
                description="Every expectation of the Great Expectations suite holds (a warning: the report says why).")
def quality_expectations(paths: PipelinePaths, quality_report: QualityReport) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=quality_report.success, severity=dg.AssetCheckSeverity.WARN, metadata={
        "failures": dg.MetadataValue.json(quality_report.failures),
        "report": dg.MetadataValue.path(str(paths.latest / "quality" / "index.html"))})


@dg.asset(group_name="publish", ins=TABLE_INS,
          description="A new versioned release in data/published/releases/<UTC timestamp>/ (tables, datapackage.json, "
                      "CHANGES, lineage pictures, quality report, indicator browser), then latest switched to it.")
def published_release(paths: PipelinePaths, lineage_graphs: dict[str, Path], plan_digests: dict[str, str],
                      quality_report: QualityReport, **tables: pd.DataFrame) -> dg.MaterializeResult:
    frames = {name: tables[f"{name}_table"] for name in RELEASED_TABLES}
    release = write_release(frames, paths.published, keep=paths.keep_releases,
                      files=lambda: {**lineage_graphs, **quality_report.files,
                                     **build_site(frames, lineage_graphs, paths.site_store, plan_digests)})
    return dg.MaterializeResult(metadata={
        "release": release.name,
        "directory": dg.MetadataValue.path(str(release)),
        "manifest": dg.MetadataValue.path(str(release / MANIFEST)),
        "datapackage": dg.MetadataValue.path(str(release / "datapackage.json")),
        "site": dg.MetadataValue.path(str(release / "site" / "index.html")),
        "quality_report": dg.MetadataValue.path(str(release / "quality" / "index.html")),
        "changes": dg.MetadataValue.md((release / "CHANGES").read_text(encoding="utf-8")[:5000]),
        **{f"rows_{name}": len(df) for name, df in frames.items()},
    })
