"""Unit tests of `pipeline.extract`."""
