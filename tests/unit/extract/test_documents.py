"""PDF and Word plans (tests/fixtures/documents/): the seed plans rendered as documents score like their text.

The fixtures are made by `make_fixtures.py` beside them from the seeds'
indicator tables; each document's answer file is the seed's gold with `doc`
renamed. Bad documents each have one asserted outcome: quarantined with the
reason, nothing guessed.
"""
from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from assets.resources import PROJECT_ROOT
from pipeline.extract.reading import extract_plan
from pipeline.ingest.inventory import discover_plans
from pipeline.link.catalog import load_catalog
from pipeline.link.linking import link_indicators
from pipeline.tables.frames import to_frames
from pipeline.tables.quarantine import ledger
from tests.oracles import build_graphs, to_networkx
from tests.paths import FIXTURES
from tests.scoring import FIELDS, read_gold, score

DOCUMENTS = FIXTURES / "documents"
DOCS = DOCUMENTS / "docs"
BAR = 0.98
SILENT_BAR = 0.01
_PDF_LOCATOR = re.compile(r"^p\.\d+ \d+,\d+,\d+,\d+(; p\.\d+ \d+,\d+,\d+,\d+)*$")
_DOCX_LOCATOR = re.compile(r"^table \d+, rows? \d+(-\d+)?, cells? \d+(-\d+)?$")

# document → layout that reads it
DRAWN = {
    "plan000_landscape.pdf": "pdf_tables",  # landscape pages, two-level header repeated on each page
    "plan002_merged.pdf": "pdf_tables",  # merged agency cells, a row cut by a page break, repeated header
    "plan004_blocks.pdf": "pdf_tables",  # year blocks as full-width rows, table over ten pages
    "plan004_gazette.pdf": "pdf_tables",  # the same under a gazette's two-line running header and page footer
    "plan000_unruled_gazette.pdf": "pdf_words",  # no rules, running header and footer kept out of the rows
    "plan000.docx": "docx_tables",
    "plan002.docx": "docx_tables",
    "plan004.docx": "docx_tables",
}


@pytest.mark.parametrize("name", sorted(DRAWN))
def test_rendered_seed_meets_the_bars(name: str) -> None:
    extraction = extract_plan(DOCS / name, {})
    report = score(read_gold(DOCUMENTS / "gold" / f"{Path(name).stem}.csv"), extraction.targets)
    detail = "\n".join(report.misses[:20])
    assert extraction.plan["layout"] == DRAWN[name]
    assert report.recall >= BAR, detail
    assert report.precision >= BAR, detail
    for field in FIELDS:
        assert report.accuracy(field) >= BAR, f"{field}\n{detail}"
    assert report.silent_error_rate <= SILENT_BAR, detail
    assert not extraction.problems


@pytest.mark.parametrize("name", sorted(DRAWN))
def test_document_rows_point_at_pages_or_cells_not_lines(name: str) -> None:
    extraction = extract_plan(DOCS / name, {})
    pattern = _PDF_LOCATOR if name.endswith(".pdf") else _DOCX_LOCATOR
    for row in extraction.indicators + extraction.targets:
        assert row["line_start"] is None and row["line_end"] is None
        assert pattern.match(row["source_locator"]), row["source_locator"]


def test_row_cut_by_a_page_break_is_one_row_over_two_pages() -> None:
    targets = {t["row_ref"]: t for t in extract_plan(DOCS / "plan002_merged.pdf", {}).targets}
    cut = targets["35"]
    assert cut["indicator_name"].endswith("giải ngân và sản phẩm")
    assert re.match(r"^p\.2 .*; p\.3 ", cut["source_locator"])
    assert "" not in targets


def test_merged_agency_cell_is_given_to_every_row_and_flagged() -> None:
    for name in ("plan002_merged.pdf", "plan002.docx"):
        targets = {t["row_ref"]: t for t in extract_plan(DOCS / name, {}).targets}
        for ref in ("1", "2"):
            assert targets[ref]["responsible_agency"] == "Đảng ủy UBND tỉnh"
            assert "agency_from_merged_cell" in targets[ref]["flags"]
        assert targets["3"]["responsible_agency"] == "Đảng ủy Công an tỉnh"
        assert "agency_from_merged_cell" not in targets["3"]["flags"]


def test_repeated_headers_are_dropped_and_pages_joined() -> None:
    extraction = extract_plan(DOCS / "plan000_landscape.pdf", {})
    assert {t["source_locator"][:3] for t in extraction.targets} == {"p.1", "p.2", "p.3"}
    assert not any(t["indicator_name"].startswith(("STT", "Chỉ tiêu")) for t in extraction.targets)
    assert len({t["indicator_id"] for t in extraction.targets}) == len(extraction.indicators)


def test_table_without_rules_is_read_from_word_positions() -> None:
    """No rules: the header line gives the columns, each word goes to the column it starts in, and a number in
    the STT column starts a row; wrapped cells are joined. Scored against the seed's gold like the others."""
    extraction = extract_plan(DOCS / "plan000_unruled.pdf", {})
    report = score(read_gold(DOCUMENTS / "gold" / "plan000_unruled.csv"), extraction.targets)
    assert extraction.plan["layout"] == "pdf_words"
    assert report.recall >= 0.98 and report.precision >= 0.98 and report.silent == 0
    assert all(report.accuracy(f) >= 0.98 for f in FIELDS)
    assert all(_PDF_LOCATOR.match(t["source_locator"]) for t in extraction.targets)


# document → start of the quarantine reason
BAD = {
    "scan.pdf": "PDF has no text layer",
    "broken_font.pdf": "PDF text layer decodes to garbage",
    "encrypted.pdf": "PDF is encrypted",
    "truncated.pdf": "PDF is damaged or not a PDF",
    "damaged.docx": "Word file is damaged or not a .docx",
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_unreadable_document_is_quarantined_with_its_reason(name: str) -> None:
    extraction = extract_plan(DOCUMENTS / "bad" / name, {})
    assert extraction.plan["status"] == "unrecognized"
    assert not extraction.targets and not extraction.indicators
    [problem] = extraction.problems
    assert problem.kind == "file" and problem.source_file == name
    assert problem.reason.startswith(BAD[name]), problem.reason
    assert ledger(extraction)["files_quarantined"] == 1


def test_documents_are_discovered_next_to_text_plans() -> None:
    assert {p.name for p in discover_plans(DOCS)} == {p.name for p in DOCS.iterdir()}


def test_document_rows_publish_and_draw_lineage_from_their_locator() -> None:
    extractions = [extract_plan(DOCS / n, {}) for n in ("plan002_merged.pdf", "plan002.docx")]
    frames = to_frames(extractions)
    targets = frames["targets"]
    assert targets["line_start"].isna().all() and targets["source_locator"].notna().all()
    catalog = load_catalog(PROJECT_ROOT / "data" / "catalog")
    links = pd.DataFrame(link_indicators(frames["indicators"], targets, catalog))
    plans = frames["plans"].assign(level=None, issuer=None, doc_number=None, issued_date=None)
    graphs = [to_networkx(g) for g in build_graphs(plans, frames["indicators"], targets, links, catalog, {}).values()]
    where = {d["source_locator"] for g in graphs for _, d in g.nodes(data=True) if d["kind"] == "lines"}
    assert set(frames["indicators"]["source_locator"]) | set(targets["source_locator"]) == where
    for g in graphs:
        for node, data in g.nodes(data=True):
            if data["kind"] == "published":
                assert any(g.nodes[a]["kind"] == "lines" for a in nx.ancestors(g, node))
