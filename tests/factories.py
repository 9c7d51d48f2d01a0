"""Hand-made extractions that pass every check, for tests that need known-good rows."""
from __future__ import annotations

import dagster as dg

from assets.resources import PipelinePaths
from assets.run import refresh
from pipeline.extract.model import PlanExtraction


def good_extraction(plan_id: str = "p1") -> PlanExtraction:
    """One plan, one indicator, two targets (a range and a status)."""
    common = {"plan_id": plan_id, "row_ref": "1", "section_code": "I", "section_title": "Phát triển hạ tầng",
              "indicator_name": "Tỷ lệ phủ sóng 5G", "unit_raw": "%", "responsible_agency": "Sở KH&CN",
              "monitoring_agency": None, "source_file": f"{plan_id}.txt", "line_start": 3, "line_end": 4}
    plan = {"plan_id": plan_id, "source_file": f"{plan_id}.txt", "sha256": "0" * 64, "title": None,
            "issuer": "Sở Khoa học và Công nghệ", "level": "department", "doc_number": "30/KH-SKHCN",
            "issued_date": "2025-09-20", "province": None, "layout": "pdf_text", "status": "ok", "message": None}
    indicator = {**common, "indicator_id": f"{plan_id}-1", "flags": []}
    targets = [
        {**common, "target_id": f"{plan_id}-1-2025", "indicator_id": f"{plan_id}-1", "year": 2025,
         "comparator": "between", "value": 80.0, "value_max": 90.0, "value_text": None, "unit": "percent",
         "raw_text": "80-90%", "flags": []},
        {**common, "target_id": f"{plan_id}-1-2030", "indicator_id": f"{plan_id}-1", "year": 2030,
         "comparator": "=", "value": None, "value_max": None, "value_text": "Duy trì", "unit": "status",
         "raw_text": "Duy trì", "flags": ["year_from_period"]},
    ]
    return PlanExtraction(plan=plan, indicators=[indicator], targets=targets)


def failed_checks(result: dg.ExecuteInProcessResult) -> list[str]:
    """Checks that failed with error severity (warnings, such as consistency findings, are questions, not failures)."""
    return sorted(e.check_name for e in result.get_asset_check_evaluations()
                  if not e.passed and e.severity == dg.AssetCheckSeverity.ERROR)


def run_graph(paths: PipelinePaths, instance: dg.DagsterInstance | None = None,
              **kwargs: object) -> dg.ExecuteInProcessResult:
    """The whole graph over the plans in `paths.raw`, as `make run` runs it (an ephemeral instance by default)."""
    return refresh(paths, instance or dg.DagsterInstance.ephemeral(), **kwargs)
