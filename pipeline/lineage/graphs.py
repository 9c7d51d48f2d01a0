"""A lineage graph per catalog indicator: where each published number came from.

Nodes (kind): the raw `file` (with sha256), a `lines` span of it, the
extracted `row`, each normalized `target` (one per year), the `published`
row id, the `plan` (level, issuer) and the `catalog` indicator. A `lines`
node names its file and span ("plan.txt lines 7–11"); for a PDF or Word plan
the span is the `source_locator` (page box or table cells) instead of lines.
Edges name the step that produced them:

    file --segment--> lines --extract--> row       (the row's own span)
    file --segment--> lines --extract--> target    (the target's own span: where its value was read)
    row --normalize--> target                      (the row's cell for one year, as printed)
    target --validate--> published --publish--> plan
    published --link--> catalog                    (the concept the value counts for: method and score)
    file --register--> plan                        (the plan's metadata: registry and the file's own words)
    plan --implements--> plan                      (ward → province → national, from the registry)

A target's own span is not always its row's: a row printed in several year
blocks (plan 004) has a value in each block, so each target hangs from the
lines its value was read from, and a reader follows a published value back to
exactly those lines.

Every target belongs to the graph of the concept its value states
(`target_graphs`, the one place that decides it); targets of indicators not
linked (review, excluded) and values that state no single concept share the
graph `UNLINKED`, so every published target is reachable in exactly one
graph. A row whose targets belong to several concepts appears in each of
their graphs.

A national corpus gives graphs of a million nodes, so they are plain dicts
(`LineageGraph`), filled from the tables' columns, and written with orjson;
`pipeline.lineage.store` merges the plans' parts into graphs and draws them.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import orjson
import pandas as pd

from pipeline.link.catalog import Catalog
from pipeline.link.hierarchy import ancestors, plan_label
from pipeline.link.linking import target_concepts
from pipeline.tables.records import plain_records

UNLINKED = "unlinked"


@dataclass
class LineageGraph:
    """One concept's lineage, held as its node-link records: node id ("<kind>:…") → node record (id, kind,
    label, …), (source, target) → link record (source, target, step, detail), and per member plan the nodes
    of its band, its box in the picture (the plan and its file, lines, rows, targets and published rows; a
    plan drawn only because a member implements it has no band)."""

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



def _target_label(t: Mapping) -> str:
    """"2030: ≥ 80% → >= 80 percent": the cell as printed, then what it was normalized to."""
    if t["value"] is None:
        return f"{t['year']}: {t['raw_text']} → status"
    upper = f"–{t['value_max']:g}" if t["value_max"] is not None else ""
    return f"{t['year']}: {t['raw_text']} → {t['comparator']} {t['value']:g}{upper} {t['unit']}"


def _plan_node(g: LineageGraph, plan: Mapping, band: str | None) -> str:
    """The plan's node, in `band` (its own plan id when it is a member of the graph, None for a plan drawn only
    because a member implements it)."""
    name = plan_label(plan, "en")
    return g.node(f"plan:{plan['plan_id']}", "plan", f"{name} ({plan['level'] or '?'})", band, name=name,
                  level=plan["level"], issuer=plan["issuer"],
                  doc_number=plan["doc_number"], issued_date=plan["issued_date"])


def _span_label(span: Mapping) -> str:
    """"000_e9c5a55a8f86a682.txt lines 7–13", "plan.txt line 24", "plan.pdf p.3 43,146,392,172": the file and
    where in it, so a lines node read on its own says where to look."""
    if span["line_start"] is None:
        return f"{span['source_file']} {span['source_locator']}"
    if span["line_start"] == span["line_end"]:
        return f"{span['source_file']} line {span['line_start']}"
    return f"{span['source_file']} lines {span['line_start']}–{span['line_end']}"


def _lines_node(g: LineageGraph, span: Mapping, plan_id: str) -> str:
    """A span of the file (a row's or a target's), cut from the file: its line span in a text file, its page
    box or table cells in a PDF or Word file. One node per span: a row and its targets read from the same
    lines share it."""
    if span["line_start"] is None:
        node = g.node(f"lines:{span['source_file']}:{span['source_locator']}", "lines", _span_label(span), plan_id,
                      source_file=span["source_file"], source_locator=span["source_locator"])
    else:
        node = g.node(f"lines:{span['source_file']}:{span['line_start']}-{span['line_end']}", "lines",
                      _span_label(span), plan_id, source_file=span["source_file"], line_start=span["line_start"],
                      line_end=span["line_end"])
    g.edge(f"file:{span['source_file']}", node, "segment")
    return node


def _link_detail(link: Mapping, graph_id: str) -> str:
    """How the value came to count for the graph's concept: the indicator's link (method, score, note), and,
    for a target whose value states another concept than its indicator's, which."""
    score = f" {link['score']:g}" if link["score"] is not None else ""
    detail = f"{link['method']}{score}" + (f": {link['reason']}" if link["reason"] else "")
    if graph_id == graph_of(link):
        return detail
    stated = "no single concept" if graph_id == UNLINKED else graph_id
    return f"{detail}; indicator linked to {link['catalog_id']}, this value states {stated}"


_SPAN = ("source_file", "line_start", "line_end", "source_locator")
_INDICATOR = ("indicator_id", "plan_id", "row_ref", "indicator_name", "unit_raw", *_SPAN)
_TARGET = ("target_id", "indicator_id", "year", "comparator", "value", "value_max", "value_text", "unit", "raw_text",
           "flags", *_SPAN)
_PLAN = ("plan_id", "level", "issuer", "doc_number", "issued_date", "title", "sha256")
_LINK = ("indicator_id", "catalog_id", "status", "method", "score", "reason")


@dataclass
class PlanInputs:
    """What one plan's lineage is drawn from: its plan row, its indicators, their targets (each with the
    `graph` it belongs to) and catalog links."""

    plan: dict
    indicators: list[dict] = field(default_factory=list)
    targets: dict[str, list[dict]] = field(default_factory=dict)  # indicator id → its targets
    links: dict[str, dict] = field(default_factory=dict)  # indicator id → its link


def plan_rows(plans: pd.DataFrame) -> dict[str, dict]:
    """plan_id → the plan's fields a graph shows (its plan node)."""
    return {p["plan_id"]: p for p in plain_records(plans, _PLAN)}


def graph_of(link: Mapping) -> str:
    """The graph an indicator's link points to: its concept when linked, else `UNLINKED`."""
    return link["catalog_id"] if link["status"] == "linked" else UNLINKED


def target_graphs(targets: pd.DataFrame, links: pd.DataFrame, catalog: Catalog) -> dict[str, str]:
    """target_id → the graph the target belongs to: the one place membership is decided.

    A target belongs to the concept its value states (`linking.target_concepts`): usually its indicator's,
    but a year of a "5G/6G" row that states 6G counts for the 6G concept. Targets of indicators not linked,
    and values naming no single concept, are `UNLINKED`.
    """
    concepts = target_concepts(targets, links, catalog)
    return {target_id: concepts.get(target_id) or UNLINKED for target_id in targets["target_id"].tolist()}


def plan_inputs(plans: pd.DataFrame, indicators: pd.DataFrame, targets: pd.DataFrame, links: pd.DataFrame,
                graphs: Mapping[str, str]) -> dict[str, PlanInputs]:
    """Every plan's inputs, in the plans table's order (a plan without indicators too: it may be a parent);
    `graphs` is `target_graphs` of (at least) these targets."""
    out = {plan_id: PlanInputs(p) for plan_id, p in plan_rows(plans).items()}
    for ind in plain_records(indicators, _INDICATOR):  # one pass each: a frame per plan costs more than the graph
        out[ind["plan_id"]].indicators.append(ind)
    by_indicator = {ind["indicator_id"]: out[ind["plan_id"]] for ind in plain_records(indicators, ("indicator_id", "plan_id"))}
    for t in plain_records(targets, _TARGET):
        t["graph"] = graphs[t["target_id"]]
        by_indicator[t["indicator_id"]].targets.setdefault(t["indicator_id"], []).append(t)
    for link in plain_records(links, _LINK):
        by_indicator[link["indicator_id"]].links[link["indicator_id"]] = link
    return out


def _row(g: LineageGraph, ind: Mapping, plan: Mapping) -> str:
    """The indicator's row in `g`, with its plan, file and own lines; returns the row node."""
    plan_id = plan["plan_id"]
    file_node = g.node(f"file:{ind['source_file']}", "file", ind["source_file"], plan_id, sha256=plan["sha256"])
    g.edge(file_node, _plan_node(g, plan, plan_id), "register")
    row_node = g.node(f"row:{ind['indicator_id']}", "row", f"STT {ind['row_ref']}: {ind['indicator_name']}",
                      plan_id, indicator_id=ind["indicator_id"], unit_raw=ind["unit_raw"])
    g.edge(_lines_node(g, ind, plan_id), row_node, "extract")
    return row_node


def _target(g: LineageGraph, t: Mapping, row_node: str, link: Mapping, plan_id: str) -> None:
    """One target in `g`: from its own lines and its row, validated, published in its plan, counted for the
    graph's concept."""
    value_node = g.node(f"target:{t['target_id']}", "target", _target_label(t), plan_id, year=t["year"],
                        comparator=t["comparator"], value=t["value"], value_max=t["value_max"],
                        value_text=t["value_text"], unit=t["unit"], flags=list(t["flags"]))
    g.edge(_lines_node(g, t, plan_id), value_node, "extract")
    g.edge(row_node, value_node, "normalize", t["raw_text"])
    published = g.node(f"published:{t['target_id']}", "published", t["target_id"], plan_id, table="targets")
    g.edge(value_node, published, "validate", "targets schema")
    g.edge(published, f"plan:{plan_id}", "publish")
    g.edge(published, f"catalog:{g.graph_id}", "link", _link_detail(link, g.graph_id))


def plan_fragments(inputs: PlanInputs) -> dict[str, LineageGraph]:
    """One plan's part of every graph its targets belong to: its plan, file, lines, rows, targets and
    published rows, and the edges between them and to the concept node (a row whose targets are of several
    concepts is in each of their graphs; a row without targets is where its link points). The concept node
    itself and the plan hierarchy belong to the whole graph (`new_graph`, `add_hierarchy`): a plan's part
    depends on nothing but its own rows and their membership, so an unchanged plan's part is reused as it is."""
    plan, plan_id = inputs.plan, inputs.plan["plan_id"]
    graphs: dict[str, LineageGraph] = {}
    for ind in inputs.indicators:
        link = inputs.links[ind["indicator_id"]]
        mine = inputs.targets.get(ind["indicator_id"], [])
        for graph_id in dict.fromkeys(t["graph"] for t in mine) or (graph_of(link),):
            g = graphs.setdefault(graph_id, LineageGraph(graph_id, ""))
            row_node = _row(g, ind, plan)
            for t in mine:
                if t["graph"] == graph_id:
                    _target(g, t, row_node, link, plan_id)
    return graphs


def new_graph(graph_id: str, catalog: Catalog) -> LineageGraph:
    """An empty graph holding only its concept node (`UNLINKED` for the indicators not linked)."""
    entry = catalog.entries.get(graph_id)
    g = LineageGraph(graph_id, entry.name_en if entry else "Indicators not linked to the catalog")
    if graph_id == UNLINKED:
        g.node(f"catalog:{UNLINKED}", "catalog", "not linked: listed for review", None)
    else:
        g.node(f"catalog:{graph_id}", "catalog", f"{entry.name_vi} / {entry.name_en}", None, pillar=entry.pillar,
               preferred_unit=entry.preferred_unit, direction=entry.direction)
    return g


def add_hierarchy(g: LineageGraph, members: Sequence[str], plans: Mapping[str, Mapping],
                  parents: Mapping[str, str]) -> None:
    """Each member plan's chain up the hierarchy: ancestor plan nodes (once; in no band unless members) and
    `implements` edges."""
    for plan_id in members:
        node = f"plan:{plan_id}"
        for parent_id in ancestors(plan_id, parents):
            parent_node = _plan_node(g, plans[parent_id], None)
            g.edge(node, parent_node, "implements")
            node = parent_node


_EDGE_COLUMNS = ("edge_id", "graph_id", "step", "source_node", "source_kind", "target_node", "target_kind", "detail")


def edge_rows(graphs: Mapping[str, LineageGraph]) -> dict[str, list]:
    """The flat `lineage_edges` table, column by column: one row per edge of every graph (a node's kind is
    its id's prefix, so a plan's part names the kind of the concept node it links to without holding it)."""
    columns: tuple[list, ...] = tuple([] for _ in _EDGE_COLUMNS)
    ids, graph_ids, steps, sources, source_kinds, targets, target_kinds, details = columns
    for graph_id, g in graphs.items():
        for (source, target), link in g.edges.items():
            step = link["step"]
            ids.append(hashlib.sha1(f"{graph_id}\x1f{source}\x1f{target}\x1f{step}".encode()).hexdigest()[:16])
            graph_ids.append(graph_id)
            steps.append(step)
            sources.append(source)
            source_kinds.append(source.partition(":")[0])
            targets.append(target)
            target_kinds.append(target.partition(":")[0])
            details.append(link["detail"])
    return dict(zip(_EDGE_COLUMNS, columns))


def records_json(records: Iterable[dict]) -> bytes:
    """Records as the comma-separated JSON objects of a list, without the brackets: parts concatenate."""
    return orjson.dumps(list(records), option=orjson.OPT_SORT_KEYS)[1:-1]


def spliced_json(graph_id: str, name: str, nodes: Iterable[bytes], links: Iterable[bytes]) -> bytes:
    """A graph's node-link JSON from its parts' `records_json` (empty parts skipped): the same bytes as
    serialising the whole graph, with sorted keys."""
    head = orjson.dumps({"directed": True, "graph": {"graph_id": graph_id, "name": name}},
                        option=orjson.OPT_SORT_KEYS)[:-1]
    return b"".join((head, b',"links":[', b",".join(p for p in links if p), b'],"multigraph":false,"nodes":[',
                     b",".join(p for p in nodes if p), b"]}"))


def node_link_json(g: LineageGraph) -> bytes:
    """The graph in networkx's node-link format (`nx.node_link_graph(data, edges="links")` reads it back)."""
    return spliced_json(g.graph_id, g.name, [records_json(g.nodes.values())], [records_json(g.edges.values())])
