"""How fast PDFs are read: a synthetic 70-page gazette, and the real gazette PDFs of `../shared/corpus`.

Targets: the synthetic gazette under 10 s on one core; a real gazette PDF at
most 0.1 s of CPU per page.

A gazette issue is mostly prose (decisions, plan body) with the indicator
appendix as ruled tables near the end. The synthetic benchmark builds one
like it: prose pages with the seed plans' text, then plan 004's indicator
table (ten ruled pages), 70 pages in all; it then times `extract_plan` on it
in this process (CPU time, one core: extraction is single-threaded).

Synthetic pages read several times faster than real gazette pages, so the
real gazette PDFs are timed too: each file's best of `RUNS` runs of
`extract_plan`, CPU seconds in this process after imports (start-up and
imports are paid once per worker, not per file). Real documents are never
committed: they are read from `../shared/corpus` beside the project, and
that part is skipped, saying so, where the folder is missing.

Run: `.venv/bin/python -m bench.pdf_speed [PAGES]` (the synthetic part needs
reportlab, a dev dependency, and Debian's fonts-dejavu-core); the figures are
kept in `bench/RESULTS-pdf.md`.
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import pypdfium2 as pdfium

from pipeline.extract.reading import extract_plan
from pipeline.ingest.text_io import decode_text, split_lines

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
#: CPU seconds per page a real gazette PDF may take at most.
PAGE_BAR = 0.1
#: Runs per real file; the best is kept, as the others only add noise from the machine.
RUNS = 3


def build(path: Path, pages: int) -> int:
    """Write the gazette-like PDF; its page count.

    reportlab and the fixture renderer are imported here, not at the top: timing the real PDFs needs
    neither, so it runs where the dev dependencies or the fixture code are unavailable.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    from tests.fixtures.documents import make_fixtures as fx

    fx._fonts()
    style = ParagraphStyle("body", fontName="DejaVu", fontSize=11, leading=15)
    text = decode_text((ROOT / "data" / "raw" / "004_7ffbc6da0806170f.txt").read_bytes())
    prose = [line for line in split_lines(text) if line.strip()]
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
    return _page_count(path)


def _page_count(path: Path) -> int:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def synthetic(pages: int) -> None:
    """Time one synthetic gazette of `pages` pages."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "gazette.pdf"
        n = build(path, pages)
        start, wall = time.process_time(), time.perf_counter()
        extraction = extract_plan(path, {})
        cpu, elapsed = time.process_time() - start, time.perf_counter() - wall
        print(f"{n} pages, {path.stat().st_size / 1e6:.1f} MB: layout={extraction.plan['layout']} "
              f"targets={len(extraction.targets)} cpu={cpu:.2f}s wall={elapsed:.2f}s")


def best_cpu(path: Path, runs: int = RUNS) -> tuple[float, int]:
    """Least CPU seconds of `runs` extractions of `path`, and the targets the last one found."""
    best, targets = float("inf"), 0
    for _ in range(runs):
        start = time.process_time()
        extraction = extract_plan(path, {})
        best = min(best, time.process_time() - start)
        targets = len(extraction.targets)
    return best, targets


def real(corpus: Path = CORPUS) -> None:
    """Time every PDF of the shared corpus; print a table and the verdict against `PAGE_BAR`."""
    if not corpus.is_dir():
        print(f"real gazette PDFs: skipped, {corpus} is missing (real documents are never committed)")
        return
    paths = sorted(corpus.glob("*.pdf"))
    if not paths:
        print(f"real gazette PDFs: skipped, no PDF in {corpus}")
        return
    print(f"| file | pages | CPU s (best of {RUNS}) | s/page | targets | verdict (≤ {PAGE_BAR} s/page) |")
    print("|---|---|---|---|---|---|")
    worst = 0.0
    for path in paths:
        pages = _page_count(path)
        cpu, targets = best_cpu(path)
        worst = max(worst, cpu / pages)
        print(f"| {path.name} | {pages} | {cpu:.2f} | {cpu / pages:.3f} | {targets} | "
              f"{'PASS' if cpu / pages <= PAGE_BAR else 'FAIL'} |")
    print(f"worst {worst:.3f} s/page: {'PASS' if worst <= PAGE_BAR else 'FAIL'} against {PAGE_BAR} s/page")


def main(pages: int = 70) -> None:
    real()
    synthetic(pages)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 70)
