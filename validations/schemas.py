"""Pandera schemas generated from the column registry, and a summarizing validator.

Schemas are built from `pipeline.metadata.columns`, never written by hand, so a new
column or vocabulary entry is checked as soon as it is registered. Validation
is lazy: every failure is collected in one pass and summarized (counts per
check and a sample) so an officer sees all problems at once in Dagster.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd
import pandera.pandas as pa
from pandera.engines import pandas_engine
from pandera.errors import SchemaErrors

from pipeline.metadata.columns import FLAG_NAMES, FOREIGN_KEYS, TABLES, Column
from pipeline.tables.records import contained

SAMPLE_SIZE = 10


def _flags_known(values: pd.Series) -> pd.Series:
    """Each cell must be a list (or array) of strings, all in the flag vocabulary."""
    return pd.Series([isinstance(cell, Iterable) and not isinstance(cell, str) and FLAG_NAMES.issuperset(cell)
                      for cell in values], index=values.index, dtype=bool)


def _column_checks(col: Column) -> list[pa.Check]:
    if col.kind == "list_str":
        return [pa.Check(_flags_known, name="flags_in_vocabulary", error="every flag must be in the flag vocabulary")]
    checks = []
    if col.allowed is not None:
        checks.append(pa.Check.isin(list(col.allowed)))
    if col.min_value is not None or col.max_value is not None:
        checks.append(pa.Check.in_range(col.min_value, col.max_value))
    if col.pattern is not None:
        checks.append(pa.Check.str_matches(f"^{col.pattern}$"))
    return checks


def _between_has_upper_bound(df: pd.DataFrame) -> pd.Series:
    """`between` needs value_max > value; any other comparator needs value_max null."""
    between = df["comparator"] == "between"
    bounded = (df["value_max"] > df["value"]).fillna(False)
    return (between & bounded) | (~between & df["value_max"].isna())


def _value_or_text(df: pd.DataFrame) -> pd.Series:
    """A target says something: a number, or words."""
    return df["value"].notna() | df["value_text"].notna()


_TABLE_CHECKS: dict[str, list[pa.Check]] = {
    "targets": [
        pa.Check(_between_has_upper_bound, name="between_has_upper_bound"),
        pa.Check(_value_or_text, name="value_or_value_text"),
    ],
}


@dataclasses.dataclass(frozen=True)
class Text(pandas_engine.STRING):
    """Pandas text in either storage: Python strings, or Arrow memory for tables built in Arrow (the
    million-row lineage edges). Where the text lives is not part of the contract; that it is text is."""

    def check(self, pandera_dtype: Any, data_container: Any = None) -> bool:
        return isinstance(getattr(pandera_dtype, "type", None), pd.StringDtype)


def _dtype(column: Column) -> Any:
    return Text() if column.kind == "str" else column.pandas_dtype


def build_schema(name: str) -> pa.DataFrameSchema:
    """The Pandera schema of table `name`, derived from its registry entry."""
    table = TABLES[name]
    columns = {
        c.name: pa.Column(_dtype(c), nullable=c.nullable, unique=c.key, checks=_column_checks(c),
                          description=c.en, title=c.name)
        for c in table.columns
    }
    return pa.DataFrameSchema(columns, checks=_TABLE_CHECKS.get(name, []), strict=True, ordered=True,
                              name=name, description=table.en)


SCHEMAS: dict[str, pa.DataFrameSchema] = {name: build_schema(name) for name in TABLES}


FAILURE_COLUMNS = ["schema_context", "column", "check", "failure_case", "index"]


def check_foreign_keys(name: str, df: pd.DataFrame, related: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Rows of `df` whose foreign keys point at nothing in the `related` tables, as failure cases."""
    failures = [pd.DataFrame(columns=FAILURE_COLUMNS)]
    for (table, column), (ref_table, ref_column) in FOREIGN_KEYS.items():
        if table == name and ref_table in related and column in df:
            # A null foreign key (a nullable column) points at nothing on purpose.
            missing = df.loc[df[column].notna().to_numpy() & ~contained(df[column], related[ref_table][ref_column]), column]
            failures.append(pd.DataFrame({
                "schema_context": "ForeignKey", "column": column, "check": f"references {ref_table}.{ref_column}",
                "failure_case": missing.astype(object), "index": missing.index,
            }))
    return pd.concat([f for f in failures if not f.empty] or failures[:1], ignore_index=True)


def _plain(value: Any) -> str | None:
    """A failure case as text for JSON metadata (cells may hold lists, NA or numpy values)."""
    if isinstance(value, str) or value is None:
        return value
    if not isinstance(value, Iterable) and pd.isna(value):
        return None
    return str(value)


def _one_case_per_row(cases: pd.DataFrame, df: pd.DataFrame, key: str) -> pd.DataFrame:
    """Pandera reports a failing table-wide check once per column of each row; keep one case per row,
    naming the row by its key."""
    row_checks = cases["schema_context"].eq("DataFrameSchema") & cases["index"].notna()
    per_row = cases[row_checks].drop_duplicates(["check", "index"]).assign(column=None)
    per_row["failure_case"] = [df[key].get(i) if key in df else None for i in per_row["index"]]
    parts = [part for part in (cases[~row_checks], per_row) if not part.empty]
    return pd.concat(parts, ignore_index=True) if parts else cases


def failure_cases(name: str, df: pd.DataFrame, related: Mapping[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """Every failure of `df` as table `name` (schema and foreign keys), one row per check and row (`index`)."""
    failures = check_foreign_keys(name, df, related or {})
    try:
        SCHEMAS[name].validate(df, lazy=True)
    except SchemaErrors as err:
        cases = _one_case_per_row(err.failure_cases[FAILURE_COLUMNS], df, TABLES[name].key)
        failures = pd.concat([cases, failures] if not failures.empty else [cases], ignore_index=True)
    return failures


def validate_table(name: str, df: pd.DataFrame,
                   related: Mapping[str, pd.DataFrame] | None = None) -> tuple[bool, dict[str, Any]]:
    """Validate `df` as table `name` (and its foreign keys against `related`); return (ok, summary).

    The summary is JSON-able for Dagster metadata: row count, number of
    failures, failures per column and check, and a sample of failure cases.
    """
    failures = failure_cases(name, df, related)
    by_check = failures.assign(column=failures["column"].fillna("(table)")).groupby(["column", "check"]).size()
    summary = {
        "table": name,
        "n_rows": len(df),
        "n_failures": len(failures),
        "by_check": {f"{column}: {check}": int(n) for (column, check), n in by_check.items()},
        "sample": [{k: _plain(v) for k, v in row.items()} for row in failures.head(SAMPLE_SIZE).to_dict("records")],
    }
    return failures.empty, summary
