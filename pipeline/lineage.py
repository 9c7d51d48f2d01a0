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

A national corpus gives graphs of a million nodes, so they are plain dicts
(`LineageGraph`), filled from the tables' columns, and written with orjson;
`to_networkx` gives the networkx view where graph algorithms are wanted.
"""
from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import networkx as nx
import orjson
import pandas as pd

from pipeline.catalog import Catalog
from pipeline.hierarchy import ancestors
from pipeline.lineage_svg import render_svg
from pipeline.records import plain_records

UNLINKED = "unlinked"


@dataclass
class LineageGraph:
    """One concept's lineage, held as its node-link records: node id → node record (id, kind, label, …),
    (source, target) → link record (source, target, step, detail), and per plan the nodes of its band in
    the picture (the plan and its file, lines, rows, targets and published rows)."""

    graph_id: str
    name: str
    nodes: dict[str, dict] = field(default_factory=dict)
    edges: dict[tuple[str, str], dict] = field(default_factory=dict)
    bands: dict[str, list[str]] = field(default_factory=dict)

    def node(self, node_id: str, kind: str, label: str, plan_id: str | None, **attrs: object) -> str:
        """Add a node once (the first attributes stay); returns its id."""
        if node_id not in self.nodes:
            self.nodes[node_id] = {"id": node_id, "kind": kind, "label": label, **attrs}
            if plan_id is not None:
                self.bands.setdefault(plan_id, []).append(node_id)
        return node_id

    def edge(self, source: str, target: str, step: str, detail: str | None = None) -> None:
        self.edges[(source, target)] = {"source": source, "target": target, "step": step, "detail": detail}

    def to_networkx(self) -> nx.DiGraph:
        """The same graph as networkx reads it back from the node-link JSON."""
        return nx.node_link_graph(orjson.loads(node_link_json(self)), edges="links")


def _target_label(t: Mapping) -> str:
    """"2030: ≥ 80% → >= 80 percent": the cell as printed, then what it was normalized to."""
    if t["value"] is None:
        return f"{t['year']}: {t['raw_text']} → status"
    upper = f"–{t['value_max']:g}" if t["value_max"] is not None else ""
    return f"{t['year']}: {t['raw_text']} → {t['comparator']} {t['value']:g}{upper} {t['unit']}"


def _plan_node(g: LineageGraph, plan: Mapping) -> str:
    label = f"{plan['plan_id']} ({plan['level'] or '?'}; {plan['issuer'] or 'issuer unknown'})"
    return g.node(f"plan:{plan['plan_id']}", "plan", label, plan["plan_id"], level=plan["level"],
                  issuer=plan["issuer"], doc_number=plan["doc_number"], issued_date=plan["issued_date"])


def _lines_node(g: LineageGraph, span: Mapping, plan_id: str) -> str:
    """Where the row was cut from: its line span in a text file, its page boxes or table slots in a PDF or Word file."""
    if span["line_start"] is None:
        where = span["source_locator"]
        return g.node(f"lines:{span['source_file']}:{where}", "lines", where, plan_id, source_file=span["source_file"],
                      source_locator=where)
    key = f"{span['source_file']}:{span['line_start']}-{span['line_end']}"
    return g.node(f"lines:{key}", "lines", f"lines {span['line_start']}–{span['line_end']}", plan_id,
                  source_file=span["source_file"], line_start=span["line_start"], line_end=span["line_end"])


def _catalog_node(g: LineageGraph, catalog: Catalog) -> str:
    if g.graph_id == UNLINKED:
        return g.node(f"catalog:{UNLINKED}", "catalog", "not linked: listed for review", None)
    e = catalog.entries[g.graph_id]
    return g.node(f"catalog:{g.graph_id}", "catalog", f"{e.name_vi} / {e.name_en}", None, pillar=e.pillar,
                  preferred_unit=e.preferred_unit, direction=e.direction)


_SPAN = ("source_file", "line_start", "line_end", "source_locator")
_INDICATOR = ("indicator_id", "plan_id", "row_ref", "indicator_name", "unit_raw", *_SPAN)
_TARGET = ("target_id", "indicator_id", "year", "comparator", "value", "value_max", "value_text", "unit", "raw_text",
           "flags", *_SPAN)
_PLAN = ("plan_id", "level", "issuer", "doc_number", "issued_date", "sha256")
_LINK = ("indicator_id", "catalog_id", "status", "method", "score", "reason")


def build_graphs(plans: pd.DataFrame, indicators: pd.DataFrame, targets: pd.DataFrame, links: pd.DataFrame,
                 catalog: Catalog, parents: Mapping[str, str]) -> dict[str, LineageGraph]:
    """One graph per catalog entry that has a linked indicator, plus `UNLINKED` when any is not linked."""
    plan_by_id = {p["plan_id"]: p for p in plain_records(plans, _PLAN)}
    link_by_indicator = {link["indicator_id"]: link for link in plain_records(links, _LINK)}
    targets_by_indicator: dict[str, list[dict]] = {}
    for t in plain_records(targets, _TARGET):  # one pass: a DataFrame per indicator costs more than the graph
        targets_by_indicator.setdefault(t["indicator_id"], []).append(t)
    graphs: dict[str, LineageGraph] = {}
    for ind in plain_records(indicators, _INDICATOR):
        link = link_by_indicator[ind["indicator_id"]]
        graph_id = link["catalog_id"] if link["status"] == "linked" else UNLINKED
        if graph_id not in graphs:
            entry = catalog.entries.get(graph_id)
            graphs[graph_id] = LineageGraph(graph_id, entry.name_en if entry else "Indicators not linked to the catalog")
        g = graphs[graph_id]
        top = _catalog_node(g, catalog)
        plan_id = ind["plan_id"]
        plan = plan_by_id[plan_id]
        plan_node = own_plan = _plan_node(g, plan)
        file_node = g.node(f"file:{ind['source_file']}", "file", ind["source_file"], plan_id, sha256=plan["sha256"])
        g.edge(file_node, plan_node, "register")
        for parent_id in ancestors(plan_id, parents):
            parent_node = _plan_node(g, plan_by_id[parent_id])
            g.edge(plan_node, parent_node, "implements")
            plan_node = parent_node
        row_node = g.node(f"row:{ind['indicator_id']}", "row", f"STT {ind['row_ref']}: {ind['indicator_name']}",
                          plan_id, indicator_id=ind["indicator_id"], unit_raw=ind["unit_raw"])
        # Each target's own lines: an indicator printed in several year blocks (plan 004) is cut from each block.
        mine = targets_by_indicator.get(ind["indicator_id"], [])
        for span in [ind, *mine]:
            lines_node = _lines_node(g, span, plan_id)
            g.edge(file_node, lines_node, "segment")
            g.edge(lines_node, row_node, "extract")
        score = f" {link['score']:g}" if link["score"] is not None else ""
        g.edge(row_node, top, "link", f"{link['method']}{score}" + (f": {link['reason']}" if link["reason"] else ""))
        for t in mine:
            value_node = g.node(f"target:{t['target_id']}", "target", _target_label(t), plan_id, year=t["year"],
                                comparator=t["comparator"], value=t["value"], value_max=t["value_max"],
                                value_text=t["value_text"], unit=t["unit"], flags=list(t["flags"]))
            g.edge(row_node, value_node, "normalize", t["raw_text"])
            published = g.node(f"published:{t['target_id']}", "published", t["target_id"], plan_id, table="targets")
            g.edge(value_node, published, "validate", "targets schema")
            g.edge(published, own_plan, "publish")
    return {graph_id: graphs[graph_id] for graph_id in sorted(graphs)}


_EDGE_COLUMNS = ("edge_id", "graph_id", "step", "source_node", "source_kind", "target_node", "target_kind", "detail")


def edge_rows(graphs: Mapping[str, LineageGraph]) -> dict[str, list]:
    """The flat `lineage_edges` table, column by column: one row per edge of every graph."""
    columns: tuple[list, ...] = tuple([] for _ in _EDGE_COLUMNS)
    ids, graph_ids, steps, sources, source_kinds, targets, target_kinds, details = columns
    for graph_id, g in graphs.items():
        for (source, target), link in g.edges.items():
            ids.append(hashlib.sha1("\x1f".join((graph_id, source, target, link["step"])).encode()).hexdigest()[:16])
            graph_ids.append(graph_id)
            steps.append(link["step"])
            sources.append(source)
            source_kinds.append(g.nodes[source]["kind"])
            targets.append(target)
            target_kinds.append(g.nodes[target]["kind"])
            details.append(link["detail"])
    return dict(zip(_EDGE_COLUMNS, columns))


def node_link_json(g: LineageGraph) -> bytes:
    """The graph in networkx's node-link format (`nx.node_link_graph(data, edges="links")` reads it back)."""
    return orjson.dumps({
        "directed": True, "multigraph": False, "graph": {"graph_id": g.graph_id, "name": g.name},
        "nodes": list(g.nodes.values()), "links": list(g.edges.values()),
    }, option=orjson.OPT_SORT_KEYS)


def lineage_files(graphs: Mapping[str, LineageGraph]) -> dict[str, bytes]:
    """`lineage/<graph id>.json` (node-link) and `.svg` per graph, as bytes for the release writer."""
    files: dict[str, bytes] = {}
    for graph_id, g in graphs.items():
        files[f"lineage/{graph_id}.json"] = node_link_json(g)
        files[f"lineage/{graph_id}.svg"] = render_svg(g).encode()
    return files
