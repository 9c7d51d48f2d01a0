"""Unit tests, one package per stage of the core (and validations)."""
