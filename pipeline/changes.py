"""`CHANGES`: the targets added, changed and removed since the previous release.

After a refresh a portal user first asks "what moved?". The answer compares
the new release's `targets.parquet` with the one `latest` pointed to before
the switch, row by `target_id`. A change is a change of what the target says
(comparator, value, unit, words, flags, agency …); a row that only moved in
its source file (`source_file`, `line_start`, `line_end`, `source_locator`) is not a change for
the public. A corrected year changes the `target_id`, so it shows as one
target removed and one added, which is what a portal keyed on ids sees.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from validations.columns import TABLES

CHANGES = "CHANGES"
TARGETS_FILE = "targets.parquet"
#: Where a row sits in its source file: not what it says.
_LOCATION = ("source_file", "line_start", "line_end", "source_locator")


@dataclass
class Changes:
    """Target ids added and removed, and per changed id the fields that differ (old, new)."""

    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: dict[str, dict[str, tuple[object, object]]] = field(default_factory=dict)


def read_targets(release: Path) -> pd.DataFrame:
    """A release's targets indexed by target_id (empty frame when absent); list cells as Parquet gives them."""
    path = release / TARGETS_FILE
    if not path.is_file():
        return pd.DataFrame(columns=TABLES["targets"].column_names).set_index(TABLES["targets"].key)
    return pq.read_table(path).to_pandas().set_index(TABLES["targets"].key)


_LIST_COLUMNS = {c.name for c in TABLES["targets"].columns if c.kind == "list_str"}


def _differs(before: pd.Series, after: pd.Series) -> pd.Series:
    """Row-wise "not the same value", NA equal to NA, lists compared as lists."""
    if before.name in _LIST_COLUMNS:
        return pd.Series([list(a) != list(b) for a, b in zip(before, after)], index=before.index, dtype=bool)
    b, a = before.astype(object), after.astype(object)
    both_na, one_na = b.isna() & a.isna(), b.isna() ^ a.isna()
    return (one_na | (~both_na & (b != a))).astype(bool)


def _row_hashes(df: pd.DataFrame, fields: list[str]) -> pd.Series:
    """One 64-bit hash per row of `fields` (lists joined first): equal rows hash equal."""
    flat = df[fields].copy()
    for col in _LIST_COLUMNS & set(fields):
        flat[col] = ["\x1f".join(v) for v in flat[col]]
    return pd.util.hash_pandas_object(flat, index=False)


def compare(old: pd.DataFrame, new: pd.DataFrame) -> Changes:
    """What changed from `old` to `new` targets (both indexed by target_id).

    Rows are first compared by hash, in one vectorised pass; only the few
    whose hashes differ are compared field by field, so a national release
    with one changed plan costs two hash columns, not a diff of every cell.
    """
    fields = [c for c in TABLES["targets"].column_names
              if c in old.columns and c in new.columns and c not in _LOCATION]
    result = Changes(added=sorted(set(new.index) - set(old.index)), removed=sorted(set(old.index) - set(new.index)))
    common = new.index[new.index.isin(old.index)]
    suspects = sorted(common[_row_hashes(new.loc[common], fields).to_numpy()
                             != _row_hashes(old.loc[common], fields).to_numpy()])
    before, after = old.loc[suspects, fields], new.loc[suspects, fields]
    masks = {f: _differs(before[f], after[f]) for f in fields}
    any_change = pd.DataFrame(masks, index=before.index).any(axis=1)
    for target_id in [t for t, changed in zip(suspects, any_change) if changed]:
        result.changed[target_id] = {f: (_cell(before.at[target_id, f]), _cell(after.at[target_id, f]))
                                     for f in fields if masks[f][target_id]}
    return result


def _cell(value: object) -> object:
    """A cell as CHANGES shows it: a list cell (a NumPy array from Parquet) as a list."""
    return list(value) if hasattr(value, "__len__") and not isinstance(value, str) else value


def _show(value: object) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(value) + "]"
    if pd.isna(value):
        return "—"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _line(target_id: str, row: pd.Series) -> str:
    unit = "" if row["unit"] == "status" else f" {row['unit']}"
    return f"- `{target_id}` — {row['indicator_name']} — {row['year']}: {row['raw_text']} ({row['comparator']} {_show(row['value'])}{unit})"


def render(changes: Changes, old: pd.DataFrame, new: pd.DataFrame, previous_id: str | None) -> str:
    """CHANGES as Markdown: counts first, then one line per target, headings in English and Vietnamese."""
    if previous_id is None:
        return (f"# CHANGES\n\nFirst release: no previous release to compare with. {len(new)} targets.\n"
                f"Bản phát hành đầu tiên: không có bản trước để so sánh. {len(new)} mục tiêu.\n")
    lines = ["# CHANGES", "",
             f"Targets compared with the previous release `{previous_id}`. "
             f"/ So sánh mục tiêu với bản phát hành trước `{previous_id}`.", "",
             f"Added / Thêm mới: {len(changes.added)} · Changed / Thay đổi: {len(changes.changed)} · "
             f"Removed / Bị loại: {len(changes.removed)}", ""]
    lines += [f"## Added / Thêm mới ({len(changes.added)})", ""]
    lines += [_line(t, new.loc[t]) for t in changes.added] + [""]
    lines += [f"## Changed / Thay đổi ({len(changes.changed)})", ""]
    for target_id, diff in changes.changed.items():
        what = "; ".join(f"{f}: {_show(a)} → {_show(b)}" for f, (a, b) in diff.items())
        lines.append(f"- `{target_id}` — {new.loc[target_id]['indicator_name']} — {what}")
    lines += ["", f"## Removed / Bị loại ({len(changes.removed)})", ""]
    lines += [_line(t, old.loc[t]) for t in changes.removed]
    return "\n".join(lines).rstrip("\n") + "\n"


def changes_bytes(staged: Path, previous: Path | None) -> bytes:
    """The CHANGES file of the release being written in `staged`, against the `previous` release (or none)."""
    new = read_targets(staged)
    old = read_targets(previous) if previous is not None else new.iloc[0:0]
    return render(compare(old, new), old, new, previous.name if previous is not None else None).encode("utf-8")
