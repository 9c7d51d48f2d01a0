"""Lineage graphs: every published target in exactly one graph, traceable to its own file lines and up the
hierarchy; pictures drawn by Graphviz that a person can read."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import graphviz
import networkx as nx
import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline.lineage import picture as lineage_picture
from pipeline.lineage.checks import check_lineage_coverage
from pipeline.lineage.graphs import UNLINKED, LineageGraph, edge_rows
from pipeline.lineage.picture import (
    MAX_LINES,
    WRAP,
    dot_source,
    draw,
    picture_graph,
    wrap,
)
from pipeline.lineage.store import Lineage, build_lineage
from pipeline.link.catalog import load_catalog
from pipeline.link.checks import check_links
from pipeline.link.linking import target_concepts
from pipeline.stores.digests import plan_digests
from pipeline.tables.frames import frame
from tests.oracles import build_graphs, lineage_files, to_networkx
from tests.paths import ARTIFACTS
from tests.seed import CATALOG_DIR, seed
from validations.schemas import validate_table

SVG = "{http://www.w3.org/2000/svg}"
XLINK_TITLE = "{http://www.w3.org/1999/xlink}title"


def _graphs() -> dict[str, LineageGraph]:
    frames, catalog, parents = seed()
    return build_graphs(frames["plans"], frames["indicators"], frames["targets"], frames["catalog_links"],
                        catalog, parents)


def _own_lines(g: nx.DiGraph, target_node: str) -> str:
    """The one lines node a target was read from."""
    [lines] = [s for s in g.predecessors(target_node) if g.nodes[s]["kind"] == "lines"]
    assert g.edges[lines, target_node]["step"] == "extract"
    return lines


def _svg_nodes(svg: bytes) -> dict[str, list[str]]:
    """node id (first line of its tooltip) → the lines of text the picture prints in its box."""
    out = {}
    for group in ET.fromstring(svg).iter(f"{SVG}g"):
        if "node" in group.get("class", "").split():
            [link] = group.iter(f"{SVG}a")
            out[link.get(XLINK_TITLE).split("\n", 1)[0]] = [t.text for t in group.iter(f"{SVG}text")]
    return out


def test_every_published_target_is_in_exactly_one_graph() -> None:
    published = Counter(node.split(":", 1)[1] for g in _graphs().values()
                        for node, data in g.nodes.items() if data["kind"] == "published")
    targets = seed()[0]["targets"]["target_id"]
    assert set(published) == set(targets)
    assert max(published.values()) == 1


def test_each_published_5g_value_hangs_from_its_own_lines(portal_release: Path) -> None:
    """Walks the released JSON of the 5G concept: every published value back to the lines its value was read
    from, exactly the targets table's span, named by its file; labels whole, never cut."""
    data = json.loads((portal_release / "lineage" / "coverage_5g.json").read_text(encoding="utf-8"))
    g = nx.node_link_graph(data, edges="links")
    targets = pq.read_table(portal_release / "targets.parquet").to_pandas().set_index("target_id")
    links = pd.read_parquet(portal_release / "catalog_links.parquet")
    concept = target_concepts(targets.reset_index(), links, load_catalog(CATALOG_DIR))
    published = {n.split(":", 1)[1] for n, kind in g.nodes(data="kind") if kind == "published"}
    assert published == {t for t, c in concept.items() if c == "coverage_5g"}
    assert len(published) >= 8
    for target_id in published:
        [value] = list(g.predecessors(f"published:{target_id}"))
        assert value == f"target:{target_id}" and g.edges[value, f"published:{target_id}"]["step"] == "validate"
        lines = g.nodes[_own_lines(g, value)]
        row = targets.loc[target_id]
        assert lines["source_file"] == row["source_file"] and lines["label"].startswith(row["source_file"])
        if pd.isna(row["line_start"]):
            assert lines["source_locator"] == row["source_locator"]
        else:
            assert (lines["line_start"], lines["line_end"]) == (row["line_start"], row["line_end"])
        assert g.edges[f"published:{target_id}", "catalog:coverage_5g"]["step"] == "link"
    for node, label in g.nodes(data="label"):
        assert "…" not in label, node
    rows = {n: d for n, d in g.nodes(data=True) if d["kind"] == "row"}
    names = targets.drop_duplicates("indicator_id").set_index("indicator_id")
    for row in rows.values():
        assert row["label"] == f"STT {names.loc[row['indicator_id'], 'row_ref']}: " \
                               f"{names.loc[row['indicator_id'], 'indicator_name']}"


def test_a_target_hangs_from_its_year_block_not_its_rows_first_block() -> None:
    """Plan 004 prints a row's years in separate blocks: the 2030 value was read from the second block."""
    g = to_networkx(_graphs()["coverage_5g"])
    target = "target:004_7ffbc6da0806170f:1:1.1:2030"
    assert _own_lines(g, target) == "lines:004_7ffbc6da0806170f.txt:5967-5970"
    assert g.nodes["lines:004_7ffbc6da0806170f.txt:5967-5970"]["label"] == "004_7ffbc6da0806170f.txt lines 5967–5970"
    [row] = [s for s in g.predecessors(target) if g.nodes[s]["kind"] == "row"]
    assert _own_lines(g, target.replace(":2030", ":2025")) in g.predecessors(row)  # the row's own span


def test_a_value_that_states_6g_is_in_the_6g_graph() -> None:
    """A "5G/6G" row: its years that state 6G hang in the 6G concept's graph, the link saying why."""
    graphs = _graphs()
    row = "row:000_e9c5a55a8f86a682:I:1"
    assert row in graphs["coverage_5g"].nodes and row in graphs["coverage_6g"].nodes
    six = to_networkx(graphs["coverage_6g"])
    years = {six.nodes[n]["year"] for n in six.successors(row)}
    assert years == {2035, 2040, 2045}
    detail = six.edges["published:000_e9c5a55a8f86a682:I:1:2035", "catalog:coverage_6g"]["detail"]
    assert "indicator linked to coverage_5g, this value states coverage_6g" in detail
    assert "published:000_e9c5a55a8f86a682:I:1:2035" not in graphs["coverage_5g"].nodes


def test_5g_graph_reaches_source_lines_and_the_national_target() -> None:
    g = to_networkx(_graphs()["coverage_5g"])
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
    boxes = _svg_nodes(files["lineage/coverage_5g.svg"])
    assert boxes["lines:001_8750eb6a39ed0c07.txt:19-22"] == ["001_8750eb6a39ed0c07.txt", "lines 19–22"]
    assert files == lineage_files(_graphs())  # the same input gives the same bytes


def test_picture_is_drawn_by_graphviz_titled_and_stable() -> None:
    g = _graphs()["coverage_5g"]
    svg = draw(g)
    text = svg.decode("utf-8")
    assert not text.startswith("<?xml") and "<!DOCTYPE" not in text and "Generated by graphviz" not in text
    root = ET.fromstring(svg)  # inlined into HTML as it is: one well-formed element
    assert root.tag == f"{SVG}svg" and root.get("viewBox")
    assert 'class="graph"' in text and text.count('class="cluster"') == 5  # one box per plan
    title = " ".join(_svg_title_lines(svg))
    assert "coverage_5g: Tỷ lệ phủ sóng 5G / 5G mobile network coverage" in title
    assert "5 plans: Bộ Chính trị (57-NQ/TW) (national), Provincial plan (issuer not stated) (province)" in title
    assert not re.search(r"[0-9a-f]{16}", title)  # plans named in words, never by their hash
    assert "years 2025–2030" in title
    assert draw(g) == svg  # same graph, same bytes
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "lineage_coverage_5g.svg").write_bytes(svg)
    source = dot_source(picture_graph(g), len(g.bands))
    (ARTIFACTS / "lineage_coverage_5g.png").write_bytes(graphviz.pipe("dot", "png", source.encode("utf-8")))


def test_labels_wrap_at_words_and_are_whole_in_tooltips() -> None:
    graphs = _graphs()
    for graph_id in ("coverage_5g", UNLINKED):
        g = graphs[graph_id]
        for node, printed in _svg_nodes(draw(g)).items():
            label = g.nodes[node]["label"].split()
            shown = " ".join(printed).split()
            assert all(len(line) <= WRAP or " " not in line for line in printed), printed
            if shown[-1] == "…":  # a very long label: whole words, then the ellipsis
                assert len(printed) == MAX_LINES and shown[:-1] == label[:len(shown) - 1], printed
            else:
                assert shown == label, printed
    long = ("Tỷ lệ cơ sở dữ liệu chuyên ngành của tỉnh được số hóa, chuẩn hóa và liên thông, chia sẻ với cơ sở "
            "dữ liệu quốc gia, Trung ương và các bộ ngành liên quan")
    assert wrap(long)[-1].endswith(" …") and " ".join(wrap(long))[:-2] in long


def test_a_picture_draws_at_most_max_plans_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lineage_picture, "MAX_PLANS", 2)
    g = _graphs()["coverage_5g"]
    svg = draw(g)
    assert svg.decode("utf-8").count('class="cluster"') == 2
    title = " ".join(_svg_title_lines(svg))
    assert "5 plans; the first 2 drawn (national first, then down the hierarchy): Bộ Chính trị (57-NQ/TW) (national)" in title
    assert "every plan is in coverage_5g.json" in title
    assert len(g.bands) == 5  # the graph (and its JSON) keeps every plan


def test_edges_table_validates_and_names_every_step() -> None:
    edges = frame("lineage_edges", edge_rows(_graphs()))
    ok, summary = validate_table("lineage_edges", edges, {})
    assert ok, summary
    assert set(edges["step"]) == {"register", "segment", "extract", "normalize", "validate", "publish", "link",
                                  "implements"}
    kinds = edges.groupby("step")[["source_kind", "target_kind"]].agg(lambda s: sorted(set(s)))
    assert kinds.loc["extract", "target_kind"] == ["row", "target"]
    assert kinds.loc["link", "source_kind"] == ["published"]


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
    assert (first.rebuilt_plans, first.rebuilt_graphs, first.drawn_pictures) == (plans, len(drawn) // 2,
                                                                                  len(drawn) // 2)

    again = _stored(tmp_path)
    assert (again.rebuilt_plans, again.rebuilt_graphs, again.drawn_pictures) == (0, 0, 0)
    assert again.files == first.files and again.edges.equals(first.edges)

    # One target of the department plan says something else: that plan and its graphs are drawn again.
    targets = seed()[0]["targets"].copy()
    changed = targets.index[targets["target_id"] == "001_8750eb6a39ed0c07:I:1:2030"]
    targets.loc[changed, "raw_text"] = "≥ 99%"
    third = _stored(tmp_path, targets)
    assert third.rebuilt_plans == 1
    graphs_of_plan = {gid for gid, g in _graphs().items() if "001_8750eb6a39ed0c07" in g.bands}
    assert third.rebuilt_graphs == third.drawn_pictures == len(graphs_of_plan)
    assert "≥ 99%" in third.files["lineage/coverage_5g.json"].read_text(encoding="utf-8")
    assert "≥ 99%" in third.files["lineage/coverage_5g.svg"].read_text(encoding="utf-8")
    assert first.files["lineage/coverage_5g.json"].is_file() is False  # replaced, never rewritten in place


def test_a_plan_a_picture_does_not_draw_does_not_run_graphviz(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the cap a changed plan changes the graph's JSON, not its picture: Graphviz does not run."""
    monkeypatch.setattr(lineage_picture, "MAX_PLANS", 2)  # coverage_5g draws 57-NQ-TW and 000 only
    first = _stored(tmp_path)
    targets = seed()[0]["targets"].copy()
    targets.loc[targets["target_id"] == "001_8750eb6a39ed0c07:I:1:2030", "raw_text"] = "≥ 99%"
    again = _stored(tmp_path, targets)
    assert again.files["lineage/coverage_5g.svg"] == first.files["lineage/coverage_5g.svg"]
    assert again.files["lineage/coverage_5g.json"] != first.files["lineage/coverage_5g.json"]
    shown = {gid for gid, g in _graphs().items()
             if "001_8750eb6a39ed0c07" in lineage_picture.shown_plans(
                 {p: g.nodes[f"plan:{p}"]["level"] for p in g.bands})}
    assert again.drawn_pictures == len(shown) < again.rebuilt_graphs


def test_a_long_title_wraps_between_plans() -> None:
    """Six plans do not fit one title line; no plan's name is cut across lines."""
    g = _graphs()["digital_economy_share"]
    title = _svg_title_lines(draw(g))
    assert len(title) > 2 and all(any(g.nodes[f"plan:{p}"]["label"] in line for line in title) for p in g.bands)


def _svg_title_lines(svg: bytes) -> list[str]:
    root = ET.fromstring(svg)
    return [t.text for t in root.find(f"{SVG}g").findall(f"{SVG}text")]


def test_node_ids_name_their_kind() -> None:
    """`edge_rows` reads a node's kind from its id."""
    for g in _graphs().values():
        assert all(n.startswith(f"{d['kind']}:") for n, d in g.nodes.items())
