"""The README's data dictionary, rendered from the column registry.

`python -m validations.dictionary` prints it (`--write` updates README.md); a test keeps the README's copy
(between the dictionary markers) equal to this output, so the documentation
cannot drift from the published schema.
"""
from __future__ import annotations

import sys
from pathlib import Path

from pipeline.metadata.columns import FLAGS, FOREIGN_KEYS, TABLES, Column

START, END = "<!-- dictionary:start -->", "<!-- dictionary:end -->"
_TYPES = {"str": "string", "int": "integer", "float": "float", "list_str": "list of string"}


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _row(table: str, col: Column) -> str:
    notes = []
    if col.key:
        notes.append("key")
    if (table, col.name) in FOREIGN_KEYS:
        notes.append("→ {}.{}".format(*FOREIGN_KEYS[table, col.name]))
    if col.allowed and col.kind != "list_str":
        notes.append("one of " + ", ".join(f"`{v}`" for v in col.allowed))
    if col.min_value is not None:
        notes.append(f"{col.min_value}–{col.max_value}")
    if col.pattern is not None:
        notes.append(f"matches `{col.pattern}`")
    if col.kind == "list_str":
        notes.append("values from the flag list")
    return (f"| `{col.name}` | {_TYPES[col.kind]} | {'yes' if col.nullable else 'no'} | {_cell('; '.join(notes))} "
            f"| {_cell(col.en)} | {_cell(col.vi)} |")


def render() -> str:
    """The data dictionary as Markdown: one section per table, then the flag vocabulary."""
    lines: list[str] = []
    for table in TABLES.values():
        lines += [f"### `{table.name}`", "", f"{table.en} — {table.vi}", "",
                  "| column | type | nullable | constraints | description | mô tả |",
                  "|---|---|---|---|---|---|"]
        lines += [_row(table.name, c) for c in table.columns]
        lines.append("")
    lines += ["### Flags", "", "| flag | meaning | ý nghĩa |", "|---|---|---|"]
    lines += [f"| `{f.name}` | {_cell(f.en)} | {_cell(f.vi)} |" for f in FLAGS]
    return "\n".join(lines) + "\n"


def write_into(readme: Path) -> None:
    """Replace the README's dictionary section (between the markers) with the generated one."""
    text = readme.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    tail = rest.split(END, 1)[1]
    readme.write_text(f"{head}{START}\n{render()}{END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        write_into(Path(__file__).resolve().parent.parent / "README.md")
    else:
        print(render(), end="")
