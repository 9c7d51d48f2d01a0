"""The indicator browser in headless Chromium, served by a plain file server: loads clean, searches, draws.

Screenshots go to tests/artifacts/ (not committed) for a person to look at.
"""
from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser import Browser, chromium_binary

ARTIFACTS = Path(__file__).parent / "artifacts"
pytestmark = pytest.mark.skipif(chromium_binary() is None, reason="chromium is not installed (.ci/run installs it)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(portal_release: Path) -> Iterator[str]:
    """`python -m http.server` on the release folder, as a portal's file server would serve `latest/`."""
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
                            cwd=portal_release, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    b = Browser(chromium_binary())
    yield b
    b.close()


def _visible_ids(browser: Browser) -> list[str]:
    return browser.evaluate("Array.from(document.querySelectorAll('li.indicator:not([hidden])')).map(l => l.dataset.id)")


def test_index_lists_every_pillar_and_search_ignores_diacritics(server: str, browser: Browser) -> None:
    browser.open(f"{server}/site/index.html")
    assert browser.errors == []
    assert browser.evaluate("document.querySelectorAll('section.pillar').length") == 6
    total = len(_visible_ids(browser))
    assert total > 100
    browser.type_text("#search", "phu song 5G")
    assert _visible_ids(browser) == ["coverage_5g"]
    assert browser.evaluate("document.getElementById('search-count').textContent") == f"1 / {total}"
    browser.screenshot(ARTIFACTS / "site_index_search.png", full_page=False)
    browser.evaluate("const s = document.getElementById('search'); s.value = 'Chỉ số đổi mới sáng tạo'; "
                     "s.dispatchEvent(new Event('input'))")
    assert "pii_rank" in _visible_ids(browser)
    assert browser.errors == []


def test_indicator_page_draws_plans_national_target_and_lineage(server: str, browser: Browser) -> None:
    browser.open(f"{server}/site/indicator/digital_economy_share.html")
    assert browser.errors == []
    facts = browser.evaluate("""({
        charts: document.querySelectorAll('#charts svg[data-unit]').length,
        points: document.querySelectorAll('#charts circle.point').length,
        national: document.querySelectorAll('#charts g.national circle.point').length,
        plans: new Set(Array.from(document.querySelectorAll('#charts g.series')).map(g => g.dataset.plan)).size,
        legend: document.querySelectorAll('#legend li').length,
        lineageWidth: document.querySelector('#lineage svg').getBoundingClientRect().width,
        lineageBoxes: document.querySelectorAll('#lineage svg rect').length,
        title: document.querySelector('h1').textContent,
    })""")
    assert facts["charts"] >= 1 and facts["national"] >= 1 and facts["plans"] >= 4
    assert facts["points"] == len(browser.evaluate(
        "JSON.parse(document.getElementById('indicator-data').textContent).series"
        ".flatMap(s => s.targets).filter(t => t.value !== null)"))
    assert facts["legend"] == facts["plans"]
    assert facts["lineageWidth"] > 300 and facts["lineageBoxes"] > 5
    assert facts["title"].startswith("Quy mô kinh tế số trong GRDP")  # Vietnamese text arrives intact
    browser.screenshot(ARTIFACTS / "site_digital_economy_share.png")


def test_every_indicator_page_loads_without_errors(server: str, browser: Browser, portal_release: Path) -> None:
    pages = sorted((portal_release / "site" / "indicator").glob("*.html"))
    assert len(pages) > 100
    for page in pages:
        browser.open(f"{server}/site/indicator/{page.name}")
        assert browser.errors == [], page.name
    browser.open(f"{server}/site/indicator/coverage_5g.html")
    assert browser.evaluate("document.querySelectorAll('#charts circle.point').length") >= 10
    browser.screenshot(ARTIFACTS / "site_coverage_5g.png", full_page=False)
