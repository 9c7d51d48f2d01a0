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

import functools
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.metadata.columns import TABLES

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


def read_targets(release: Path | None) -> pa.Table | None:
    """A release's targets as Arrow reads them (None when there is no release or no targets file)."""
    path = release / TARGETS_FILE if release is not None else None
    return pq.read_table(path) if path is not None and path.is_file() else None


_KEY = TABLES["targets"].key
_LIST_COLUMNS = {c.name for c in TABLES["targets"].columns if c.kind == "list_str"}


def _comparable(column: pa.ChunkedArray, name: str) -> pa.ChunkedArray:
    """A column as compared: list cells joined into one string, so equal lists compare equal."""
    return pc.binary_join(column, "\x1f") if name in _LIST_COLUMNS else column


def _differs(before: pa.ChunkedArray, after: pa.ChunkedArray) -> pa.ChunkedArray:
    """Row-wise "not the same value", null equal to null."""
    return pc.or_(pc.fill_null(pc.not_equal(before, after), False), pc.xor(before.is_null(), after.is_null()))


def _rows(table: pa.Table, ids: list[str]) -> dict[str, dict]:
    """The rows of `ids` (few) as plain dicts keyed by target id."""
    picked = table.filter(pc.is_in(table[_KEY], value_set=pa.array(ids, pa.string()))).to_pylist()
    return {row[_KEY]: row for row in picked}


def compare(old: pa.Table, new: pa.Table) -> Changes:
    """What changed from `old` to `new` targets, matched by target_id.

    Every field is compared column-wise in Arrow (old rows aligned to new
    ones by id); only the few rows that differ become Python values, so a
    national release with one changed plan costs a few vectorised passes.
    """
    fields = [c for c in TABLES["targets"].column_names
              if c in old.column_names and c in new.column_names and c not in _LOCATION and c != _KEY]
    position = pc.index_in(new[_KEY], value_set=old[_KEY])  # each new row's row in old, null when added
    result = Changes(added=sorted(new[_KEY].filter(position.is_null()).to_pylist()),
                     removed=sorted(old[_KEY].filter(pc.invert(pc.is_in(old[_KEY], value_set=new[_KEY]))).to_pylist()))
    after = new.filter(position.is_valid())
    before = old.take(position.drop_null())
    masks = {f: _differs(_comparable(before[f], f), _comparable(after[f], f)) for f in fields}
    if not masks:
        return result
    changed_rows = functools.reduce(pc.or_, masks.values())
    ids = after[_KEY].filter(changed_rows).to_pylist()
    differing = {f: masks[f].filter(changed_rows).to_pylist() for f in fields}
    old_rows, new_rows = _rows(before.filter(changed_rows), ids), _rows(after.filter(changed_rows), ids)
    for i, target_id in sorted(enumerate(ids), key=lambda pair: pair[1]):
        result.changed[target_id] = {f: (old_rows[target_id][f], new_rows[target_id][f])
                                     for f in fields if differing[f][i]}
    return result


def _show(value: object) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(value) + "]"
    if pd.isna(value):
        return "—"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _line(target_id: str, row: dict) -> str:
    unit = "" if row["unit"] == "status" else f" {row['unit']}"
    return f"- `{target_id}` — {row['indicator_name']} — {row['year']}: {row['raw_text']} ({row['comparator']} {_show(row['value'])}{unit})"


def render(changes: Changes, old: pa.Table, new: pa.Table, previous_id: str | None) -> str:
    """CHANGES as Markdown: counts first, then one line per target, headings in English and Vietnamese."""
    if previous_id is None:
        return (f"# CHANGES\n\nFirst release: no previous release to compare with. {new.num_rows} targets.\n"
                f"Bản phát hành đầu tiên: không có bản trước để so sánh. {new.num_rows} mục tiêu.\n")
    added, removed = _rows(new, changes.added), _rows(old, changes.removed)
    names = {k: row["indicator_name"] for k, row in _rows(new, list(changes.changed)).items()}
    lines = ["# CHANGES", "",
             f"Targets compared with the previous release `{previous_id}`. "
             f"/ So sánh mục tiêu với bản phát hành trước `{previous_id}`.", "",
             f"Added / Thêm mới: {len(changes.added)} · Changed / Thay đổi: {len(changes.changed)} · "
             f"Removed / Bị loại: {len(changes.removed)}", ""]
    lines += [f"## Added / Thêm mới ({len(changes.added)})", ""]
    lines += [_line(t, added[t]) for t in changes.added] + [""]
    lines += [f"## Changed / Thay đổi ({len(changes.changed)})", ""]
    for target_id, diff in changes.changed.items():
        what = "; ".join(f"{f}: {_show(a)} → {_show(b)}" for f, (a, b) in diff.items())
        lines.append(f"- `{target_id}` — {names[target_id]} — {what}")
    lines += ["", f"## Removed / Bị loại ({len(changes.removed)})", ""]
    lines += [_line(t, removed[t]) for t in changes.removed]
    return "\n".join(lines).rstrip("\n") + "\n"


def changes_bytes(staged: Path, previous: Path | None) -> bytes:
    """The CHANGES file of the release being written in `staged`, against the `previous` release (or none)."""
    new = read_targets(staged)
    if previous is None:
        return render(Changes(), new.slice(0, 0), new, None).encode("utf-8")
    old = read_targets(previous)
    old = old if old is not None else new.slice(0, 0)
    return render(compare(old, new), old, new, previous.name).encode("utf-8")
