"""Unit tests of `pipeline.release`."""
