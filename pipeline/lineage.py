"""A lineage graph per catalog indicator: where each published number came from.

Nodes (kind): the raw `file` (with sha256), the `lines` span the row was cut
from, the extracted `row`, each normalized `target` (one per year), the
`published` row id, the `plan` (level, issuer) and the `catalog` indicator.
For a PDF or Word plan the `lines` node holds the row's `source_locator`
(page boxes or table slots) instead of a line span.
Edges name the step that produced them:

    file --segment--> lines --extract--> row --normalize--> target
    target --validate--> published --publish--> plan
    file --register--> plan          (the plan's metadata: registry and the file's own words)
    row --link--> catalog            (method and score)
    plan --implements--> plan        (ward → province → national, from the registry)

Every indicator belongs to the graph of the catalog entry it links to; the
ones not linked (review, excluded) share the graph `UNLINKED`, so every
published target is reachable in exactly one graph.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

import networkx as nx
import pandas as pd

from pipeline.catalog import Catalog
from pipeline.hierarchy import ancestors
from pipeline.lineage_svg import render_svg

UNLINKED = "unlinked"


def _plain(value: object) -> object:
    """A cell as JSON: NA → None, numpy scalars → Python."""
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def _target_label(t: Mapping) -> str:
    """"2030: ≥ 80% → >= 80 percent": the cell as printed, then what it was normalized to."""
    if pd.isna(t["value"]):
        return f"{t['year']}: {t['raw_text']} → status"
    upper = f"–{t['value_max']:g}" if pd.notna(t["value_max"]) else ""
    return f"{t['year']}: {t['raw_text']} → {t['comparator']} {t['value']:g}{upper} {t['unit']}"


class _Builder:
    """Adds nodes and edges to one graph, each node once."""

    def __init__(self, graph_id: str, name: str) -> None:
        self.g = nx.DiGraph(graph_id=graph_id, name=name)

    def node(self, node_id: str, kind: str, label: str, **attrs: object) -> str:
        if node_id not in self.g:
            self.g.add_node(node_id, kind=kind, label=label, **{k: _plain(v) for k, v in attrs.items()})
        return node_id

    def edge(self, source: str, target: str, step: str, detail: str | None = None) -> None:
        self.g.add_edge(source, target, step=step, detail=detail)


def _plan_node(b: _Builder, plan: Mapping) -> str:
    label = f"{plan['plan_id']} ({plan['level'] or '?'}; {plan['issuer'] or 'issuer unknown'})"
    return b.node(f"plan:{plan['plan_id']}", "plan", label, level=plan["level"], issuer=plan["issuer"],
                  doc_number=plan["doc_number"], issued_date=plan["issued_date"])


def _lines_node(b: _Builder, ind: Mapping) -> str:
    """Where the row was cut from: its line span in a text file, its page boxes or table slots in a PDF or Word file."""
    if pd.isna(ind["line_start"]):
        where = ind["source_locator"]
        return b.node(f"lines:{ind['source_file']}:{where}", "lines", where, source_file=ind["source_file"],
                      source_locator=where)
    span = f"{ind['source_file']}:{ind['line_start']}-{ind['line_end']}"
    return b.node(f"lines:{span}", "lines", f"lines {ind['line_start']}–{ind['line_end']}",
                  source_file=ind["source_file"], line_start=ind["line_start"], line_end=ind["line_end"])


def build_graphs(plans: pd.DataFrame, indicators: pd.DataFrame, targets: pd.DataFrame, links: pd.DataFrame,
                 catalog: Catalog, parents: Mapping[str, str]) -> dict[str, nx.DiGraph]:
    """One graph per catalog entry that has a linked indicator, plus `UNLINKED` when any is not linked."""
    plan_by_id = {p["plan_id"]: p for p in plans.to_dict("records")}
    link_by_indicator = links.set_index("indicator_id").to_dict("index")
    targets_by_indicator: dict[str, list[dict]] = {}
    for t in targets.to_dict("records"):  # one pass: a DataFrame per indicator costs more than the graph
        targets_by_indicator.setdefault(t["indicator_id"], []).append(t)
    builders: dict[str, _Builder] = {}
    for ind in indicators.to_dict("records"):
        link = link_by_indicator[ind["indicator_id"]]
        graph_id = link["catalog_id"] if link["status"] == "linked" else UNLINKED
        if graph_id not in builders:
            entry = catalog.entries.get(graph_id)
            builders[graph_id] = _Builder(graph_id, entry.name_en if entry else "Indicators not linked to the catalog")
        b = builders[graph_id]
        if graph_id == UNLINKED:
            top = b.node(f"catalog:{UNLINKED}", "catalog", "not linked: listed for review")
        else:
            e = catalog.entries[graph_id]
            top = b.node(f"catalog:{graph_id}", "catalog", f"{e.name_vi} / {e.name_en}", pillar=e.pillar,
                         preferred_unit=e.preferred_unit, direction=e.direction)
        plan = plan_by_id[ind["plan_id"]]
        plan_node = _plan_node(b, plan)
        file_node = b.node(f"file:{ind['source_file']}", "file", ind["source_file"], sha256=plan["sha256"])
        b.edge(file_node, plan_node, "register")
        for parent_id in ancestors(ind["plan_id"], parents):
            parent_node = _plan_node(b, plan_by_id[parent_id])
            b.edge(plan_node, parent_node, "implements")
            plan_node = parent_node
        row_node = b.node(f"row:{ind['indicator_id']}", "row", f"STT {ind['row_ref']}: {ind['indicator_name']}",
                          indicator_id=ind["indicator_id"], unit_raw=ind["unit_raw"])
        # Each target's own lines: an indicator printed in several year blocks (plan 004) is cut from each block.
        for span in [ind, *targets_by_indicator.get(ind["indicator_id"], [])]:
            lines_node = _lines_node(b, span)
            b.edge(file_node, lines_node, "segment")
            b.edge(lines_node, row_node, "extract")
        score = f" {link['score']:g}" if pd.notna(link["score"]) else ""
        b.edge(row_node, top, "link", f"{link['method']}{score}" + (f": {link['reason']}" if link["reason"] else ""))
        for t in targets_by_indicator.get(ind["indicator_id"], []):
            value_node = b.node(f"target:{t['target_id']}", "target", _target_label(t), year=t["year"],
                                comparator=t["comparator"], value=t["value"], value_max=t["value_max"],
                                value_text=t["value_text"], unit=t["unit"], flags=list(t["flags"]))
            b.edge(row_node, value_node, "normalize", t["raw_text"])
            published = b.node(f"published:{t['target_id']}", "published", t["target_id"], table="targets")
            b.edge(value_node, published, "validate", "targets schema")
            b.edge(published, _plan_node(b, plan), "publish")
    return {graph_id: builders[graph_id].g for graph_id in sorted(builders)}


def edge_rows(graphs: Mapping[str, nx.DiGraph]) -> list[dict]:
    """The flat `lineage_edges` table: one row per edge of every graph."""
    rows = []
    for graph_id, g in graphs.items():
        for source, target, data in g.edges(data=True):
            key = "\x1f".join((graph_id, source, target, data["step"]))
            rows.append({"edge_id": hashlib.sha1(key.encode()).hexdigest()[:16], "graph_id": graph_id,
                         "step": data["step"], "source_node": source, "source_kind": g.nodes[source]["kind"],
                         "target_node": target, "target_kind": g.nodes[target]["kind"], "detail": data["detail"]})
    return rows


def lineage_files(graphs: Mapping[str, nx.DiGraph]) -> dict[str, bytes]:
    """`lineage/<graph id>.json` (networkx node-link) and `.svg` per graph, as bytes for the release writer."""
    files: dict[str, bytes] = {}
    for graph_id, g in graphs.items():
        data = nx.node_link_data(g, edges="links")
        files[f"lineage/{graph_id}.json"] = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
        files[f"lineage/{graph_id}.svg"] = render_svg(g).encode()
    return files
