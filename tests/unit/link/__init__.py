"""Unit tests of `pipeline.link`."""
