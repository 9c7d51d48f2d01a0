"""The bad-input corpus (tests/fixtures/bad/): every awkward file has one expected, asserted outcome.

00_base.txt is a small, clean pipe-table plan; most other files are it with
one thing broken. Readable variants (04–09) must read exactly like the base;
unreadable files become a `file` problem naming the file; broken rows and
cells become `row`/`cell` problems with their lines; the other plans publish.
"""
from __future__ import annotations

import shutil
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from assets.resources import PipelinePaths
from pipeline.extract.model import PlanExtraction
from pipeline.extract.reading import extract_plan
from pipeline.ingest.inventory import discover_plans
from pipeline.ingest.text_io import MAX_BYTES
from pipeline.tables.quarantine import ledger
from tests.factories import failed_checks, run_graph
from tests.oracles import extract_all
from tests.paths import FIXTURES

BAD = FIXTURES / "bad"

# file → (status, encoding, indicators, targets, [(kind, start of reason, line_start)])
EXPECTED: dict[str, tuple[str, str | None, int, int, list[tuple[str, str, int | None]]]] = {
    "00_base.txt": ("ok", "utf-8", 6, 11, []),
    "01_empty.txt": ("unrecognized", None, 0, 0, [("file", "empty file", None)]),
    "02_pdf_bytes.txt": ("unrecognized", None, 0, 0, [("file", "PDF bytes, not text", None)]),
    "03_binary.bin.txt": ("unrecognized", None, 0, 0, [("file", "binary data, not text", None)]),
    "04_utf16_bom.txt": ("ok", "utf-16", 6, 11, []),
    "05_utf8_bom.txt": ("ok", "utf-8", 6, 11, []),
    "06_cp1258.txt": ("ok", "cp1258", 6, 11, []),
    "07_nfd.txt": ("ok", "utf-8", 6, 11, []),
    "08_crlf.txt": ("ok", "utf-8", 6, 11, []),
    "09_nul_bytes.txt": ("ok", "utf-8", 6, 11, []),
    "10_truncated.txt": ("ok", "utf-8", 5, 9, [("row", "file ends inside this row", 16)]),
    "11_no_table.txt": ("unrecognized", "utf-8", 0, 0, [("file", "no table in a known layout", None)]),
    "12_unknown_tokens.txt": ("ok", "utf-8", 6, 8, [("cell", "value not understood", 10), ("cell", "value not understood", 11),
                                                    ("cell", "value not understood", 11)]),
    "13_malformed_numbers.txt": ("ok", "utf-8", 6, 8, [("cell", "value not understood", 10),
                                                       ("cell", "value not understood", 14),
                                                       ("cell", "value not understood", 14)]),
    "14_years_out_of_range.txt": ("no_targets", "utf-8", 6, 0, [("cell", "year 2019 outside 2020–2050", 10),
                                                        ("cell", "year 2099 outside 2020–2050", 10)]
                                                       + [("cell", "year", line) for line in (11, 11, 12, 14, 14, 15, 15, 16, 16)]),
    "15_dup_a.txt": ("ok", "utf-8", 6, 11, []),
    "16_dup_b.txt": ("duplicate", None, 0, 0, [("file", "same bytes as 15_dup_a.txt", None)]),
    "17_numbering_gaps.txt": ("ok", "utf-8", 5, 10, [("row", "source_gap: row 3 has a number but no indicator text", 12),
                                                     ("row", "target values in a row with no row number", 14)]),
}


@pytest.fixture(scope="module")
def corpus() -> dict[str, PlanExtraction]:
    return {e.plan["source_file"]: e for e in extract_all(discover_plans(BAD), {})}


def test_the_corpus_is_what_the_expectations_cover() -> None:
    assert sorted(p.name for p in discover_plans(BAD)) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_bad_file_has_its_expected_outcome(corpus: dict[str, PlanExtraction], name: str) -> None:
    status, encoding, n_indicators, n_targets, problems = EXPECTED[name]
    e = corpus[name]
    assert (e.plan["status"], e.plan.get("encoding"), len(e.indicators), len(e.targets)) == (
        status, encoding, n_indicators, n_targets)
    assert [(p.kind, p.line_start) for p in e.problems] == [(k, line) for k, _, line in problems]
    for p, (_, reason, _) in zip(e.problems, problems):
        assert p.reason.startswith(reason) and p.source_file == name
        assert str(p).startswith(name + (f":{p.line_start}" if p.line_start else ":"))
    book = ledger(e)
    assert book["rows_seen"] == book["indicators"] + book["rows_merged"] + book["rows_quarantined"]
    assert book["cells_seen"] == book["targets"] + book["cells_quarantined"]


_SAME = ("row_ref", "section_code", "indicator_name", "year", "comparator", "value", "value_max", "value_text", "unit",
         "unit_raw", "raw_text", "responsible_agency", "line_start", "line_end", "flags")


@pytest.mark.parametrize("name", ["04_utf16_bom.txt", "05_utf8_bom.txt", "06_cp1258.txt", "07_nfd.txt",
                                  "08_crlf.txt", "09_nul_bytes.txt"])
def test_decodable_variants_read_exactly_like_the_base(corpus: dict[str, PlanExtraction], name: str) -> None:
    def rows(e: PlanExtraction) -> list[tuple]:
        return [tuple(t[k] for k in _SAME) for t in e.targets]
    assert rows(corpus[name]) == rows(corpus["00_base.txt"])
    assert corpus[name].plan["issuer"] == "Ủy ban nhân dân tỉnh Thử Nghiệm"


def test_a_numbering_jump_flags_the_row_after_it(corpus: dict[str, PlanExtraction]) -> None:
    e = corpus["17_numbering_gaps.txt"]
    assert [(i["row_ref"], "source_gap" in i["flags"]) for i in e.indicators] == [
        ("1", False), ("2", False), ("5", True), ("7", True), ("6", False)]
    assert e.accounting.source_gaps == 3


def test_a_50_mb_file_is_quarantined_without_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    line = (BAD / "00_base.txt").read_bytes()
    with big.open("wb") as fh:
        for _ in range(50 * 2**20 // len(line) + 1):
            fh.write(line)
    assert big.stat().st_size > MAX_BYTES
    started = time.monotonic()
    [e] = extract_all([big], {})
    assert time.monotonic() - started < 10
    assert e.plan["status"] == "unrecognized" and e.targets == []
    assert [str(p) for p in e.problems] == ["big.txt: file is 50 MB, over the 20 MB limit for a plan"]


def test_the_corpus_publishes_through_the_graph(tmp_path: Path) -> None:
    raw = Path(shutil.copytree(BAD, tmp_path / "raw"))
    paths = PipelinePaths(raw_dir=str(raw), published_dir=str(tmp_path / "pub"), overrides_file=str(tmp_path / "none.csv"))
    result = run_graph(paths)
    assert result.success and failed_checks(result) == []
    latest = tmp_path / "pub" / "latest"
    plans = {r["source_file"]: r for r in pq.read_table(latest / "plans.parquet").to_pylist()}
    assert {f: plans[f]["status"] for f in EXPECTED} == {f: exp[0] for f, exp in EXPECTED.items()}
    raw_plan_ids = {p["plan_id"] for p in plans.values() if p["source_file"] in EXPECTED}
    quarantine = [q for q in pq.read_table(latest / "quarantine.parquet").to_pylist() if q["plan_id"] in raw_plan_ids]
    assert sorted((q["source_file"], q["kind"], q["line_start"]) for q in quarantine) == sorted(
        (f, kind, line) for f, exp in EXPECTED.items() for kind, _, line in exp[4])
    assert all(q["reason"] and q["plan_id"] in {p["plan_id"] for p in plans.values()} for q in quarantine)
    targets = [t for t in pq.read_table(latest / "targets.parquet").to_pylist() if t["plan_id"] in raw_plan_ids]
    assert len(targets) == sum(exp[3] for exp in EXPECTED.values())
    [extracted] = result.asset_materializations_for_node("plan_extractions")
    cells = [[c.strip() for c in line.split("|")[1:5]] for line in extracted.metadata["problem_list"].value.splitlines()]
    assert ["16_dup_b.txt", "file", "", "same bytes as 15_dup_a.txt: published once, under that file"] in cells
    assert ["10_truncated.txt", "row", "16-16", "file ends inside this row (cut off)"] in cells


def test_extraction_never_raises_on_the_corpus() -> None:
    for path in discover_plans(BAD):
        extract_plan(path, {})
