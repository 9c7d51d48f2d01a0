"""A static indicator browser written into every release as `site/`.

A portal user opens `site/index.html` from any file server, with no internet:
the canonical indicators grouped by pillar, with a search box that ignores
diacritics ("phu song" finds "Tỷ lệ phủ sóng 5G"), and one page per indicator
with a chart of its targets over the years for every plan that sets one, the
national target of Resolution 57 where there is one, the targets as a table,
and the indicator's lineage picture.

Everything is plain files: the data each page needs sits in the page as JSON
(`<script type="application/json">`), the charts are SVG drawn by one small
script (`static/site.js`), the lineage picture is the release's own SVG
inlined. No CDN, no build step, no framework.
"""
from __future__ import annotations

import html
from collections.abc import Collection, Mapping
from importlib.resources import files as package_files
from pathlib import Path

import orjson
import pandas as pd

from pipeline.catalog import PILLARS
from pipeline.files import drop_others, keyed, write_atomic
from pipeline.linking import concept_plans, concept_targets
from pipeline.records import plain_records
from pipeline.row_digests import content_key

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


def _plan_label(plan: Mapping) -> str:
    issuer = plan["issuer"] or plan["plan_id"]
    number = plan["doc_number"]
    return f"{issuer} ({number})" if number else str(issuer)


_TARGET_FIELDS = ("target_id", "indicator_name", "year", "comparator", "value", "value_max", "value_text", "unit",
                  "raw_text")


_PLAN_FIELDS = ("issuer", "doc_number", "level")


def _linked_targets(frames: Mapping[str, pd.DataFrame], concepts: Collection[str]) -> pd.DataFrame:
    """Every target linked to one of `concepts`, with its concept and plan fields, in the targets' order."""
    targets = frames["targets"][["plan_id", "indicator_id", *_TARGET_FIELDS]]
    return concept_targets(targets, frames["catalog_links"], concepts).merge(
        frames["plans"][["plan_id", *_PLAN_FIELDS]], on="plan_id")


def _series_by_concept(targets: pd.DataFrame) -> dict[str, list[dict]]:
    """Catalog id → its chart series (one per plan, the national plan first), from one pass over
    `_linked_targets` (sorted by plan, year and target): filtering the targets per page would scan every
    target once per concept."""
    grouped: dict[str, dict[str, list[dict]]] = {}
    plans: dict[str, dict] = {}
    for t in plain_records(targets, ["catalog_id", "plan_id", *_PLAN_FIELDS, *_TARGET_FIELDS]):
        concept, plan_id = t.pop("catalog_id"), t.pop("plan_id")
        plans[plan_id] = {"plan_id": plan_id, **{f: t.pop(f) for f in _PLAN_FIELDS}}
        grouped.setdefault(concept, {}).setdefault(plan_id, []).append(t)
    out: dict[str, list[dict]] = {}
    for concept, by_plan in grouped.items():
        series = [{"plan_id": plan_id, "label": _plan_label(plans[plan_id]), "level": plans[plan_id]["level"],
                   "national": plans[plan_id]["level"] == _NATIONAL, "targets": rows}
                  for plan_id, rows in sorted(by_plan.items())]
        out[concept] = sorted(series, key=lambda s: (not s["national"], s["label"]))
    return out


def indicator_data(entry: Mapping, series: list[dict]) -> dict:
    """What one indicator page shows: its catalog entry and, per plan, the targets of the indicators linked to it."""
    return {"catalog_id": entry["catalog_id"], "name_vi": entry["name_vi"], "name_en": entry["name_en"],
            "pillar": entry["pillar"], "preferred_unit": entry["preferred_unit"], "direction": entry["direction"],
            "series": series}


def _index_html(catalog: pd.DataFrame) -> str:
    sections = []
    for pillar in PILLARS:
        rows = catalog[catalog["pillar"] == pillar].sort_values("catalog_id")
        if rows.empty:
            continue
        vi, en = PILLAR_NAMES[pillar]
        items = "".join(
            f'<li class="indicator" data-id="{html.escape(r["catalog_id"])}">'
            f'<a href="indicator/{html.escape(r["catalog_id"])}.html">{html.escape(r["name_vi"])}</a>'
            f' <span class="en">{html.escape(r["name_en"])}</span>'
            f' <span class="count">{int(r["n_plans"])} plans / kế hoạch</span></li>'
            for r in rows.to_dict("records"))
        sections.append(f'<section class="pillar" id="{pillar}"><h2>{html.escape(vi)} <span class="en">/ {en}</span></h2>'
                        f'<ul>{items}</ul></section>')
    body = f"""<header><h1>Chỉ tiêu Nghị quyết 57-NQ/TW <span class="en">/ Resolution 57 indicators</span></h1>
<p><label for="search">Tìm chỉ tiêu / Find an indicator</label>
<input id="search" type="search" autocomplete="off" placeholder="phủ sóng 5G, R&amp;D, dịch vụ công…">
<span id="search-count" aria-live="polite"></span></p>
<p class="links"><a href="../datapackage.json">Data package</a> · <a href="../CHANGES">CHANGES</a> ·
<a href="../quality/index.html">Báo cáo chất lượng / Data quality</a> · <a href="../manifest.json">manifest</a></p></header>
<main>{''.join(sections)}<p id="no-match" hidden>Không tìm thấy / No indicator matches.</p></main>"""
    return _page("Chỉ tiêu NQ 57 / Resolution 57 indicators", body, depth=0)


def _indicator_html(data: dict, lineage_svg: str | None) -> str:
    rows = "".join(
        f"<tr><td>{html.escape(s['label'])}</td><td>{t['year']}</td><td>{html.escape(t['raw_text'])}</td>"
        f"<td>{html.escape(t['comparator'])}</td><td>{_number(t['value'])}{_number(t['value_max'], '–')}</td>"
        f"<td>{html.escape(t['unit'])}</td>"
        f"<td><code>{html.escape(t['target_id'])}</code></td></tr>"
        for s in data["series"] for t in s["targets"])
    picture = (f'<figure id="lineage">{lineage_svg}</figure>' if lineage_svg
               else '<p>Không có đồ thị nguồn gốc / No lineage graph.</p>')
    vi, en = PILLAR_NAMES[data["pillar"]]
    cid = html.escape(data["catalog_id"])
    body = f"""<p><a href="../index.html">← Tất cả chỉ tiêu / All indicators</a></p>
<h1>{html.escape(data['name_vi'])} <span class="en">/ {html.escape(data['name_en'])}</span></h1>
<p class="meta"><code>{cid}</code> · {html.escape(vi)} / {en} · unit / đơn vị: {html.escape(data['preferred_unit'])}
· better / tốt hơn: {html.escape(data['direction'])}</p>
<h2>Mục tiêu theo năm <span class="en">/ Targets over the years</span></h2>
<div id="charts"></div><ul id="legend"></ul>
<h2>Bảng mục tiêu <span class="en">/ Targets</span></h2>
<table class="targets"><thead><tr><th>Kế hoạch / Plan</th><th>Năm / Year</th><th>Như in / As printed</th>
<th>So sánh</th><th>Giá trị / Value</th><th>Đơn vị / Unit</th><th>target_id</th></tr></thead><tbody>{rows}</tbody></table>
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

    `frames` needs catalog, catalog_links, targets and plans; `lineage` maps release paths to the stored
    lineage files (`pipeline.lineage_store`); its `lineage/<catalog_id>.svg` pictures are inlined into the pages.
    An indicator page is stored under a key of what it shows (its catalog entry, its plans' rows by their
    `digests`, its picture) and drawn again only when that changes: a national refresh where one plan
    changed redraws the pages of that plan's concepts.
    """
    out: dict[str, bytes | Path] = {f"{SITE_DIR}/index.html": _index_html(frames["catalog"]).encode("utf-8")}
    members = concept_plans(frames["catalog_links"])
    store.mkdir(parents=True, exist_ok=True)
    pages: dict[str, tuple[dict, Path | None, Path]] = {}
    for entry in sorted(plain_records(frames["catalog"], list(frames["catalog"].columns)),
                        key=lambda e: e["catalog_id"]):
        catalog_id = entry["catalog_id"]
        svg = lineage.get(f"lineage/{catalog_id}.svg")
        key = content_key(entry, svg.name if svg else None,
                          [(p, digests[p]) for p in members.get(catalog_id, [])])
        pages[catalog_id] = (entry, svg, keyed(store, catalog_id, key, ".html"))
    stale = {cid for cid, (_, _, page) in pages.items() if not page.is_file()}
    shown = _linked_targets(frames, stale).sort_values(["plan_id", "year", "target_id"], kind="stable")
    series = _series_by_concept(shown)
    for catalog_id, (entry, svg, page) in pages.items():
        if catalog_id in stale:
            html_text = _indicator_html(indicator_data(entry, series.get(catalog_id, [])),
                                        svg.read_text(encoding="utf-8") if svg else None)
            write_atomic(page, html_text.encode("utf-8"))
            drop_others(store, catalog_id, (page,))
        out[f"{SITE_DIR}/indicator/{catalog_id}.html"] = page
    static = package_files(__package__) / "static"
    for name in _STATIC:
        out[f"{SITE_DIR}/assets/{name}"] = (static / name).read_bytes()
    return out
