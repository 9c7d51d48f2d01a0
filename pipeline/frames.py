"""Rows → a DataFrame with exactly a registered table's columns, order and dtypes.

The derived tables (catalog, catalog_links, lineage_edges, consistency) are
built outside `pipeline.publish`; this gives them the same typing, so
`write_release` and the Pandera schemas treat them like the extracted tables.
"""
from __future__ import annotations

import pandas as pd

from validations.columns import TABLES


def typed_frame(table: str, rows: list[dict]) -> pd.DataFrame:
    """`rows` as table `table` (no list columns in the derived tables)."""
    spec = TABLES[table]
    df = pd.DataFrame.from_records(rows, columns=spec.column_names)
    return df.astype({c.name: c.pandas_dtype for c in spec.columns})
