"""`pipeline/` and `validations/` stay free of Dagster, so they run and test without an orchestrator."""
import subprocess
import sys


def test_pipeline_does_not_import_dagster() -> None:
    code = ("import sys, pipeline.batch, pipeline.publish, pipeline.registry, validations.schemas, "
            "validations.dictionary; sys.exit('dagster' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
