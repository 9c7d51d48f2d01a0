"""Unit tests of `pipeline.tables`."""
