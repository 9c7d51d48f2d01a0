"""A Great Expectations suite over the published tables, and its Data Docs written into the release.

Pandera (`validations.schemas`) is the contract: types, vocabularies, keys,
blocking. This suite complements it with what a data user asks of a release
as a whole, reported without blocking: distributions (most plans read, most
targets numeric and unflagged, most indicators linked, target years centred on
the plans' horizon) and cross-table expectations (every target's plan and
indicator exist, the counts in `plans` and `indicators` add up to the rows of
`targets`, every review row is a target, every graph is a catalog concept;
shares lie within 0–100 unless flagged).

GX 1.x runs programmatically in a throw-away file context in a temporary
directory (no project folder to maintain). Its Data Docs pages load jQuery,
Bootstrap and a logo from CDNs and its index is drawn by those scripts, so
the release gets the per-table validation pages with every remote tag removed
and a small inline stylesheet, under an index written here that works with no
internet: `quality/index.html`.
"""
from __future__ import annotations

import html
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline.lineage.graphs import UNLINKED
from pipeline.tables.records import contained

QUALITY_DIR = "quality"
QUALITY_INDEX = f"{QUALITY_DIR}/index.html"
PERCENT_UNITS = ("percent", "percent_of_grdp", "percent_of_gdp")
#: Distribution thresholds: a release outside them is worth a look, not wrong by itself.
MIN_SHARE_PLANS_READ = 0.5
MAX_SHARE_TARGETS_FLAGGED = 0.5
MIN_SHARE_TARGETS_NUMERIC = 0.5
MIN_SHARE_INDICATORS_LINKED = 0.5
MEDIAN_YEAR_RANGE = (2025, 2040)


@dataclass
class QualityReport:
    """The suite's outcome: overall success, one row per expectation, and the Data Docs files for the release."""

    success: bool
    results: list[dict] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)

    @property
    def failures(self) -> list[dict]:
        return [r for r in self.results if not r["success"]]


#: Cross-table keys checked as derived booleans (table, column, referenced table, referenced column): a value set
#: of every id would put hundreds of thousands of ids into each expectation and into the Data Docs.
_KEYS = (("indicators", "plan_id", "plans", "plan_id"), ("targets", "plan_id", "plans", "plan_id"),
         ("targets", "indicator_id", "indicators", "indicator_id"), ("review_queue", "target_id", "targets", "target_id"),
         ("quarantine", "plan_id", "plans", "plan_id"), ("catalog_links", "indicator_id", "indicators", "indicator_id"))


def _key_column(column: str) -> str:
    return f"{column}_exists"


def _batches(frames: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The frames GX validates: list columns become a `flagged` boolean (GX has no list semantics), and each
    foreign key a `<column>_exists` boolean."""
    out = {}
    for name, df in frames.items():
        lists = [c for c in df.columns if c in ("flags", "flags_removed")]
        plain = df.drop(columns=lists)
        if "flags" in lists:
            plain = plain.assign(flagged=[len(v) > 0 for v in df["flags"]])
        for table, column, ref_table, ref_column in _KEYS:
            if table == name and ref_table in frames:
                plain[_key_column(column)] = contained(df[column], frames[ref_table][ref_column])
        out[name] = plain
    return out


#: Columns the suite's row conditions read (GX keeps them in a condition object, not a `column` field).
_CONDITION_COLUMNS = ("unit", "flagged")


def _needed(batch: pd.DataFrame, suite: list) -> pd.DataFrame:
    """Only the columns the suite reads, text as Python objects for GX's pandas engine: GX hashes and copies
    the whole frame per expectation, so the national lineage table's eight text columns cost seconds for the
    one column checked."""
    columns = {getattr(e, "column", None) for e in suite} | set(_CONDITION_COLUMNS)
    needed = batch[[c for c in batch.columns if c in columns]]
    return needed.astype({c: "object" for c in needed.columns if str(needed[c].dtype) == "string"})


def expectations(frames: Mapping[str, pd.DataFrame]) -> dict[str, list]:
    """The suite per table; cross-table expectations take their reference values from the other frames."""
    import great_expectations as gx
    from great_expectations.expectations.row_conditions import Column

    E = gx.expectations
    n_targets = len(frames["targets"])
    suites: dict[str, list] = {
        "plans": [
            E.ExpectTableRowCountToBeBetween(min_value=1),
            E.ExpectColumnValuesToBeInSet(column="status", value_set=["ok"], mostly=MIN_SHARE_PLANS_READ),
            E.ExpectColumnSumToBeBetween(column="n_targets", min_value=n_targets, max_value=n_targets),
        ],
        "indicators": [
            E.ExpectColumnValuesToBeInSet(column=_key_column("plan_id"), value_set=[True]),
            E.ExpectColumnSumToBeBetween(column="n_targets", min_value=n_targets, max_value=n_targets),
        ],
        "targets": [
            E.ExpectTableRowCountToBeBetween(min_value=1),
            E.ExpectColumnValuesToBeInSet(column=_key_column("plan_id"), value_set=[True]),
            E.ExpectColumnValuesToBeInSet(column=_key_column("indicator_id"), value_set=[True]),
            *[E.ExpectColumnValuesToBeBetween(column=col, min_value=0, max_value=100,
                                             row_condition=Column("unit").is_in(PERCENT_UNITS) & (Column("flagged") == False))  # noqa: E712
              for col in ("value", "value_max")],
            E.ExpectColumnValuesToBeInSet(column="flagged", value_set=[False], mostly=1 - MAX_SHARE_TARGETS_FLAGGED),
            E.ExpectColumnProportionOfNonNullValuesToBeBetween(column="value", min_value=MIN_SHARE_TARGETS_NUMERIC),
            E.ExpectColumnMedianToBeBetween(column="year", min_value=MEDIAN_YEAR_RANGE[0], max_value=MEDIAN_YEAR_RANGE[1]),
        ],
        "review_queue": [
            E.ExpectColumnValuesToBeInSet(column=_key_column("target_id"), value_set=[True]),
        ],
        "quarantine": [
            E.ExpectColumnValuesToBeInSet(column=_key_column("plan_id"), value_set=[True]),
        ],
    }
    if "catalog_links" in frames and "catalog" in frames:
        suites["catalog_links"] = [
            E.ExpectColumnValuesToBeInSet(column=_key_column("indicator_id"), value_set=[True]),
            E.ExpectColumnValuesToBeInSet(column="catalog_id", value_set=sorted(frames["catalog"]["catalog_id"])),
            E.ExpectColumnValuesToBeInSet(column="status", value_set=["linked"], mostly=MIN_SHARE_INDICATORS_LINKED),
        ]
    if "lineage_edges" in frames and "catalog" in frames:
        suites["lineage_edges"] = [
            E.ExpectColumnValuesToBeInSet(column="graph_id", value_set=[*sorted(frames["catalog"]["catalog_id"]), UNLINKED]),
        ]
    return {name: suite for name, suite in suites.items() if name in frames}


def _result_row(table: str, result) -> dict:
    config = result.expectation_config
    observed = result.result.get("observed_value")
    return {"table": table, "expectation": config.type, "column": config.kwargs.get("column"),
            "success": bool(result.success), "unexpected_count": result.result.get("unexpected_count"),
            "observed": None if observed is None else str(observed),
            "sample": [str(v) for v in (result.result.get("partial_unexpected_list") or [])[:5]]}


def run_expectations(frames: Mapping[str, pd.DataFrame]) -> QualityReport:
    """Validate the published tables with the suite; the report with its Data Docs under `quality/`."""
    import great_expectations as gx

    batches = _batches(frames)
    rows: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        context = gx.get_context(mode="file", project_root_dir=tmp)
        context.variables.progress_bars = gx.data_context.types.base.ProgressBarsConfig(globally=False)
        source = context.data_sources.add_pandas("release")
        pages: dict[str, str] = {}
        for table, suite_items in expectations(frames).items():
            suite = context.suites.add(gx.ExpectationSuite(name=table, expectations=suite_items))
            batch = source.add_dataframe_asset(table).add_batch_definition_whole_dataframe("published")
            definition = context.validation_definitions.add(gx.ValidationDefinition(name=table, data=batch, suite=suite))
            checkpoint = context.checkpoints.add(gx.Checkpoint(name=table, validation_definitions=[definition]))
            result = checkpoint.run(batch_parameters={"dataframe": _needed(batches[table], suite_items)})
            rows += [_result_row(table, r) for run in result.run_results.values() for r in run.results]
        context.build_data_docs()  # once, after every table: a docs action per checkpoint re-renders all before it
        site = Path(tmp) / "gx" / "uncommitted" / "data_docs" / "local_site"
        for page in sorted((site / "validations").rglob("*.html")):
            table = page.relative_to(site / "validations").parts[0]
            pages[table] = _offline(page.read_text(encoding="utf-8"))
    files = {f"{QUALITY_DIR}/validations/{table}.html": text.encode("utf-8") for table, text in pages.items()}
    files[QUALITY_INDEX] = _index(rows, sorted(pages)).encode("utf-8")
    return QualityReport(success=all(r["success"] for r in rows), results=rows, files=files)


_REMOTE_TAG = re.compile(r"<(script|link|img)\b[^>]*\b(?:src|href)=[\"']https?://[^>]*>(?:\s*</script>)?", re.I)
_ANY_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.I | re.S)
_LOCAL_ASSET = re.compile(r"<link\b[^>]*\bhref=[\"'](?:\.\./)+static/[^>]*>", re.I)
_INDEX_LINK = re.compile(r"href=[\"'](?:\.\./)+(?:index|expectations/[^\"']+)\.html[\"']")
_REMOTE_URL = re.compile(r"url\(['\"]?https?://[^)]*\)")
_STYLE = """<style>
body{font-family:system-ui,sans-serif;margin:1.5rem;color:#222}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.25rem .5rem;vertical-align:top}
.modal,.ge-walkthrough-modal,#ge-cta-footer,.invisible,.d-none,button{display:none!important}
.alert-success,.text-success{color:#1b7a33}.alert-danger,.text-danger{color:#b00020}
</style>"""


def _offline(page: str) -> str:
    """A GX Data Docs page that needs no network: remote tags and (jQuery) scripts removed, inline style added.

    The page moves from `validations/<suite>/<run>/<time>/` to `validations/<suite>.html`, so its links to the
    index (and to GX's suite pages, not shipped: the index lists every expectation) point one folder up.
    """
    page = _REMOTE_URL.sub("none", _ANY_SCRIPT.sub("", _REMOTE_TAG.sub("", page)))
    page = _INDEX_LINK.sub('href="../index.html"', _LOCAL_ASSET.sub("", page))
    page = re.sub(r"<link\b[^>]*favicon[^>]*>", "", page)
    return page.replace("</head>", f"{_STYLE}</head>", 1)


def _index(rows: list[dict], pages: list[str]) -> str:
    """The report's landing page: one line per expectation, bilingual headings, links to each table's page."""
    ok = sum(r["success"] for r in rows)
    body = "".join(
        f"<tr class=\"{'pass' if r['success'] else 'fail'}\"><td><a href=\"validations/{html.escape(r['table'])}.html\">"
        f"{html.escape(r['table'])}</a></td><td>{html.escape(r['expectation'])}</td>"
        f"<td>{html.escape(r['column'] or '')}</td><td>{'✔' if r['success'] else '✘'}</td>"
        f"<td>{'' if r['unexpected_count'] is None else r['unexpected_count']}</td>"
        f"<td>{html.escape(r['observed'] or '')}</td><td>{html.escape(', '.join(r['sample']))}</td></tr>"
        for r in rows)
    return f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Data quality report — Báo cáo chất lượng dữ liệu</title>
{_STYLE}<style>.fail td{{background:#fde8e8}}</style></head><body>
<h1>Data quality report <small>/ Báo cáo chất lượng dữ liệu</small></h1>
<p>Great Expectations suite over the published tables: {ok} of {len(rows)} expectations met.
/ Bộ kiểm tra Great Expectations trên các bảng công bố: đạt {ok}/{len(rows)} kỳ vọng.</p>
<p>Pages per table / Trang theo bảng: {' · '.join(f'<a href="validations/{p}.html">{p}</a>' for p in pages)}</p>
<table><thead><tr><th>table / bảng</th><th>expectation / kỳ vọng</th><th>column / cột</th><th>met / đạt</th>
<th>unexpected / bất thường</th><th>observed / quan sát</th><th>sample / ví dụ</th></tr></thead>
<tbody>{body}</tbody></table></body></html>
"""
