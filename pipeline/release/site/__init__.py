"""A static indicator browser written into every release as `site/`.

A portal user opens `site/index.html` from any file server, with no internet:
the canonical indicators grouped by pillar and the plans that set targets for
them, with a search box that ignores diacritics and finds an indicator by its
name ("phu song" finds "Tỷ lệ phủ sóng 5G") or by a plan's province, issuer,
number or title ("Quảng Trị" finds the indicators a Quảng Trị plan sets); and
one page per indicator with a chart of its targets over the years for every
plan that sets one, the national target of Resolution 57 where there is one,
the consistency findings about it, the targets as a table with their quality
flags explained, and the indicator's lineage picture.

A plan is always named by `plan_label` (issuer and number, else title, else
its level in words), never by its id: most ids are a hash of the file.

Everything is plain files: the data each page needs sits in the page as JSON
(`<script type="application/json">`), the charts are SVG drawn by one small
script (`static/site.js`), the lineage picture is the release's own SVG
inlined. No CDN, no build step, no framework.
"""
from __future__ import annotations

import html
from collections import Counter
from collections.abc import Collection, Mapping
from importlib.resources import files as package_files
from pathlib import Path

import orjson
import pandas as pd

from pipeline.link.concept_values import with_targets
from pipeline.link.hierarchy import LEVEL_WORDS
from pipeline.link.hierarchy import plan_label as plan_name
from pipeline.metadata import units
from pipeline.metadata.columns import FLAGS, LEVELS
from pipeline.metadata.vocabularies import PILLARS
from pipeline.stores.digests import content_key
from pipeline.stores.files import drop_others, keyed, write_atomic
from pipeline.tables.records import plain_records

SITE_DIR = "site"
#: The plans' section headings, in both languages (the pillar ids are the catalog's).
PILLAR_NAMES: dict[str, tuple[str, str]] = {
    "infrastructure": ("Phát triển hạ tầng", "Infrastructure"),
    "resources": ("Phát triển nguồn lực", "Resources"),
    "science_technology": ("Khoa học, công nghệ", "Science and technology"),
    "innovation_ecosystem": ("Hệ sinh thái đổi mới sáng tạo", "Innovation ecosystem"),
    "digital_transformation": ("Chuyển đổi số", "Digital transformation"),
    "digital_data": ("Dữ liệu số", "Digital data"),
}
#: How a unit reads on a chart and in the table: the series of one chart are told apart by it.
UNIT_NAMES: dict[str, str] = {
    units.PERCENT: "%", units.PERCENT_OF_GRDP: "% GRDP", units.PERCENT_OF_GDP: "% GDP",
    units.COUNT: "số lượng / count", units.SCORE: "điểm / score", units.RANK: "thứ hạng / rank",
    units.DAYS: "ngày / days", units.STATUS: "định tính / status",
}
#: A chart's title when targets carry a `measure` (what one axis can hold).
MEASURE_NAMES: dict[str, str] = {
    units.SHARE: "Tỷ lệ / Share", units.PERCENT_PER_YEAR: "Tăng trưởng mỗi năm / Growth per year",
    units.COUNT: "Số lượng / Count", units.SCORE: "Điểm, chỉ số / Score", units.RANK: "Thứ hạng / Rank",
    units.DAYS: "Số ngày / Days",
}
#: A consistency rule in words (`rule` of table consistency).
RULE_NAMES: dict[str, str] = {
    "below_national": "Thấp hơn mục tiêu quốc gia / Below the national target",
    "plans_disagree": "Các kế hoạch không khớp nhau / Plans disagree",
    "decreasing_over_years": "Giảm dần qua các năm / Decreasing over the years",
}
SEVERITY_NAMES: dict[str, str] = {"warning": "Cảnh báo / Warning", "info": "Thông tin / Info"}
_FLAG_BY_NAME = {f.name: f for f in FLAGS}
_STATIC = ("site.css", "site.js")
_NATIONAL = "national"


def _json_script(element_id: str, data: object) -> str:
    """Data for the page's script; `</` escaped so no value can close the tag."""
    text = orjson.dumps(data, option=orjson.OPT_SORT_KEYS).decode("utf-8").replace("</", "<\\/")
    return f'<script type="application/json" id="{element_id}">{text}</script>'


def _page(title: str, body: str, depth: int) -> str:
    """A page `depth` folders below `site/`, linking the shared stylesheet and script."""
    up = "../" * depth
    return f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title><link rel="icon" href="data:,"><link rel="stylesheet" href="{up}assets/site.css"></head>
<body>{body}<script src="{up}assets/site.js"></script></body></html>
"""


def _number(value: float | None, prefix: str = "") -> str:
    return "" if value is None else f"{prefix}{value:g}"


def count_text(n: int, vi: str, en_one: str, en_many: str) -> str:
    """"1 kế hoạch / 1 plan", "2 kế hoạch / 2 plans": Vietnamese nouns have no plural, English ones do."""
    return f"{n} {vi} / {n} {en_one if n == 1 else en_many}"


def plan_label(plan: Mapping) -> str:
    """How every page names a plan: `hierarchy.plan_label` ("Issuer (number)", else its title, else its level in
    words), in one language where the two agree, else "vi / en". Never the plan id: mostly a file's hash."""
    vi, en = plan_name(plan, "vi"), plan_name(plan, "en")
    return vi if vi == en else f"{vi} / {en}"


def kind_text(level: str | None) -> str:
    """"Kế hoạch cấp tỉnh / Provincial plan": a plan's level in words (empty where the registry is silent)."""
    if level is None:
        return ""
    vi, en = LEVEL_WORDS[level]
    return f"Kế hoạch {vi} / {en} plan"


def plan_detail(plan: Mapping) -> str:
    """A plan's tooltip: what the registry knows of it, the full title and the plan id for a data officer."""
    facts = [plan.get(f) for f in ("issuer", "doc_number", "issued_date", "province")]
    lines = [plan.get("title"), " · ".join(str(f) for f in facts if f), f"plan_id: {plan['plan_id']}"]
    return "\n".join(line for line in lines if line)


def _plans_info(plans: pd.DataFrame) -> dict[str, dict]:
    """plan_id → what the pages show of a plan: its label and tooltip, its level, whether it is national."""
    fields = ["plan_id", "title", "issuer", "level", "doc_number", "issued_date", "province"]
    return {p["plan_id"]: {**p, "label": plan_label(p), "kind": kind_text(p["level"]), "detail": plan_detail(p),
                           "national": p["level"] == _NATIONAL}
            for p in plain_records(plans, fields)}


def _plan_span(plan: Mapping) -> str:
    return f'<span class="plan-label" title="{html.escape(plan["detail"])}">{html.escape(plan["label"])}</span>'


_TARGET_FIELDS = ("target_id", "indicator_name", "year", "comparator", "value", "value_max", "value_text", "unit",
                  "raw_text", "flags")
#: Per target, as its concept reads it (table concept_values): what a chart can hold (`measure`), and whether
#: the value is compared at all (`comparable`, with the `note` saying why not).
_CONCEPT_FIELDS = ("measure", "comparable", "note")


def _linked_targets(frames: Mapping[str, pd.DataFrame], concepts: Collection[str]) -> pd.DataFrame:
    """Every target whose value states one of `concepts`, with its concept, in the concept values' order."""
    values = frames["concept_values"]
    values = values.loc[values["catalog_id"].isin(list(concepts)), ["target_id", "catalog_id", *_CONCEPT_FIELDS]]
    shown = with_targets(values, frames["targets"], ["plan_id", *_TARGET_FIELDS])
    return shown.assign(comparable=shown["comparable"] == "yes")


def _series_by_concept(targets: pd.DataFrame, plans: Mapping[str, dict]) -> dict[str, list[dict]]:
    """Catalog id → its chart series (one per plan, the national plan first), from one pass over
    `_linked_targets` (sorted by plan, year and target): filtering the targets per page would scan every
    target once per concept."""
    grouped: dict[str, dict[str, list[dict]]] = {}
    fields = [c for c in targets.columns if c != "indicator_id"]
    for t in plain_records(targets, fields):
        concept, plan_id = t.pop("catalog_id"), t.pop("plan_id")
        t["flags"] = list(t["flags"])
        grouped.setdefault(concept, {}).setdefault(plan_id, []).append(t)
    out: dict[str, list[dict]] = {}
    for concept, by_plan in grouped.items():
        series = [{"plan_id": plan_id, "label": plans[plan_id]["label"], "detail": plans[plan_id]["detail"],
                   "level": plans[plan_id]["level"], "national": plans[plan_id]["national"], "targets": rows}
                  for plan_id, rows in by_plan.items()]
        out[concept] = sorted(series, key=lambda s: (not s["national"], s["label"], s["plan_id"]))
    return out


_FINDING_FIELDS = ("catalog_id", "rule", "severity", "plan_id", "other_plan_id", "years", "explanation_en",
                   "explanation_vi")


def _findings_by_concept(consistency: pd.DataFrame, plans: Mapping[str, dict]) -> dict[str, list[dict]]:
    """Catalog id → its consistency findings as a page shows them: warnings first, plans by their labels."""
    out: dict[str, list[dict]] = {}
    for f in plain_records(consistency, _FINDING_FIELDS):
        f["plans"] = [plans[p] for p in (f["plan_id"], f["other_plan_id"]) if p]
        out.setdefault(f.pop("catalog_id"), []).append(f)
    for findings in out.values():
        findings.sort(key=lambda f: (f["severity"] != "warning", f["rule"], [p["label"] for p in f["plans"]],
                                     f["years"] or ""))
    return out


def indicator_data(entry: Mapping, series: list[dict]) -> dict:
    """What one indicator page's script draws: its catalog entry and, per plan, the targets of the indicators
    linked to it, with the words for units and measures."""
    return {"catalog_id": entry["catalog_id"], "name_vi": entry["name_vi"], "name_en": entry["name_en"],
            "pillar": entry["pillar"], "preferred_unit": entry["preferred_unit"], "direction": entry["direction"],
            "series": series, "unit_names": UNIT_NAMES, "measure_names": MEASURE_NAMES}


def _grouped(pairs: pd.DataFrame, key: str, value: str) -> dict[str, list[str]]:
    """`key` → the sorted `value`s it is paired with: plan → its concepts, or concept → its plans."""
    return {k: sorted(g) for k, g in pairs.groupby(key)[value]}


def _pairs(frames: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The (plan_id, catalog_id) pairs of the concept values: which plan sets targets for which concept."""
    return frames["concept_values"][["plan_id", "catalog_id"]].drop_duplicates()


def _concept_item(entry: Mapping, n_plans: int) -> str:
    cid = html.escape(entry["catalog_id"])
    return (f'<li class="indicator" data-id="{cid}"><a href="indicator/{cid}.html">{html.escape(entry["name_vi"])}</a>'
            f' <span class="en">{html.escape(entry["name_en"])}</span>'
            f' <span class="count">{count_text(n_plans, "kế hoạch", "plan", "plans")}</span></li>')


#: What a search reads of a plan (as a phrase starting at a word: see `phraseText` in site.js).
_PLAN_SEARCHED = ("label", "kind", "title", "issuer", "doc_number", "province", "plan_id")


def _plans_table(plans: Mapping[str, dict], concepts_of: Mapping[str, list[str]]) -> str:
    """Every plan with how many indicators it sets targets for; the search filters it as it filters indicators
    (each row carries the text a search reads and the concepts it leads to)."""
    order = {level: i for i, level in enumerate(LEVELS)}
    ranked = sorted(plans.values(), key=lambda p: (not p["national"], p["province"] is None, p["province"] or "",
                                                   order.get(p["level"], len(order)), p["label"], p["plan_id"]))
    rows = []
    for p in ranked:
        searched = " ".join(p[f] for f in _PLAN_SEARCHED if p[f])
        concepts = concepts_of.get(p["plan_id"], [])
        rows.append(f'<tr class="plan" data-concepts="{html.escape(" ".join(concepts))}" '
                    f'data-search="{html.escape(searched)}"><td>{_plan_span(p)}</td>'
                    f'<td>{p["kind"]}</td><td>{html.escape(p["province"] or "")}</td>'
                    f'<td>{html.escape(p["issued_date"] or "")}</td><td class="n">{len(concepts)}</td></tr>')
    return ('<table class="plans"><thead><tr><th>Kế hoạch / Plan</th><th>Loại / Kind</th>'
            '<th>Tỉnh, thành / Province</th><th>Ngày ban hành / Issued</th>'
            '<th>Số chỉ tiêu có mục tiêu / Indicators with targets</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def _index_html(catalog: pd.DataFrame, plans: Mapping[str, dict], concepts_of: Mapping[str, list[str]]) -> str:
    n_plans = Counter(c for concepts in concepts_of.values() for c in concepts)
    sections = []
    for pillar in PILLARS:
        rows = catalog[catalog["pillar"] == pillar].sort_values("catalog_id")
        if rows.empty:
            continue
        vi, en = PILLAR_NAMES[pillar]
        items = "".join(_concept_item(r, n_plans[r["catalog_id"]]) for r in rows.to_dict("records"))
        sections.append(f'<section class="pillar" id="{pillar}"><h2>{html.escape(vi)} <span class="en">/ {en}</span>'
                        f'</h2><ul>{items}</ul></section>')
    body = f"""<header><h1>Chỉ tiêu Nghị quyết 57-NQ/TW <span class="en">/ Resolution 57 indicators</span></h1>
<p><label for="search">Tìm chỉ tiêu, kế hoạch, tỉnh hoặc cơ quan ban hành
<span class="en">/ Find an indicator, or a plan by province, issuer, number or title</span></label>
<input id="search" type="search" autocomplete="off"
 placeholder="phủ sóng 5G, R&amp;D, Quảng Trị, Sở Khoa học và Công nghệ, 30/KH-SKHCN…">
<span class="counts" aria-live="polite">Chỉ tiêu / Indicators: <span id="search-count"></span>
· Kế hoạch / Plans: <span id="plan-count"></span></span></p>
<p class="links"><a href="../datapackage.json">Data package</a> ·
<a href="../CHANGES">CHANGES</a> · <a href="../quality/index.html">Báo cáo chất lượng / Data quality</a> ·
<a href="../manifest.json">manifest</a></p></header>
<main><section id="plans"><h2>Kế hoạch <span class="en">/ Plans</span></h2>
<p class="hint">Tìm theo tên tỉnh, cơ quan, số hoặc tên văn bản để xem các chỉ tiêu mà kế hoạch đặt mục tiêu.
<span class="en">Search a province, issuer, number or title to see the indicators a plan sets targets for.</span></p>
<div class="scroll">{_plans_table(plans, concepts_of)}</div></section>
{''.join(sections)}<p id="no-match" hidden>Không tìm thấy chỉ tiêu / No indicator matches.</p></main>"""
    return _page("Chỉ tiêu NQ 57 / Resolution 57 indicators", body, depth=0)


def _flag_badge(name: str) -> str:
    """A flag with its plain-language meaning in a tooltip shown on hover and on keyboard focus."""
    flag = _FLAG_BY_NAME[name]
    return (f'<span class="flag" tabindex="0" data-flag="{name}">{name}<span class="tip" role="tooltip">'
            f'<span lang="vi">{html.escape(flag.vi)}</span> <span lang="en" class="en">{html.escape(flag.en)}</span>'
            f'</span></span>')


def _flags_legend(series: list[dict]) -> str:
    """The flags on the page with their meanings, under the table: readable where nothing can hover."""
    present = {f for s in series for t in s["targets"] for f in t["flags"]}
    items = "".join(f'<dt>{f.name}</dt><dd>{html.escape(f.vi)} <span class="en">{html.escape(f.en)}</span></dd>'
                    for f in FLAGS if f.name in present)
    return f'<dl class="flags-legend"><dt class="head">Cờ chất lượng / Quality flags</dt>{items}</dl>' if items else ""


def _target_row(plan: Mapping, t: Mapping, with_note: bool) -> str:
    note = f"<td>{html.escape(t.get('note') or '')}</td>" if with_note else ""
    return (f'<tr data-target="{html.escape(t["target_id"])}"><td>{_plan_span(plan)}</td><td>{t["year"]}</td>'
            f"<td>{html.escape(t['raw_text'])}</td><td>{html.escape(t['comparator'])}</td>"
            f"<td>{_number(t['value'])}{_number(t['value_max'], '–')}</td><td>{UNIT_NAMES[t['unit']]}</td>"
            f'<td class="flags">{" ".join(_flag_badge(f) for f in t["flags"])}</td>{note}'
            f"<td><code>{html.escape(t['target_id'])}</code></td></tr>")


def _targets_table(series: list[dict]) -> str:
    """The targets as printed, with flags explained and, where any value is not compared, a note saying why."""
    with_note = any(t.get("note") for s in series for t in s["targets"])
    rows = "".join(_target_row(s, t, with_note) for s in series for t in s["targets"])
    note = "<th>Ghi chú / Note</th>" if with_note else ""
    return ('<table class="targets"><thead><tr><th>Kế hoạch / Plan</th><th>Năm / Year</th><th>Như in / As printed</th>'
            f'<th>So sánh</th><th>Giá trị / Value</th><th>Đơn vị / Unit</th><th>Cờ / Flags</th>{note}'
            f'<th>target_id</th></tr></thead><tbody>{rows}</tbody></table>{_flags_legend(series)}')


def _finding_item(f: Mapping) -> str:
    """One finding: how serious, which rule, which years, between which plans, and why, in both languages."""
    years = f' · Năm / Years: {html.escape(f["years"])}' if f["years"] else ""
    return (f'<li class="finding {f["severity"]}" data-rule="{f["rule"]}"><p class="finding-head">'
            f'<span class="severity">{SEVERITY_NAMES[f["severity"]]}</span> <strong>{RULE_NAMES[f["rule"]]}</strong>'
            f'{years}</p><p class="finding-plans">{" ↔ ".join(_plan_span(p) for p in f["plans"])}</p>'
            f'<p lang="vi">{html.escape(f["explanation_vi"])}</p>'
            f'<p lang="en" class="en">{html.escape(f["explanation_en"])}</p></li>')


def _findings_html(findings: list[dict]) -> str:
    if not findings:
        return '<p class="no-findings">Không có phát hiện nào về chỉ tiêu này. <span class="en">No finding.</span></p>'
    return f'<ul class="findings">{"".join(_finding_item(f) for f in findings)}</ul>'


def _indicator_html(data: dict, findings: list[dict], lineage_svg: str | None) -> str:
    picture = (f'<figure id="lineage">{lineage_svg}</figure>' if lineage_svg
               else '<p>Không có đồ thị nguồn gốc / No lineage graph.</p>')
    vi, en = PILLAR_NAMES[data["pillar"]]
    cid = html.escape(data["catalog_id"])
    body = f"""<p><a href="../index.html">← Tất cả chỉ tiêu / All indicators</a></p>
<h1>{html.escape(data['name_vi'])} <span class="en">/ {html.escape(data['name_en'])}</span></h1>
<p class="meta"><code>{cid}</code> · {html.escape(vi)} / {en} · unit / đơn vị:
{html.escape(UNIT_NAMES[data['preferred_unit']])} · better / tốt hơn: {html.escape(data['direction'])}</p>
<h2>Mục tiêu theo năm <span class="en">/ Targets over the years</span></h2>
<div id="charts"></div>
<section id="findings"><h2>Phát hiện về tính nhất quán <span class="en">/ Consistency findings</span></h2>
{_findings_html(findings)}</section>
<h2>Bảng mục tiêu <span class="en">/ Targets</span></h2>
{_targets_table(data['series'])}
<h2>Nguồn gốc <span class="en">/ Lineage</span></h2>
<p>Từ trái sang phải: kế hoạch → tệp → dòng → hàng → mục tiêu → công bố → danh mục.
<span class="en">Left to right: plan → file → lines → row → target → published → catalog.</span>
<a href="../../lineage/{cid}.json">JSON</a> · <a href="../../lineage/{cid}.svg">SVG</a></p>
{picture}
{_json_script('indicator-data', data)}"""
    return _page(f"{data['name_vi']} / {data['name_en']}", body, depth=1)


def build_site(frames: Mapping[str, pd.DataFrame], lineage: Mapping[str, Path], store: Path,
               digests: Mapping[str, str]) -> dict[str, bytes | Path]:
    """The browser's files, release-relative (`site/…`): bytes, or a page kept in `store` to link.

    `frames` needs catalog, concept_values, targets, plans and consistency; `lineage` maps release paths to the
    stored lineage files (`pipeline.lineage.store`); its `lineage/<catalog_id>.svg` pictures are inlined into
    the pages. An indicator page is stored under a key of what it shows (its catalog entry, its plans' rows by
    their `digests`, its findings, its picture) and drawn again only when that changes: a national refresh
    where one plan changed redraws the pages of that plan's concepts.
    """
    plans = _plans_info(frames["plans"])
    pairs = _pairs(frames)
    out: dict[str, bytes | Path] = {
        f"{SITE_DIR}/index.html": _index_html(frames["catalog"], plans, _grouped(pairs, "plan_id", "catalog_id")).encode()}
    members = _grouped(pairs, "catalog_id", "plan_id")
    findings = _findings_by_concept(frames["consistency"], plans)
    store.mkdir(parents=True, exist_ok=True)
    pages: dict[str, tuple[dict, Path | None, Path]] = {}
    for entry in sorted(plain_records(frames["catalog"], list(frames["catalog"].columns)),
                        key=lambda e: e["catalog_id"]):
        catalog_id = entry["catalog_id"]
        svg = lineage.get(f"lineage/{catalog_id}.svg")
        key = content_key(entry, svg.name if svg else None,
                          [(p, digests[p]) for p in members.get(catalog_id, [])], findings.get(catalog_id, []))
        pages[catalog_id] = (entry, svg, keyed(store, catalog_id, key, ".html"))
    stale = {cid for cid, (_, _, page) in pages.items() if not page.is_file()}
    shown = _linked_targets(frames, stale).sort_values(["plan_id", "year", "target_id"], kind="stable")
    series = _series_by_concept(shown, plans)
    for catalog_id, (entry, svg, page) in pages.items():
        if catalog_id in stale:
            html_text = _indicator_html(indicator_data(entry, series.get(catalog_id, [])),
                                        findings.get(catalog_id, []), svg.read_text(encoding="utf-8") if svg else None)
            write_atomic(page, html_text.encode("utf-8"))
            drop_others(store, catalog_id, (page,))
        out[f"{SITE_DIR}/indicator/{catalog_id}.html"] = page
    static = package_files(__package__) / "static"
    for name in _STATIC:
        out[f"{SITE_DIR}/assets/{name}"] = (static / name).read_bytes()
    return out
