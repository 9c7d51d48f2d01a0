"""Reference builders the tests hold the production paths to: the whole corpus in one call.

Production goes plan by plan through the stores (`pipeline.stores.gathered`, `pipeline.lineage.store`) so a
refresh redoes only what changed; these build the same result from scratch, the simple way, so a test can
compare the two. They live with the tests because nothing in a run calls them.
"""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import networkx as nx
import orjson
import pandas as pd

from pipeline.extract.isolation import duplicate_extraction, extract_one
from pipeline.extract.model import PlanExtraction
from pipeline.ingest.inventory import later_copies
from pipeline.ingest.text_io import decode_text, split_lines
from pipeline.lineage.graphs import (
    LineageGraph,
    add_hierarchy,
    new_graph,
    node_link_json,
    plan_fragments,
    plan_inputs,
    target_graphs,
)
from pipeline.lineage.picture import draw
from pipeline.link.catalog import Catalog


def mark_duplicates(extractions: list[PlanExtraction], registry: dict[str, dict],
                    raw_dir: Path) -> list[PlanExtraction]:
    """Extractions in file-name order, each later copy of the same bytes replaced by a `duplicate` row.

    Needs every plan at once, so it runs where the per-plan extractions are
    gathered, not inside one plan's partition.
    """
    ordered = sorted(extractions, key=lambda e: e.plan["source_file"])
    copies = later_copies((e.plan["source_file"], e.plan["sha256"], i) for i, e in enumerate(ordered))
    return [duplicate_extraction(raw_dir / copies[i][0], registry, copies[i][1], e.plan["sha256"]) if i in copies else e
            for i, e in enumerate(ordered)]


def extract_all(paths: list[Path], registry: dict[str, dict]) -> list[PlanExtraction]:
    """One extraction per plan file, duplicates marked (see `mark_duplicates`)."""
    if not paths:
        return []
    return mark_duplicates([extract_one(p, registry) for p in paths], registry, paths[0].parent)


def build_graphs(plans: pd.DataFrame, indicators: pd.DataFrame, targets: pd.DataFrame, links: pd.DataFrame,
                 catalog: Catalog, parents: Mapping[str, str]) -> dict[str, LineageGraph]:
    """One graph per catalog entry that has a target (or a linked indicator), plus `UNLINKED` when any is not
    linked: every plan's parts merged in plan order, then the hierarchy."""
    inputs = plan_inputs(plans, indicators, targets, links, target_graphs(targets, links, catalog))
    graphs: dict[str, LineageGraph] = {}
    for plan_id, plan in inputs.items():
        for graph_id, part in plan_fragments(plan).items():
            g = graphs.get(graph_id) or graphs.setdefault(graph_id, new_graph(graph_id, catalog))
            g.nodes.update(part.nodes)
            g.edges.update(part.edges)
            g.bands[plan_id] = part.bands[plan_id]
    rows = {plan_id: plan.plan for plan_id, plan in inputs.items()}
    for g in graphs.values():
        add_hierarchy(g, list(g.bands), rows, parents)
    return {graph_id: graphs[graph_id] for graph_id in sorted(graphs)}


def lineage_files(graphs: Mapping[str, LineageGraph]) -> dict[str, bytes]:
    """`lineage/<graph id>.json` (node-link) and `.svg` per graph, as bytes for the release writer."""
    files: dict[str, bytes] = {}
    for graph_id, g in graphs.items():
        files[f"lineage/{graph_id}.json"] = node_link_json(g)
        files[f"lineage/{graph_id}.svg"] = draw(g)
    return files


def to_networkx(g: LineageGraph) -> nx.DiGraph:
    """The graph as networkx reads it back from its node-link JSON: what a portal's user would load."""
    return nx.node_link_graph(orjson.loads(node_link_json(g)), edges="links")


def read_lines(path: Path) -> list[str]:
    """Decoded, NFC-normalized lines of a plan file."""
    return split_lines(decode_text(path.read_bytes()))
