"""Lineage graphs: every published target in exactly one graph, traceable to its file lines and up the hierarchy."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import Counter

from pathlib import Path

import networkx as nx
import pandas as pd

from pipeline.publish import frame
from pipeline.lineage import UNLINKED, LineageGraph, build_graphs, edge_rows, lineage_files
from pipeline.lineage_store import Lineage, build_lineage
from pipeline.row_digests import plan_digests
from pipeline.lineage_checks import check_lineage_coverage, check_links
from tests.seed import seed
from validations.schemas import validate_table


def _graphs() -> dict[str, LineageGraph]:
    frames, catalog, parents = seed()
    return build_graphs(frames["plans"], frames["indicators"], frames["targets"], frames["catalog_links"],
                        catalog, parents)


def test_every_published_target_is_in_exactly_one_graph() -> None:
    published = Counter(node.split(":", 1)[1] for g in _graphs().values()
                        for node, data in g.nodes.items() if data["kind"] == "published")
    targets = seed()[0]["targets"]["target_id"]
    assert set(published) == set(targets)
    assert max(published.values()) == 1


def test_5g_graph_reaches_source_lines_and_the_national_target() -> None:
    g = _graphs()["coverage_5g"].to_networkx()
    plans = {n for n, kind in g.nodes(data="kind") if kind == "plan"}
    assert {"plan:000_e9c5a55a8f86a682", "plan:001_8750eb6a39ed0c07", "plan:002_b5f291679289927e",
            "plan:004_7ffbc6da0806170f", "plan:57-NQ-TW"} <= plans
    # A 2030 target of the department plan: back to its lines and file, and up to the national plan.
    published = "published:001_8750eb6a39ed0c07:I:1:2030"
    upstream = nx.ancestors(g, published)
    assert "lines:001_8750eb6a39ed0c07.txt:19-22" in upstream and "file:001_8750eb6a39ed0c07.txt" in upstream
    assert g.nodes["file:001_8750eb6a39ed0c07.txt"]["sha256"] == seed()[0]["plans"].set_index("plan_id").loc[
        "001_8750eb6a39ed0c07", "sha256"]
    assert nx.has_path(g, published, "plan:57-NQ-TW")  # publish → department plan → implements → … → national
    assert g.edges["plan:001_8750eb6a39ed0c07", "plan:000_e9c5a55a8f86a682"]["step"] == "implements"
    assert "published:57-NQ-TW:-:23:2030" in g


def test_unlinked_indicators_have_their_own_graph() -> None:
    graphs = _graphs()
    assert "row:003_1a9c719e803cfb71:II:9" in graphs[UNLINKED].nodes
    assert all("row:003_1a9c719e803cfb71:II:9" not in g.nodes for gid, g in graphs.items() if gid != UNLINKED)


def test_files_are_node_link_json_and_svg() -> None:
    graphs = _graphs()
    files = lineage_files(graphs)
    assert set(files) == {f"lineage/{gid}.{ext}" for gid in graphs for ext in ("json", "svg")}
    data = json.loads(files["lineage/coverage_5g.json"])
    again = nx.node_link_graph(data, edges="links")
    assert set(again.edges) == set(graphs["coverage_5g"].edges)
    assert {n: {**d, "id": n} for n, d in again.nodes(data=True)} == graphs["coverage_5g"].nodes
    svg = ET.fromstring(files["lineage/coverage_5g.svg"])
    texts = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert "lines 19–22" in texts
    assert files == lineage_files(_graphs())  # the same input gives the same bytes


def test_edges_table_validates_and_names_every_step() -> None:
    edges = frame("lineage_edges", edge_rows(_graphs()))
    ok, summary = validate_table("lineage_edges", edges, {})
    assert ok, summary
    assert set(edges["step"]) == {"register", "segment", "extract", "normalize", "validate", "publish", "link",
                                  "implements"}


def test_checks_report_counts_and_fail_on_a_lost_target() -> None:
    frames = seed()[0]
    ok, meta = check_links(frames["catalog_links"], frames["indicators"])
    assert ok and meta["linked"] + meta["review"] + meta["excluded"] == len(frames["indicators"])
    edges = frame("lineage_edges", edge_rows(_graphs()))
    assert check_lineage_coverage(edges, frames["targets"])[0]
    lost = "published:001_8750eb6a39ed0c07:I:1:2030"
    ok, meta = check_lineage_coverage(edges[(edges["source_node"] != lost) & (edges["target_node"] != lost)],
                                      frames["targets"])
    assert not ok and meta["missing"] == ["001_8750eb6a39ed0c07:I:1:2030"]


def _stored(store: Path, targets: pd.DataFrame | None = None) -> Lineage:
    frames, catalog, parents = seed()
    frames = {**frames, "targets": frames["targets"] if targets is None else targets}
    return build_lineage(frames["plans"], frames["indicators"], frames["targets"], frames["catalog_links"], catalog,
                         parents, store, plan_digests(frames))


def test_stored_lineage_is_the_drawn_lineage_and_redraws_only_what_changed(tmp_path: Path) -> None:
    first = _stored(tmp_path)
    drawn = lineage_files(_graphs())
    assert {name: path.read_bytes() for name, path in first.files.items()} == drawn
    edges = frame("lineage_edges", edge_rows(_graphs()))
    assert sorted(first.edges.column("edge_id").to_pylist()) == sorted(edges["edge_id"])
    plans = len(seed()[0]["plans"])
    assert (first.rebuilt_plans, first.rebuilt_graphs) == (plans, len(drawn) // 2)

    again = _stored(tmp_path)
    assert (again.rebuilt_plans, again.rebuilt_graphs) == (0, 0)
    assert again.files == first.files and again.edges.equals(first.edges)

    # One target of the department plan says something else: that plan and its graphs are drawn again.
    targets = seed()[0]["targets"].copy()
    changed = targets.index[targets["target_id"] == "001_8750eb6a39ed0c07:I:1:2030"]
    targets.loc[changed, "raw_text"] = "≥ 99%"
    third = _stored(tmp_path, targets)
    assert third.rebuilt_plans == 1
    graphs_of_plan = {gid for gid, g in _graphs().items() if "001_8750eb6a39ed0c07" in g.bands}
    assert third.rebuilt_graphs == len(graphs_of_plan)
    assert "≥ 99%" in third.files["lineage/coverage_5g.json"].read_text(encoding="utf-8")
    assert first.files["lineage/coverage_5g.json"].is_file() is False  # replaced, never rewritten in place
