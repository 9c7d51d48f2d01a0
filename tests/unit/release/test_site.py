"""The indicator browser in headless Chromium, served by a plain file server: loads clean, searches indicators
and plans, names plans, explains flags, lists findings, draws.

Two sites are served: the seed release exactly as `make run` makes it, and a site built from the same tables
with a consistency table and per-target measures written here, in the columns the pages read.
Screenshots go to tests/artifacts/ (not committed) for a person to look at.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from pipeline.link.concept_values import with_targets
from pipeline.metadata.columns import FINDING_RULES, FLAGS, LEVELS, SEVERITIES
from pipeline.metadata.units import MEASURES, UNITS
from pipeline.release.site import (
    MEASURE_NAMES,
    RULE_NAMES,
    SEVERITY_NAMES,
    UNIT_NAMES,
    build_site,
    count_text,
    kind_text,
    plan_label,
)
from tests.browser import WatchedPage, chromium, chromium_binary, file_server
from tests.paths import ARTIFACTS

needs_chromium = pytest.mark.skipif(chromium_binary() is None,
                                    reason="chromium is not installed (.ci/run installs it)")
HASH = re.compile(r"[0-9a-f]{16}")
YEAR_UNCERTAIN = next(f for f in FLAGS if f.name == "year_uncertain")
#: A seed concept with a `year_uncertain` target and targets from several plans.
FLAGGED = "coverage_5g"
#: A seed concept whose plans state it in %, % GRDP and % GDP.
SHARE = "digital_economy_share"


def _tables(release: Path) -> dict[str, pd.DataFrame]:
    return {n: pd.read_parquet(release / f"{n}.parquet")
            for n in ("plans", "targets", "catalog", "catalog_links", "concept_values", "consistency")}


def _findings(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Two findings on `FLAGGED`, in the consistency table's columns (one row per rule, concept and pair of
    plans)."""
    values = frames["concept_values"]
    targets = with_targets(values[values["catalog_id"] == FLAGGED], frames["targets"], ["plan_id", "flags"])
    flagged = targets[targets["flags"].map(lambda f: "year_uncertain" in f)].iloc[0]
    national = frames["plans"].loc[frames["plans"]["level"] == "national", "plan_id"]
    other = targets[(targets["plan_id"] != flagged["plan_id"]) & ~targets["plan_id"].isin(national)].iloc[-1]
    rows = [
        ("plans_disagree", "warning", flagged["plan_id"], other["plan_id"], "2025, 2030", 0.6, flagged["target_id"],
         other["target_id"], "Two plans of one province set targets for the same years that cannot both hold.",
         "Hai kế hoạch của một tỉnh đặt mục tiêu cùng năm không thể cùng đạt."),
        ("decreasing_over_years", "info", other["plan_id"], None, "2030, 2035", None, other["target_id"], None,
         "The plan sets a lower target for a later year.", "Kế hoạch đặt mục tiêu năm sau thấp hơn năm trước."),
    ]
    columns = ["rule", "severity", "plan_id", "other_plan_id", "years", "gap", "target_id", "other_target_id",
               "explanation_en", "explanation_vi"]
    found = pd.DataFrame(rows, columns=columns)
    return found.assign(finding_id=[f"f{i}" for i in range(len(found))], catalog_id=FLAGGED)


def _write_site(frames: dict[str, pd.DataFrame], release: Path, folder: Path) -> None:
    lineage = {f"lineage/{p.name}": p for p in (release / "lineage").glob("*.svg")}
    files = build_site(frames, lineage, folder / "store", {p: "seed" for p in frames["plans"]["plan_id"]})
    for name, content in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content.read_bytes() if isinstance(content, Path) else content)


@pytest.fixture(scope="module")
def server(portal_release: Path) -> Iterator[str]:
    with file_server(portal_release) as url:
        yield url


@pytest.fixture(scope="module")
def patched_server(portal_release: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The seed release's site drawn again with `_findings`."""
    frames = _tables(portal_release)
    frames["consistency"] = _findings(frames)
    folder = tmp_path_factory.mktemp("patched_site")
    _write_site(frames, portal_release, folder)
    with file_server(folder) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[WatchedPage]:
    with chromium() as b:
        yield WatchedPage(b)


def _visible_ids(browser: WatchedPage) -> list[str]:
    return browser.page.eval_on_selector_all("li.indicator:not([hidden])", "ls => ls.map(l => l.dataset.id)")


def _search(browser: WatchedPage, text: str) -> list[str]:
    browser.page.fill("#search", text)
    return _visible_ids(browser)


def _visible_plans(browser: WatchedPage) -> list[str]:
    return browser.page.eval_on_selector_all("tr.plan:not([hidden]) .plan-label", "ls => ls.map(l => l.textContent)")


def test_words_for_plans_counts_and_vocabularies() -> None:
    """Plans are named by issuer and number, title, or level in words, never by id; counts agree in number."""
    plan = {"plan_id": "000_e9c5a55a8f86a682", "title": None, "issuer": None, "doc_number": None,
            "level": "province", "province": None}
    assert plan_label({**plan, "plan_id": "57-NQ-TW", "issuer": "Bộ Chính trị", "doc_number": "57-NQ/TW",
                       "level": "national"}) == "Bộ Chính trị (57-NQ/TW)"
    assert plan_label(plan) == "Kế hoạch cấp tỉnh (chưa rõ cơ quan ban hành) / Provincial plan (issuer not stated)"
    long_title = "Kế hoạch thực hiện Nghị quyết số 57-NQ/TW " + "về đột phá phát triển khoa học, công nghệ " * 4
    label = plan_label({**plan, "title": long_title})
    assert label.endswith("…") and len(label) <= 91 and long_title.startswith(label[:-1])
    assert count_text(1, "kế hoạch", "plan", "plans") == "1 kế hoạch / 1 plan"
    assert count_text(2, "kế hoạch", "plan", "plans") == "2 kế hoạch / 2 plans"
    assert kind_text("department") == "Kế hoạch cấp sở / Department plan" and all(kind_text(lv) for lv in LEVELS)
    assert (set(UNIT_NAMES), set(MEASURE_NAMES)) == (set(UNITS), set(MEASURES))
    assert (set(RULE_NAMES), set(SEVERITY_NAMES)) == (set(FINDING_RULES), set(SEVERITIES))


def test_pages_build_with_no_findings(portal_release: Path, tmp_path: Path) -> None:
    """A consistency table with no row draws every page, each saying there is no finding."""
    frames = _tables(portal_release)
    frames["consistency"] = _findings(frames).iloc[0:0]
    _write_site(frames, portal_release, tmp_path)
    page = (tmp_path / "site" / "indicator" / f"{FLAGGED}.html").read_text(encoding="utf-8")
    assert 'class="no-findings"' in page and 'class="finding ' not in page


@needs_chromium
def test_index_lists_every_pillar_and_search_ignores_diacritics(server: str, browser: WatchedPage) -> None:
    page = browser.open(f"{server}/site/index.html")
    assert browser.errors == []
    assert page.locator("section.pillar").count() == 6
    total = len(_visible_ids(browser))
    assert total > 100
    assert _search(browser, "phu song 5G") == ["coverage_5g"]
    assert page.inner_text("#search-count") == f"1 / {total}"
    browser.screenshot(ARTIFACTS / "site_index_search.png", full_page=False)
    assert "pii_rank" in _search(browser, "Chỉ số đổi mới sáng tạo")
    assert browser.errors == []


@needs_chromium
def test_search_finds_plans_by_province_issuer_and_number(server: str, browser: WatchedPage) -> None:
    """A province, an issuer or a document number shows the indicators its plans set targets for, and the plans."""
    page = browser.open(f"{server}/site/index.html")
    quang_tri = _search(browser, "Quảng Trị")
    assert len(quang_tri) > 0 and _visible_plans(browser) == ["UBND tỉnh Quảng Trị"]
    expected = page.get_attribute("tr.plan:not([hidden])", "data-concepts").split()
    assert sorted(quang_tri) == sorted(expected)
    browser.screenshot(ARTIFACTS / "site_index_search_plan.png", full_page=False)
    assert _search(browser, "quang tri") == quang_tri
    assert len(_search(browser, "Sở Khoa học và Công nghệ")) > 0
    assert _visible_plans(browser) == ["Sở Khoa học và Công nghệ (30/KH-SKHCN)"]
    assert len(_search(browser, "30/KH-SKHCN")) > 0
    assert _visible_plans(browser) == ["Sở Khoa học và Công nghệ (30/KH-SKHCN)"]
    _search(browser, "phu song 5G")  # an indicator's name lists the plans that set it
    assert len(_visible_plans(browser)) == int(page.inner_text("li.indicator[data-id=coverage_5g] .count").split()[0])
    assert browser.errors == []


@needs_chromium
def test_index_names_plans_and_counts_in_words(server: str, browser: WatchedPage) -> None:
    page = browser.open(f"{server}/site/index.html")
    labels = _visible_plans(browser)
    assert "Bộ Chính trị (57-NQ/TW)" in labels and not [lab for lab in labels if HASH.search(lab)]
    counts = page.eval_on_selector_all("li.indicator .count", "ls => ls.map(l => l.textContent)")
    assert "1 kế hoạch / 1 plan" in counts and any(c.endswith(" plans") and not c.startswith("1 ") for c in counts)
    assert "1 plans" not in page.inner_text("body")


@needs_chromium
def test_indicator_page_draws_plans_national_target_findings_and_lineage(server: str, browser: WatchedPage,
                                                                          portal_release: Path) -> None:
    page = browser.open(f"{server}/site/indicator/{SHARE}.html")
    assert browser.errors == []
    facts = page.evaluate("""() => ({
        charts: document.querySelectorAll('#charts svg[data-key]').length,
        points: document.querySelectorAll('#charts .point').length,
        national: document.querySelectorAll('#charts g.national .point').length,
        plans: new Set(Array.from(document.querySelectorAll('#charts g.series')).map(g => g.dataset.plan)).size,
        series: document.querySelectorAll('#charts g.series').length,
        legend: document.querySelectorAll('#charts .legend li:not(.uncertain)').length,
        lineageWidth: document.querySelector('#lineage svg').getBoundingClientRect().width,
        lineageShapes: document.querySelectorAll('#lineage svg :is(rect, polygon, ellipse, path)').length,
        title: document.querySelector('h1').textContent,
        drawable: JSON.parse(document.getElementById('indicator-data').textContent).series
            .flatMap(s => s.targets).filter(t => t.value !== null && t.comparable !== false).length,
    })""")
    assert facts["charts"] >= 1 and facts["national"] >= 1 and facts["plans"] >= 4
    assert facts["points"] == facts["drawable"]
    assert facts["legend"] == facts["series"]
    assert facts["lineageWidth"] > 300 and facts["lineageShapes"] > 5
    assert facts["title"].startswith("Quy mô kinh tế số trong GRDP")  # Vietnamese text arrives intact
    findings = pd.read_parquet(portal_release / "consistency.parquet")
    assert page.locator("#findings li.finding").count() == int((findings["catalog_id"] == SHARE).sum()) > 0
    browser.screenshot(ARTIFACTS / "site_digital_economy_share.png")


@needs_chromium
def test_every_indicator_page_loads_without_errors_and_names_no_plan_by_id(server: str, browser: WatchedPage,
                                                                            portal_release: Path) -> None:
    pages = sorted((portal_release / "site" / "indicator").glob("*.html"))
    assert len(pages) > 100
    for path in pages:
        page = browser.open(f"{server}/site/indicator/{path.name}")
        assert browser.errors == [], path.name
        names = page.eval_on_selector_all(".plan-label, #charts .legend li",
                                          "ls => ls.map(l => l.textContent)")
        assert not [n for n in names if HASH.search(n)], path.name
    page = browser.open(f"{server}/site/indicator/{FLAGGED}.html")
    assert page.locator("#charts .point").count() >= 5  # 5G only: the 6G years of "5G/6G" rows are on the 6G page
    browser.screenshot(ARTIFACTS / "site_coverage_5g.png", full_page=False)


@needs_chromium
def test_flags_column_explains_year_uncertain(server: str, browser: WatchedPage) -> None:
    """A flag in the targets table shows its meaning, in both languages, on hover."""
    page = browser.open(f"{server}/site/indicator/{FLAGGED}.html")
    flag = page.locator("table.targets td.flags .flag[data-flag=year_uncertain]").first
    tip = flag.locator(".tip")
    assert flag.is_visible() and not tip.is_visible()
    flag.hover()
    assert tip.is_visible()
    assert tip.inner_text().split() == f"{YEAR_UNCERTAIN.vi} {YEAR_UNCERTAIN.en}".split()
    assert YEAR_UNCERTAIN.en in page.inner_text(".flags-legend")
    assert page.locator("#charts .point.uncertain").count() > 0 and page.locator("#charts .legend li.uncertain").count() == 1


@needs_chromium
def test_concept_page_lists_findings_with_plan_names(patched_server: str, browser: WatchedPage) -> None:
    page = browser.open(f"{patched_server}/site/indicator/{FLAGGED}.html")
    assert browser.errors == []
    findings = page.locator("#findings li.finding")
    assert findings.count() == 2
    first = findings.first.text_content()
    assert "Cảnh báo / Warning" in first and "Các kế hoạch không khớp nhau / Plans disagree" in first
    assert "Năm / Years: 2025, 2030" in first and not HASH.search(page.inner_text("#findings"))
    assert findings.first.locator(".plan-label").count() == 2 and findings.nth(1).locator(".plan-label").count() == 1
    assert page.locator("#findings .finding.info").count() == 1
    page.locator(".flag[data-flag=year_uncertain]").first.hover()
    browser.screenshot(ARTIFACTS / "site_concept_flags_findings.png")
    page = browser.open(f"{patched_server}/site/indicator/coverage_6g.html")
    assert page.locator("#findings li.finding").count() == 0 and page.locator("#findings .no-findings").is_visible()


@needs_chromium
def test_charts_group_by_measure_and_leave_out_values_not_compared(server: str, browser: WatchedPage) -> None:
    """%, % GRDP and % GDP of one concept share a chart, each series named with its unit; a value that is not
    compared is no point, only a table row with its note."""
    page = browser.open(f"{server}/site/indicator/{SHARE}.html")
    assert browser.errors == []
    chart = page.locator("#charts svg[data-key]")
    assert chart.count() == 1 and chart.get_attribute("data-key") == "share"
    assert set(chart.get_attribute("data-units").split()) == {"percent", "percent_of_grdp", "percent_of_gdp"}
    legend = page.eval_on_selector_all("#charts .legend li", "ls => ls.map(l => l.textContent)")
    assert any(n.endswith("— % GRDP") for n in legend) and any("— % GDP" in n for n in legend)
    browser.screenshot(ARTIFACTS / "site_share_chart.png", full_page=False)
    page = browser.open(f"{server}/site/indicator/{FLAGGED}.html")
    data = page.evaluate("() => JSON.parse(document.getElementById('indicator-data').textContent).series"
                         ".flatMap(s => s.targets).filter(t => t.value !== null)")
    assert data and not [t for t in data if "6G" in t["raw_text"]]  # 000's "6G (50%)" years are the 6G concept's
    left_out = [t for t in data if not t["comparable"]]
    assert left_out and page.locator("#charts .point").count() == len(data) - len(left_out)
    assert page.locator("#charts .not-drawn").inner_text().startswith(f"{len(left_out)} giá trị")
    row = page.locator(f"tr[data-target='{left_out[0]['target_id']}']")
    assert left_out[0]["note"] in row.inner_text()
