"""Dagster metadata derived from the column registry and the tables (what officers see in the UI)."""
from __future__ import annotations

from collections import Counter

import dagster as dg
import pandas as pd

from pipeline.metadata.columns import FLAG_NAMES, TABLES

PREVIEW_ROWS = 5


def column_schema(table: str) -> dg.TableSchema:
    """The Columns tab of a table asset, straight from the registry."""
    return dg.TableSchema(columns=[
        dg.TableColumn(
            name=c.name, type=c.kind, description=f"{c.en} / {c.vi}",
            constraints=dg.TableColumnConstraints(
                nullable=c.nullable, unique=c.key,
                other=[f"one of: {', '.join(c.allowed)}"] if c.allowed else None),
        )
        for c in TABLES[table].columns
    ])


#: Rows a Markdown table in the UI shows: a national run's lists (3,400 plans, 18,000 indicators to review)
#: cost seconds to render and no one reads them there; the published tables hold every row.
MARKDOWN_ROWS = 200


def markdown(df: pd.DataFrame) -> dg.MetadataValue:
    """A Markdown table of the first `MARKDOWN_ROWS` rows, saying how many more there are; an empty frame
    says so instead of rendering nothing."""
    if df.empty:
        return dg.MetadataValue.md("_no rows_")
    more = len(df) - MARKDOWN_ROWS
    text = df.head(MARKDOWN_ROWS).to_markdown(index=False)
    return dg.MetadataValue.md(text + (f"\n\n_… and {more} more rows_" if more > 0 else ""))


def table_metadata(table: str, df: pd.DataFrame) -> dict[str, object]:
    """Row count, rows per plan, flag counts and a preview for one published table."""
    meta: dict[str, object] = {
        "dagster/row_count": len(df),
        "dagster/column_schema": column_schema(table),
        "preview": markdown(df.head(PREVIEW_ROWS)),
    }
    if table != "plans" and "plan_id" in df:
        meta["rows_per_plan"] = markdown(df.groupby("plan_id").size().rename("rows").reset_index())
    if "flags" in df:
        counts = Counter(f for flags in df["flags"] for f in flags)
        meta["flagged_rows"] = int(df["flags"].map(len).gt(0).sum())
        meta["flag_counts"] = markdown(pd.DataFrame(
            [(f, counts.get(f, 0)) for f in sorted(FLAG_NAMES)], columns=["flag", "rows"]))
    return meta
