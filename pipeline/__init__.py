"""The domain core, one package per stage, in the order a plan travels (plain Python: no Dagster).

metadata → ingest → extract → tables → curate → stores → link → lineage → release. A stage imports only
the stages before it (tests/integration/test_layers.py walks the imports); `validations/` and `assets/`
import the core, never the reverse.
"""
