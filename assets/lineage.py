"""Lineage graphs as a Dagster asset: one graph and picture per concept, and the flat edges table, drawn again
only where plans changed; with the check that every published target is in exactly one graph.
"""
from __future__ import annotations

from pathlib import Path

import dagster as dg
import pandas as pd

from assets.link import parents
from assets.metadata import markdown, table_metadata
from assets.resources import PipelinePaths
from pipeline.ingest.inventory import Inventory
from pipeline.lineage.checks import check_lineage_coverage
from pipeline.lineage.store import build_lineage
from pipeline.link.catalog import load_catalog
from pipeline.tables.frames import arrow_frame

#: The graph every officer asks about first; its picture is linked from the UI.
SHOWCASE_GRAPH = "coverage_5g"


@dg.multi_asset(group_name="lineage", outs={
    "lineage_graphs": dg.AssetOut(description="One lineage graph per catalog indicator, from source lines to "
                                              "published rows: its node-link JSON and SVG picture. Only the plans "
                                              "and graphs whose inputs changed are drawn again."),
    "lineage_edges_table": dg.AssetOut(description="Published table lineage_edges: every lineage edge, flat, "
                                                   "for the portal."),
})
def lineage(paths: PipelinePaths, plan_inventory: Inventory, plans_table: pd.DataFrame, indicators_table: pd.DataFrame,
            targets_table: pd.DataFrame, catalog_links_table: pd.DataFrame, plan_digests: dict[str, str]):
    """The graphs' stored files and their edges as one table, drawn together: the edges come with the graphs."""
    drawn = build_lineage(plans_table, indicators_table, targets_table, catalog_links_table,
                          load_catalog(paths.catalog), parents(plan_inventory, plans_table), paths.lineage_store,
                          plan_digests)
    graphs = sorted({Path(name).stem for name in drawn.files})
    pictures = pd.DataFrame({"graph": graphs, "svg": [str(paths.latest / "lineage" / f"{g}.svg") for g in graphs]})
    yield dg.Output(drawn.files, output_name="lineage_graphs", metadata={
        "graphs": len(graphs),
        "edges": drawn.edges.num_rows,
        "plans_drawn": drawn.rebuilt_plans,
        "graphs_drawn": drawn.rebuilt_graphs,
        "showcase": dg.MetadataValue.path(str(paths.latest / "lineage" / f"{SHOWCASE_GRAPH}.svg")),
        "pictures": markdown(pictures),
    })
    edges = arrow_frame("lineage_edges", drawn.edges)
    yield dg.Output(edges, output_name="lineage_edges_table", metadata=table_metadata("lineage_edges", edges))


@dg.asset_check(asset="lineage_edges_table", blocking=True, additional_ins={"targets_table": dg.AssetIn("targets_table")},
                description="Every published target is reachable in exactly one lineage graph.")
def lineage_covers_every_target(lineage_edges_table: pd.DataFrame, targets_table: pd.DataFrame) -> dg.AssetCheckResult:
    passed, summary = check_lineage_coverage(lineage_edges_table, targets_table)
    return dg.AssetCheckResult(passed=passed, metadata={k: dg.MetadataValue.json(v) if isinstance(v, list) else v
                                                        for k, v in summary.items()})
