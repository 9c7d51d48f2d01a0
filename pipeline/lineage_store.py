"""Lineage graphs rebuilt only where their inputs changed: each plan's part kept between runs, each graph's
files kept under a digest of what they are drawn from.

A national refresh where one plan changed used to draw a million-node graph
set again. A plan's part of the graphs (`lineage.plan_fragments`) depends only
on its own rows, so it is stored under a digest of those rows and the code
version (the rule of `extraction_store`): an unchanged plan's part is read
back as JSON bytes and an edge table, not rebuilt. A graph's JSON and SVG are
stored under a digest of its concept, its plans' digests and their hierarchy;
a graph none of whose plans changed is not written again, and the release
links its stored files instead of copying them. Files are content-addressed
and written under a temporary name then renamed, so a file a release links to
is never rewritten in place.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import orjson
import pandas as pd
import pyarrow as pa

from pipeline.catalog import Catalog
from pipeline.hierarchy import LEVEL_ORDER, ancestors
from pipeline.lineage import (LineageGraph, add_hierarchy, edge_rows, new_graph, plan_fragments,
                              plan_inputs, plan_rows, records_json, spliced_json)
from pipeline.lineage_svg import MAX_PLANS, render_svg
from pipeline.files import drop_others, keyed, read_stored, write_atomic, write_stored
from pipeline.row_digests import content_key
from validations.columns import TABLES

_EDGES_SCHEMA = TABLES["lineage_edges"].arrow_schema


@dataclass
class PlanPart:
    """One plan's stored lineage: per graph its nodes' and links' JSON records, and its edge rows."""

    key: str
    parts: dict[str, tuple[bytes, bytes]]
    edges: pa.Table


@dataclass
class Lineage:
    """What a refresh publishes of the lineage: release path → stored file, and every edge as one table."""

    files: dict[str, Path]
    edges: pa.Table
    rebuilt_plans: int
    rebuilt_graphs: int


def _edges(graphs: Mapping[str, LineageGraph]) -> pa.Table:
    return pa.table(edge_rows(graphs), schema=_EDGES_SCHEMA)


def _load_part(path: Path, key: str) -> PlanPart | None:
    part = read_stored(path)
    return part if isinstance(part, PlanPart) and part.key == key else None


def _plan_parts(store: Path, keys: Mapping[str, str], plans: pd.DataFrame, indicators: pd.DataFrame,
                targets: pd.DataFrame, links: pd.DataFrame) -> tuple[dict[str, PlanPart], int]:
    """Every plan's part, read back when its digest matches, drawn (and stored) otherwise; and how many were
    drawn."""
    directory = store / "plans"
    directory.mkdir(parents=True, exist_ok=True)
    parts = {plan_id: _load_part(directory / f"{plan_id}.pickle", key) for plan_id, key in keys.items()}
    stale = [plan_id for plan_id, part in parts.items() if part is None]
    if stale:
        only = {name: df[df["plan_id"].isin(stale)] for name, df in
                (("plans", plans), ("indicators", indicators), ("targets", targets), ("links", links))}
        for plan_id, inputs in plan_inputs(only["plans"], only["indicators"], only["targets"], only["links"]).items():
            graphs = plan_fragments(inputs)
            part = PlanPart(keys[plan_id], {gid: (records_json(g.nodes.values()), records_json(g.edges.values()))
                                            for gid, g in graphs.items()}, _edges(graphs))
            write_stored(directory / f"{plan_id}.pickle", part)
            parts[plan_id] = part
    for gone in {p.stem for p in directory.glob("*.pickle")} - set(keys):
        (directory / f"{gone}.pickle").unlink()  # a plan withdrawn from the release
    return parts, len(stale)


def _picture(graph_id: str, members: list[str], parts: Mapping[str, PlanPart], plans: Mapping[str, Mapping],
             parents: Mapping[str, str], catalog: Catalog) -> LineageGraph:
    """The graph as its SVG draws it: the parts of the plans shown in full, every other member as its plan
    node (the picture counts them), and the hierarchy."""
    g = new_graph(graph_id, catalog)
    shown = set(sorted(members, key=lambda p: (LEVEL_ORDER.get(plans[p]["level"] or "", 9), p))[:MAX_PLANS])
    for plan_id in members:
        if plan_id not in shown:
            g.node(f"plan:{plan_id}", "plan", "", plan_id, level=plans[plan_id]["level"])
            continue
        nodes, links = parts[plan_id].parts[graph_id]
        for node in orjson.loads(b"[" + nodes + b"]"):
            g.nodes[node["id"]] = node
            g.bands.setdefault(plan_id, []).append(node["id"])
        for link in orjson.loads(b"[" + links + b"]"):
            g.edges[(link["source"], link["target"])] = link
    add_hierarchy(g, members, plans, parents)
    return g


def build_lineage(plans: pd.DataFrame, indicators: pd.DataFrame, targets: pd.DataFrame, links: pd.DataFrame,
                  catalog: Catalog, parents: Mapping[str, str], store: Path, digests: Mapping[str, str]) -> Lineage:
    """The lineage of a release (the graphs `lineage.build_graphs` draws), reusing from `store` every plan
    part and graph file whose inputs did not change (`digests`: `row_digests.plan_digests` of the tables)."""
    keys = {plan_id: digests[plan_id] for plan_id in plans["plan_id"]}
    parts, rebuilt_plans = _plan_parts(store, keys, plans, indicators, targets, links)
    rows = plan_rows(plans)
    members: dict[str, list[str]] = {}
    for plan_id in keys:  # plan order, as `build_graphs` merges
        for graph_id in parts[plan_id].parts:
            members.setdefault(graph_id, []).append(plan_id)
    graphs_dir = store / "graphs"
    graphs_dir.mkdir(exist_ok=True)
    files: dict[str, Path] = {}
    hierarchy: dict[str, LineageGraph] = {}
    rebuilt_graphs = 0
    for graph_id in sorted(members):
        g = new_graph(graph_id, catalog)
        add_hierarchy(g, members[graph_id], rows, parents)
        hierarchy[graph_id] = g
        key = content_key(graph_id, g.name, list(g.nodes.values()),
                          [(p, keys[p], ancestors(p, parents)) for p in members[graph_id]])
        json_path, svg_path = keyed(graphs_dir, graph_id, key, ".json"), keyed(graphs_dir, graph_id, key, ".svg")
        if not (json_path.is_file() and svg_path.is_file()):
            concept, *above = g.nodes.values()  # the concept node, then the plans above the members
            inside = {f"plan:{p}" for p in members[graph_id]}
            data = spliced_json(
                graph_id, g.name,
                [records_json([concept]), *(parts[p].parts[graph_id][0] for p in members[graph_id]),
                 records_json(n for n in above if n["id"] not in inside)],
                [*(parts[p].parts[graph_id][1] for p in members[graph_id]), records_json(g.edges.values())])
            write_atomic(json_path, data)
            write_atomic(svg_path, render_svg(_picture(graph_id, members[graph_id], parts, rows, parents,
                                                       catalog)).encode())
            drop_others(graphs_dir, graph_id, (json_path, svg_path))
            rebuilt_graphs += 1
        files[f"lineage/{graph_id}.json"], files[f"lineage/{graph_id}.svg"] = json_path, svg_path
    edges = pa.concat_tables([*(parts[p].edges for p in keys), _edges(hierarchy)]).combine_chunks()
    return Lineage(files, edges, rebuilt_plans, rebuilt_graphs)
