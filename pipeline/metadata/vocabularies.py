"""Closed vocabularies of the published tables that are not units: comparators, catalog pillars, directions.

The value grammar, the catalog loader and the column registry all read them from here, so a new word is one
reviewed line and no stage has to import another to know the vocabulary.
"""
from __future__ import annotations

COMPARATORS: tuple[str, ...] = (">=", ">", "<=", "<", "=", "between")
# The plans' own section headings (Phát triển hạ tầng, … Dữ liệu số).
PILLARS = ("infrastructure", "resources", "science_technology", "innovation_ecosystem",
           "digital_transformation", "digital_data")
DIRECTIONS = ("higher", "lower", "none")
