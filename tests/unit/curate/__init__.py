"""Unit tests of `pipeline.curate`."""
