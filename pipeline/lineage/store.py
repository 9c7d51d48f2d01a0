"""Lineage graphs rebuilt only where their inputs changed: each plan's part kept between runs, each graph's
files kept under a digest of what they are drawn from.

A national refresh where one plan changed used to draw a million-node graph
set again. A plan's part of the graphs (`lineage.plan_fragments`) depends only
on its own rows and on which concept each of its targets belongs to (which
reads the catalog), so it is stored under a digest of those rows, the catalog
and the code version (the rule of `extraction_store`): an unchanged plan's
part is read back as JSON bytes and an edge table, not rebuilt. A graph's JSON
is stored under a digest of its concept, its plans' digests and their
hierarchy; a graph none of whose plans changed is not written again, and the
release links its stored files instead of copying them.

A picture draws only the first plans of its graph (`lineage_picture.MAX_PLANS`),
so it is stored under a digest of its concept, those plans (and the plans
above them) and how many plans the graph has: Graphviz runs only for a
picture whose plans changed, and the pictures of one refresh are drawn in
parallel, one `dot` process per core. Files are content-addressed and written
under a temporary name then renamed, so a file a release links to is never
rewritten in place.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import orjson
import pandas as pd
import pyarrow as pa

from pipeline.lineage.graphs import (
    LineageGraph,
    add_hierarchy,
    edge_rows,
    new_graph,
    plan_fragments,
    plan_inputs,
    plan_rows,
    records_json,
    spliced_json,
    target_graphs,
)
from pipeline.lineage.picture import dot_source, shown_plans, svg
from pipeline.link.catalog import Catalog
from pipeline.link.hierarchy import ancestors
from pipeline.metadata.columns import TABLES
from pipeline.stores.digests import content_key
from pipeline.stores.files import (
    drop_others,
    keyed,
    read_stored,
    write_atomic,
    write_stored,
)

_EDGES_SCHEMA = TABLES["lineage_edges"].arrow_schema


@dataclass
class PlanPart:
    """One plan's stored lineage: per graph its nodes' and links' JSON records, and its edge rows."""

    key: str
    parts: dict[str, tuple[bytes, bytes]]
    edges: pa.Table


@dataclass
class Lineage:
    """What a refresh publishes of the lineage: release path → stored file, every edge as one table, and how
    much was made again (plan parts, graphs' JSON, pictures drawn by Graphviz)."""

    files: dict[str, Path]
    edges: pa.Table
    rebuilt_plans: int
    rebuilt_graphs: int
    drawn_pictures: int


def _edges(graphs: Mapping[str, LineageGraph]) -> pa.Table:
    return pa.table(edge_rows(graphs), schema=_EDGES_SCHEMA)


def _load_part(path: Path, key: str) -> PlanPart | None:
    part = read_stored(path)
    return part if isinstance(part, PlanPart) and part.key == key else None


def _plan_parts(store: Path, keys: Mapping[str, str], plans: pd.DataFrame, indicators: pd.DataFrame,
                targets: pd.DataFrame, links: pd.DataFrame, catalog: Catalog) -> tuple[dict[str, PlanPart], int]:
    """Every plan's part, read back when its key matches, drawn (and stored) otherwise; and how many were
    drawn."""
    directory = store / "plans"
    directory.mkdir(parents=True, exist_ok=True)
    parts = {plan_id: _load_part(directory / f"{plan_id}.pickle", key) for plan_id, key in keys.items()}
    stale = [plan_id for plan_id, part in parts.items() if part is None]
    if stale:
        only = {name: df[df["plan_id"].isin(stale)] for name, df in
                (("plans", plans), ("indicators", indicators), ("targets", targets), ("links", links))}
        graphs_of = target_graphs(only["targets"], only["links"], catalog)
        for plan_id, inputs in plan_inputs(only["plans"], only["indicators"], only["targets"], only["links"],
                                           graphs_of).items():
            graphs = plan_fragments(inputs)
            part = PlanPart(keys[plan_id], {gid: (records_json(g.nodes.values()), records_json(g.edges.values()))
                                            for gid, g in graphs.items()}, _edges(graphs))
            write_stored(directory / f"{plan_id}.pickle", part)
            parts[plan_id] = part
    for gone in {p.stem for p in directory.glob("*.pickle")} - set(keys):
        (directory / f"{gone}.pickle").unlink()  # a plan withdrawn from the release
    return parts, len(stale)


def _picture(graph_id: str, shown: list[str], parts: Mapping[str, PlanPart], plans: Mapping[str, Mapping],
             parents: Mapping[str, str], catalog: Catalog) -> LineageGraph:
    """What the graph's picture draws (`lineage_picture.picture_graph` of the whole graph), from the stored
    parts of the plans it shows (`shown_plans`): only those are read back."""
    g = new_graph(graph_id, catalog)
    for plan_id in shown:
        nodes, links = parts[plan_id].parts[graph_id]
        for node in orjson.loads(b"[" + nodes + b"]"):
            g.nodes[node["id"]] = node
            g.bands.setdefault(plan_id, []).append(node["id"])
        for link in orjson.loads(b"[" + links + b"]"):
            g.edges[(link["source"], link["target"])] = link
    add_hierarchy(g, shown, plans, parents)
    return g


def _draw_all(pictures: Mapping[Path, str]) -> None:
    """Each DOT text drawn to its SVG path, one `dot` process per core (threads wait on the processes)."""
    def write_picture(path: Path, source: str) -> None:
        write_atomic(path, svg(source))

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        list(pool.map(write_picture, pictures.keys(), pictures.values()))


def _json_key(hierarchy: LineageGraph, members: list[str], keys: Mapping[str, str],
              parents: Mapping[str, str]) -> str:
    """What a graph's JSON is drawn from: its concept, the plans above its members, every member's key and
    chain up the hierarchy."""
    return content_key(hierarchy.graph_id, hierarchy.name, list(hierarchy.nodes.values()),
                       [(p, keys[p], ancestors(p, parents)) for p in members])


def _picture_key(hierarchy: LineageGraph, members: list[str], shown: list[str], keys: Mapping[str, str],
                 parents: Mapping[str, str]) -> str:
    """What a graph's picture is drawn from: its concept, how many plans the graph has, and the key of each
    plan drawn and of each plan above it; not the plans past the cap."""
    return content_key(hierarchy.nodes[f"catalog:{hierarchy.graph_id}"], len(members),
                       [(p, keys[p], [(a, keys[a]) for a in ancestors(p, parents)]) for p in shown])


def build_lineage(plans: pd.DataFrame, indicators: pd.DataFrame, targets: pd.DataFrame, links: pd.DataFrame,
                  catalog: Catalog, parents: Mapping[str, str], store: Path, digests: Mapping[str, str]) -> Lineage:
    """The lineage of a release (the graphs `lineage.build_graphs` draws), reusing from `store` every plan
    part, graph JSON and picture whose inputs did not change (`digests`: `row_digests.plan_digests` of the
    tables)."""
    catalog_key = content_key(list(catalog.entries.values()))  # which concept a target belongs to reads it
    keys = {plan_id: f"{digests[plan_id]} {catalog_key}" for plan_id in plans["plan_id"]}
    parts, rebuilt_plans = _plan_parts(store, keys, plans, indicators, targets, links, catalog)
    rows = plan_rows(plans)
    members: dict[str, list[str]] = {}
    for plan_id in keys:  # plan order, as `build_graphs` merges
        for graph_id in parts[plan_id].parts:
            members.setdefault(graph_id, []).append(plan_id)
    graphs_dir = store / "graphs"
    graphs_dir.mkdir(exist_ok=True)
    files: dict[str, Path] = {}
    hierarchy: dict[str, LineageGraph] = {}
    pictures: dict[Path, str] = {}
    rebuilt_graphs = 0
    for graph_id, plan_ids in sorted(members.items()):
        g = hierarchy[graph_id] = new_graph(graph_id, catalog)
        add_hierarchy(g, plan_ids, rows, parents)
        shown = shown_plans({p: rows[p]["level"] for p in plan_ids})
        json_path = keyed(graphs_dir, graph_id, _json_key(g, plan_ids, keys, parents), ".json")
        svg_path = keyed(graphs_dir, graph_id, _picture_key(g, plan_ids, shown, keys, parents), ".svg")
        drop_others(graphs_dir, graph_id, (json_path, svg_path))
        if not json_path.is_file():
            write_atomic(json_path, _graph_json(g, plan_ids, parts))
            rebuilt_graphs += 1
        if not svg_path.is_file():
            pictures[svg_path] = dot_source(_picture(graph_id, shown, parts, rows, parents, catalog), len(plan_ids))
        files[f"lineage/{graph_id}.json"], files[f"lineage/{graph_id}.svg"] = json_path, svg_path
    _draw_all(pictures)
    edges = pa.concat_tables([*(parts[p].edges for p in keys), _edges(hierarchy)]).combine_chunks()
    return Lineage(files, edges, rebuilt_plans, rebuilt_graphs, len(pictures))


def _graph_json(hierarchy: LineageGraph, members: list[str], parts: Mapping[str, PlanPart]) -> bytes:
    """A graph's node-link JSON spliced from its plans' stored parts and its concept and hierarchy
    (`hierarchy`: the concept node, then the plans above the members)."""
    concept, *above = hierarchy.nodes.values()
    inside = {f"plan:{p}" for p in members}
    graph_id = hierarchy.graph_id
    return spliced_json(
        graph_id, hierarchy.name,
        [records_json([concept]), *(parts[p].parts[graph_id][0] for p in members),
         records_json(n for n in above if n["id"] not in inside)],
        [*(parts[p].parts[graph_id][1] for p in members), records_json(hierarchy.edges.values())])
