"""A digest per group of rows (a plan, a concept): what tells a stored per-group result from a stale one.

Hashing runs column-wise (`pandas.util.hash_pandas_object`), then each
group's row hashes, in row order, are digested together: a national table
costs one vectorised pass, not a pass per group.
"""
from __future__ import annotations

import hashlib
from collections.abc import Collection, Sequence

import numpy as np
import pandas as pd


def digests_by(df: pd.DataFrame, columns: Sequence[str], by: str = "plan_id",
               lists: Collection[str] = ()) -> dict[str, bytes]:
    """Value of `by` → digest of its rows' `columns` (the `lists` columns hold lists: joined first);
    groups without rows are absent."""
    if df.empty:
        return {}
    flat = df[list(columns)]
    joined = [c for c in columns if c in lists]
    if joined:
        flat = flat.assign(**{c: ["\x1f".join(v) for v in flat[c]] for c in joined})
    hashes = pd.util.hash_pandas_object(flat, index=False).to_numpy()
    codes, groups = pd.factorize(df[by])
    order = np.argsort(codes, kind="stable")
    chunks = np.split(hashes[order], np.cumsum(np.bincount(codes, minlength=len(groups)))[:-1])
    return {group: hashlib.blake2b(chunk.tobytes(), digest_size=16).digest() for group, chunk in zip(groups, chunks)}
