"""How long one 70-page gazette PDF takes to read (target: under 10 s on one core).

A gazette issue is mostly prose (decisions, plan body) with the indicator
appendix as ruled tables near the end. The benchmark builds one like it:
prose pages with the seed plans' text, then plan 004's indicator table
(ten ruled pages), 70 pages in all; it then times `extract_plan` on it in
this process (CPU time, one core: extraction is single-threaded).

Run: `.venv/bin/python -m bench.pdf_speed [PAGES]` (needs reportlab, a dev
dependency, and Debian's fonts-dejavu-core).
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

from pipeline.extract import extract_plan
from pipeline.text_io import read_lines
from tests.fixtures.documents import make_fixtures as fx

ROOT = Path(__file__).resolve().parent.parent


def build(path: Path, pages: int) -> int:
    """Write the gazette-like PDF; its page count."""
    fx._fonts()
    style = ParagraphStyle("body", fontName="DejaVu", fontSize=11, leading=15)
    prose = [line for line in read_lines(ROOT / "data" / "raw" / "004_7ffbc6da0806170f.txt") if line.strip()]
    width = A4[0] - 40 * mm
    table = fx._pdf_story(fx.load_plan("004"), width, two_level=False, merge_agency=True, ruled=True,
                          col_share=fx._shares(fx.load_plan("004").header))
    story: list = []
    per_page = 42
    for page in range(pages - 10):
        chunk = prose[(page * per_page) % len(prose):][:per_page]
        story += [Paragraph(line.replace("&", "&amp;").replace("<", "&lt;"), style) for line in chunk] + [PageBreak()]
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, invariant=1)
    doc.build(story + table)
    import pypdfium2 as pdfium

    return len(pdfium.PdfDocument(str(path)))


def main(pages: int = 70) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "gazette.pdf"
        n = build(path, pages)
        start, wall = time.process_time(), time.perf_counter()
        extraction = extract_plan(path, {})
        cpu, elapsed = time.process_time() - start, time.perf_counter() - wall
        print(f"{n} pages, {path.stat().st_size / 1e6:.1f} MB: layout={extraction.plan['layout']} "
              f"targets={len(extraction.targets)} cpu={cpu:.2f}s wall={elapsed:.2f}s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 70)
