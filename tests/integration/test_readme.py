"""The README a newcomer reads in five minutes, and the docs/ it points to, stay short, runnable and true.

- README.md is under 10 KB and opens with the two commands (`make run`, `make test`), the test command being
  the one CI runs;
- docs/data-dictionary.md is exactly what `python -m validations.dictionary` generates from the column
  registry, so a column added without regenerating the page fails here;
- every relative link of README.md and docs/*.md leads to an existing file (and heading), and every project
  path or dotted module name they mention exists.
"""
from __future__ import annotations

import dataclasses
import importlib
import re
from pathlib import Path

import pytest

import validations.dictionary as dictionary
from assets.resources import PROJECT_ROOT
from pipeline.metadata.columns import TABLES, Column

README = PROJECT_ROOT / "README.md"
DOCS = PROJECT_ROOT / "docs"
MAX_README_BYTES = 10_240
#: The commands a newcomer runs first, in this order (targets of the Makefile).
FIRST_COMMANDS = ["make run", "make test"]
#: Lines of the README within which those commands must appear.
FIRST_LINES = 40
#: Top-level folders whose paths the docs may name; each named path must exist.
CHECKED_ROOTS = ("pipeline", "assets", "validations", "tests", "bench", "deploy", "docs", "data")
#: Build products a fresh checkout does not have (gitignored): named in the docs, made by a run.
BUILT = ("data/published", "data/interim", "tests/artifacts", "bench/RESULTS-quick.md")

_FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.M | re.S)
_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")
_PATH = re.compile(r"(?<![\w./-])((?:%s)/[\w./-]*)" % "|".join(CHECKED_ROOTS))
_DOTTED = re.compile(r"`((?:pipeline|assets|validations)(?:\.\w+)+)`")


def _documents() -> list[Path]:
    return [README, *sorted(DOCS.glob("*.md"))]


def _slug(heading: str) -> str:
    """GitHub's anchor for a Markdown heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower().replace("`", ""))
    return text.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    text = _FENCE.sub("", path.read_text(encoding="utf-8"))
    return {_slug(m.group(1)) for m in re.finditer(r"^#{1,6}\s+(.+?)\s*#*$", text, re.M)}


# --- README: short, commands first ----------------------------------------------------------------------------


def test_readme_is_under_ten_kilobytes() -> None:
    size = len(README.read_bytes())
    assert size < MAX_README_BYTES, f"README.md is {size} bytes: move detail into docs/"


def test_readme_opens_with_make_run_and_make_test() -> None:
    text = README.read_text(encoding="utf-8")
    first = _FENCE.search(text)
    assert first is not None, "README.md has no code block"
    assert [line.strip() for line in first.group(1).splitlines() if line.strip()] == FIRST_COMMANDS
    assert text[: first.start()].count("\n") < FIRST_LINES, "the commands must come within the first lines"
    sections_before = re.findall(r"^## ", text[: first.start()], re.M)
    assert len(sections_before) <= 1, "the commands must open the first section, before any other"


def test_readme_commands_are_the_makefile_targets_and_ci_runs_make_test() -> None:
    makefile = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    for command in [*FIRST_COMMANDS, "make ui"]:
        target = command.split()[1]
        assert re.search(rf"^{target}:", makefile, re.M), f"Makefile has no target {target}"
    assert "make ui" in README.read_text(encoding="utf-8")
    ci = (PROJECT_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert [line.strip() for line in ci.splitlines()][-1] == "make test"


def test_readme_layout_names_every_stage_and_top_folder() -> None:
    text = README.read_text(encoding="utf-8")
    layout = next(m.group(1) for m in _FENCE.finditer(text) if "pipeline/" in m.group(1))
    named = {line.split()[0] for line in layout.splitlines() if line.strip()}
    stages = {f"pipeline/{p.name}/" for p in (PROJECT_ROOT / "pipeline").iterdir()
              if p.is_dir() and not p.name.startswith(("_", "."))}
    tops = {f"{name}/" for name in ("assets", "validations", "data", "tests", "bench", "docs")}
    assert stages | tops <= named, f"README layout misses {sorted((stages | tops) - named)}"


# --- the data dictionary: generated from the registry ---------------------------------------------------------


def test_data_dictionary_is_generated_from_the_registry() -> None:
    page = (PROJECT_ROOT / dictionary.DICTIONARY_PATH).read_text(encoding="utf-8")
    assert page == dictionary.page(), "run: python -m validations.dictionary --write"
    for table in TABLES.values():
        assert f"## `{table.name}`" in page
        assert all(f"| `{c.name}` |" in page for c in table.columns)


def test_a_column_added_without_regenerating_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    assert dictionary.is_current()
    plans = TABLES["plans"]
    extra = Column("added_later", "str", "Cột mới.", "A new column.", nullable=True)
    grown = {**TABLES, "plans": dataclasses.replace(plans, columns=(*plans.columns, extra))}
    monkeypatch.setattr(dictionary, "TABLES", grown)
    assert not dictionary.is_current()
    assert dictionary.main(["--check"]) == 1


def test_readme_links_the_data_dictionary_and_the_benchmark_results() -> None:
    links = {m.group(1) for m in _LINK.finditer(README.read_text(encoding="utf-8"))}
    assert "docs/data-dictionary.md" in links and "bench/RESULTS.md" in links


# --- links and paths: nothing points nowhere --------------------------------------------------------------------


@pytest.mark.parametrize("doc", _documents(), ids=lambda p: p.relative_to(PROJECT_ROOT).as_posix())
def test_relative_links_lead_to_existing_files_and_headings(doc: Path) -> None:
    broken = []
    for m in _LINK.finditer(doc.read_text(encoding="utf-8")):
        target = m.group(1)
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # http:, https:, mailto:
            continue
        file_part, _, anchor = target.partition("#")
        path = (doc.parent / file_part).resolve() if file_part else doc
        if not path.exists():
            broken.append(target)
        elif anchor and path.suffix == ".md" and anchor not in _anchors(path):
            broken.append(target)
    assert broken == [], f"{doc.name}: links to nothing: {broken}"


@pytest.mark.parametrize("doc", _documents(), ids=lambda p: p.relative_to(PROJECT_ROOT).as_posix())
def test_mentioned_paths_exist(doc: Path) -> None:
    text = doc.read_text(encoding="utf-8")
    mentioned = {m.group(1).rstrip(".") for m in _PATH.finditer(text)}
    missing = sorted(p for p in mentioned if not p.startswith(BUILT) and not (PROJECT_ROOT / p).exists())
    assert missing == [], f"{doc.name} names paths that do not exist: {missing}"


@pytest.mark.parametrize("doc", _documents(), ids=lambda p: p.relative_to(PROJECT_ROOT).as_posix())
def test_mentioned_modules_exist(doc: Path) -> None:
    missing = []
    for name in sorted({m.group(1) for m in _DOTTED.finditer(doc.read_text(encoding="utf-8"))}):
        parts = name.split(".")
        for i in range(len(parts), 0, -1):
            try:
                found: object = importlib.import_module(".".join(parts[:i]))
            except ModuleNotFoundError:
                continue
            try:
                for attr in parts[i:]:
                    found = getattr(found, attr)
            except AttributeError:
                missing.append(name)
            break
        else:
            missing.append(name)
    assert missing == [], f"{doc.name} names modules or attributes that do not exist: {missing}"


def test_every_doc_is_linked_from_the_readme() -> None:
    links = {m.group(1).partition("#")[0] for m in _LINK.finditer(README.read_text(encoding="utf-8"))}
    unlinked = [p.name for p in sorted(DOCS.glob("*.md")) if f"docs/{p.name}" not in links]
    assert unlinked == [], f"docs not linked from README.md: {unlinked}"
