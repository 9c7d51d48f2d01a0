"""Unit tests of `pipeline.stores`."""
