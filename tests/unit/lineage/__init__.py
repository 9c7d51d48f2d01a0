"""Unit tests of `pipeline.lineage`."""
