"""Extractions → typed tables → Parquet and CSV files in one directory.

Column names, order and dtypes come from `pipeline.metadata.columns`, so the
published files match the schemas that validate them. Output is byte-for-byte
deterministic for the same input (stable row order, no timestamps), so a
rebuild shows as unchanged. Where the files go, atomically and versioned, is
`pipeline.release.versions`'s job.

CSV is for people: UTF-8 with BOM so spreadsheets show Vietnamese diacritics,
CRLF line ends and every text cell quoted (RFC 4180; Arrow's writer, a tenth
of pandas' time on a national corpus), list columns (flags) as JSON arrays
(`["source_gap"]`, empty list `[]`), and
free-text cells that a spreadsheet would execute as a formula (starting
with = + - @, tab or CR) prefixed with an apostrophe, as OWASP's
CSV-injection advice says; numeric columns and closed vocabularies (the
comparator "=") are never touched, so a filter on the CSV finds what it
finds on the Parquet. Parquet keeps values exactly.
"""
from __future__ import annotations

import codecs
import json
import os
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import orjson
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as csv
import pyarrow.parquet as pq

from pipeline.extract.model import Accounting, PlanExtraction
from pipeline.metadata.columns import TABLES
from pipeline.tables.quarantine import quarantine_rows

DATASET = "nq57-targets"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_PATTERN = "^[" + "".join(_FORMULA_START).replace("-", "\\-") + "]"  # the same, as Arrow's regex


def frame(table: str, rows: list[dict] | dict[str, list] | pd.DataFrame) -> pd.DataFrame:
    """Rows (or columns: name → values, or a frame) as a frame with exactly the registry's columns, in order,
    with its dtypes (text stays in the storage it has, Python or Arrow)."""
    spec = TABLES[table]
    if isinstance(rows, pd.DataFrame):
        rows = {name: rows[name].reset_index(drop=True) for name in rows.columns}
    if isinstance(rows, dict):
        df = pd.DataFrame({name: rows.get(name) for name in spec.column_names}, columns=spec.column_names)
    else:
        df = pd.DataFrame.from_records(rows, columns=spec.column_names)
    for col in spec.columns:
        if col.kind == "list_str":
            df[col.name] = pd.Series([list(v) if v is not None else [] for v in df[col.name]],
                                     index=df.index, dtype=object)
        elif df[col.name].dtype != col.pandas_dtype:
            df[col.name] = df[col.name].astype(col.pandas_dtype)
    return df


def arrow_frame(table: str, data: pa.Table) -> pd.DataFrame:
    """An Arrow table as a frame with the registry's columns, its text left in Arrow memory (`string[pyarrow]`):
    a million-row table then passes between steps and back to Arrow without a Python string per cell."""
    spec = TABLES[table]
    lists = [c.name for c in spec.columns if c.kind == "list_str"]
    df = data.select(spec.column_names).drop_columns(lists).to_pandas(
        types_mapper={pa.string(): pd.StringDtype("pyarrow")}.get)
    for name in lists:
        df[name] = pd.Series([v if v is not None else [] for v in data[name].to_pylist()], index=df.index, dtype=object)
    for col in spec.columns:
        if col.kind in ("int", "float"):
            df[col.name] = df[col.name].astype(col.pandas_dtype)
    return df[spec.column_names]


@dataclass
class ExtractedTables:
    """What the table stages need from all plans' extractions, built once per run.

    Every table asset used to rebuild all four frames from thousands of
    extractions; now `plan_extractions` hands them this: the extracted
    tables, each plan's own accounting (for the row-accounting check) and
    its ledger row (for the UI).
    """

    frames: dict[str, pd.DataFrame]
    accounts: dict[str, Accounting]
    ledgers: list[dict]


def table_rows(extractions: list[PlanExtraction]) -> dict[str, list[dict]]:
    """The rows of the plans, indicators, targets and quarantine tables, ordered by plan_id then extraction
    order. Counts (plans.n_indicators, plans.n_targets, indicators.n_targets) are recomputed from the rows
    themselves, so the tables always agree."""
    ordered = sorted(extractions, key=lambda e: e.plan["plan_id"])
    indicators = [ind for e in ordered for ind in e.indicators]
    targets = [t for e in ordered for t in e.targets]
    per_indicator = Counter(t.get("indicator_id") for t in targets)
    return {
        "plans": [{**e.plan, "n_indicators": len(e.indicators), "n_targets": len(e.targets)} for e in ordered],
        "indicators": [{**i, "n_targets": per_indicator[i.get("indicator_id")]} for i in indicators],
        "targets": targets,
        "quarantine": [q for e in ordered for q in quarantine_rows(e)],
    }


def to_frames(extractions: list[PlanExtraction]) -> dict[str, pd.DataFrame]:
    """The plans, indicators, targets and quarantine tables as frames (`table_rows`)."""
    return {name: frame(name, rows) for name, rows in table_rows(extractions).items()}


def to_arrow(extractions: list[PlanExtraction]) -> dict[str, pa.Table]:
    """The same tables built straight into Arrow with the registry's schemas: what the gathered store keeps,
    with no pandas frame on the way."""
    return {name: pa.Table.from_pylist(rows, schema=TABLES[name].arrow_schema)
            for name, rows in table_rows(extractions).items()}


def _arrow_table(name: str, df: pd.DataFrame, provenance: dict) -> pa.Table:
    """`df` as an Arrow table with the registry's schema, column descriptions and file-level provenance."""
    spec = TABLES[name]
    table = pa.Table.from_pandas(df, schema=spec.arrow_schema, preserve_index=False)
    metadata = {**(table.schema.metadata or {}), b"description": spec.en.encode(), b"description_vi": spec.vi.encode(),
                b"provenance": json.dumps(provenance, ensure_ascii=False, sort_keys=True).encode()}
    return table.replace_schema_metadata(metadata)


def _json_arrays(lists: pa.ChunkedArray) -> pa.ChunkedArray:
    """Lists of text as JSON array text (`["a","b"]`, `[]` for none), the bytes orjson writes, built in Arrow;
    values that would need more JSON escaping than quotes and backslashes go through orjson."""
    lists = lists.combine_chunks()
    values = lists.flatten()
    if pc.any(pc.match_substring_regex(values, "[\\x00-\\x1f]")).as_py():
        return pa.chunked_array([pa.array([orjson.dumps(v or []).decode() for v in lists.to_pylist()], pa.string())])
    escaped = pc.replace_substring(pc.replace_substring(values, "\\", "\\\\"), '"', '\\"')
    quoted = pc.binary_join(pa.ListArray.from_arrays(lists.offsets, escaped), '","')
    empty = pc.equal(pc.fill_null(pc.list_value_length(lists), 0), 0)
    return pa.chunked_array([pc.if_else(empty, "[]", pc.binary_join_element_wise('["', quoted, '"]', ""))])


def _csv_table(name: str, table: pa.Table) -> pa.Table:
    """The Parquet table for spreadsheets: lists as JSON arrays, formula-like text neutralized, no metadata."""
    for col in TABLES[name].columns:
        i = table.schema.get_field_index(col.name)
        if col.kind == "list_str":
            table = table.set_column(i, col.name, _json_arrays(table.column(i)))
        elif col.kind == "str" and col.allowed is None:  # a closed vocabulary ("=") is data, never altered
            risky = pc.match_substring_regex(table.column(i), _FORMULA_PATTERN)
            if pc.any(risky).as_py():  # most columns have none: skip rebuilding them
                table = table.set_column(i, col.name, pc.if_else(
                    risky, pc.binary_join_element_wise("'", table.column(i), ""), table.column(i)))
    return table.replace_schema_metadata(None)


def dictionary_columns(name: str) -> list[str]:
    """Parquet leaf paths to dictionary-encode: the registry's closed vocabularies and low-cardinality columns.

    Unique ids and free text stay plain: a dictionary as large as the column only costs space.
    """
    return [c.parquet_path for c in TABLES[name].columns if c.dictionary_encoded]


def write_tables(frames: dict[str, pd.DataFrame], directory: Path, provenance: dict) -> dict[str, int]:
    """Write `<table>.parquet` and `<table>.csv` for every frame into `directory`; {file name: data rows}.

    Tables are written on a thread each (as many at once as there are cores): Arrow encodes and writes
    without holding the interpreter, so the national lineage table's CSV no longer waits for the others.
    """
    def write(name: str, df: pd.DataFrame) -> None:
        table = _arrow_table(name, df, {**provenance, "table": name})
        pq.write_table(table, directory / f"{name}.parquet", compression="zstd", use_dictionary=dictionary_columns(name))
        with open(directory / f"{name}.csv", "wb") as fh:
            fh.write(codecs.BOM_UTF8)
            csv.write_csv(_csv_table(name, table), fh, csv.WriteOptions(eol="\r\n"))

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        list(pool.map(write, frames, frames.values()))  # list(): a failed write raises here
    return {f"{name}.{ext}": len(df) for name, df in frames.items() for ext in ("parquet", "csv")}


def provenance(plans: pd.DataFrame) -> dict:
    """File-level provenance: the dataset and every source file with its hash."""
    return {"dataset": DATASET,
            "sources": [{"source_file": f, "sha256": h} for f, h in zip(plans["source_file"], plans["sha256"])]}
