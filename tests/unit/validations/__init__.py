"""Unit tests of `validations`."""
