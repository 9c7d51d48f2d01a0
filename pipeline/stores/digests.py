"""A digest per plan of its rows in the tables: what tells a stored per-plan result from a stale one.

The rows are put in Arrow, grouped by plan (a stable sort, skipped when they
already are, as every table is), and each plan's slice of each column's buffers is digested as it
lies in memory: the value bytes, the row lengths and the missing-value mask.
A national table then costs one pass of hashing over its bytes, not a Python
value per cell.
"""
from __future__ import annotations

import hashlib
from collections.abc import Mapping

import numpy as np
import orjson
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pipeline.metadata.columns import TABLES
from pipeline.stores.extractions import CODE_VERSION


def _is_text(column: pa.Array) -> bool:
    return pa.types.is_string(column.type) or pa.types.is_large_string(column.type)


def _text(column: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """(value bytes, row offsets into them, n + 1) of a one-chunk text column, as they lie in its buffers."""
    _, offsets, data = column.buffers()
    offsets_type = np.int64 if pa.types.is_large_string(column.type) else np.int32
    bounds = np.frombuffer(offsets, offsets_type)[column.offset: column.offset + len(column) + 1].astype(np.int64)
    return (np.frombuffer(data, np.uint8) if data is not None else np.zeros(0, np.uint8)), bounds


def _bits(column: pa.Array) -> np.ndarray:
    """A one-chunk column of numbers or booleans as one int64 per row (missing as 0)."""
    if pa.types.is_boolean(column.type):
        column = column.cast(pa.uint8())
    filled = pc.fill_null(column, pa.scalar(0, column.type)).to_numpy(zero_copy_only=False)
    return filled.view(np.int64) if filled.dtype.itemsize == 8 else filled.astype(np.int64)


def _table_digests(table_name: str, df: pd.DataFrame) -> dict[str, bytes]:
    """plan_id → digest of its rows of `df` (every column of table `table_name`), in row order; plans without
    rows are absent.

    Per row, the fixed-width part (numbers, text lengths, missing marks) goes into one int64 matrix, so a
    plan costs one digest update for it plus one per text column for the text bytes.
    """
    if df.empty:
        return {}
    spec = TABLES[table_name]
    lists = {c.name for c in spec.columns if c.kind == "list_str"}
    table = pa.Table.from_pandas(df[spec.column_names], preserve_index=False).combine_chunks()
    keys = table["plan_id"].to_numpy(zero_copy_only=False)
    if (keys[1:] < keys[:-1]).any():  # not grouped yet
        table = table.take(pc.sort_indices(table, sort_keys=[("plan_id", "ascending")])).combine_chunks()
        keys = table["plan_id"].to_numpy(zero_copy_only=False)
    starts = np.concatenate(([0], np.flatnonzero(keys[1:] != keys[:-1]) + 1, [len(keys)]))
    fixed: list[np.ndarray] = []
    texts: list[tuple[np.ndarray, np.ndarray]] = []
    for name in spec.column_names:
        column = table[name].chunk(0) if table[name].num_chunks else pa.array([], table[name].type)
        if name in lists:
            column = pc.binary_join(column.cast(pa.list_(pa.string())), "\x1f")
        nulls = column.is_null().to_numpy(zero_copy_only=False).astype(np.int64)
        if _is_text(column):
            values, bounds = _text(column)
            texts.append((values, bounds))
            fixed.append(np.diff(bounds) * 2 + nulls)
        else:
            fixed += [_bits(column), nulls]
    matrix = np.ascontiguousarray(np.column_stack(fixed))
    out = {}
    for start, stop in zip(starts[:-1], starts[1:]):
        digest = hashlib.blake2b(matrix[start:stop], digest_size=16)
        for values, bounds in texts:
            digest.update(values[bounds[start]:bounds[stop]])
        out[keys[start]] = digest.digest()
    return out


#: The tables a plan's stored results (lineage parts, consistency findings, site pages) are drawn from.
PLAN_TABLES = ("plans", "indicators", "targets", "catalog_links")


def plan_digests(tables: Mapping[str, pd.DataFrame]) -> dict[str, str]:
    """plan_id → digest of every row of the plan in `PLAN_TABLES` (all columns) and of the code: equal
    digests, equal inputs, so whatever was drawn from a plan's rows can be reused."""
    per_table = [_table_digests(name, tables[name]) for name in PLAN_TABLES]
    return {plan_id: hashlib.sha256(b"".join([CODE_VERSION.encode(), *(d.get(plan_id, b"-") for d in per_table)]))
            .hexdigest() for plan_id in tables["plans"]["plan_id"]}


def content_key(*parts: object) -> str:
    """A short digest of JSON-able `parts` and the code version: the name of a stored result."""
    return hashlib.sha256(orjson.dumps([CODE_VERSION, *parts], option=orjson.OPT_SORT_KEYS)).hexdigest()[:32]
