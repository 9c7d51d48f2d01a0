"""The lineage check: every published target in exactly one graph, as a (passed, metadata) pair.

Plain Python so Dagster asset checks stay thin wrappers (metadata values are
JSON-able: counts, lists of ids), and the same checks run in tests.
"""
from __future__ import annotations

import pandas as pd

from pipeline.tables.records import contained


def check_lineage_coverage(edges: pd.DataFrame, targets: pd.DataFrame) -> tuple[bool, dict]:
    """Every published target is reachable in exactly one graph, read from the published `lineage_edges` table.

    A published row appears as the target of its `validate` edge; counting
    the graphs those edges are in checks the file the portal downloads, not
    only the graphs in memory.
    """
    published = edges.loc[edges["step"] == "validate", ["graph_id", "target_node"]].drop_duplicates()
    seen = published["target_node"].str.partition(":")[2].value_counts()
    ids = targets["target_id"]
    missing = sorted(ids[~contained(ids, pd.Series(seen.index))].tolist())
    repeated = sorted(seen.index[seen.to_numpy() > 1].tolist())
    return not missing and not repeated, {"graphs": int(edges["graph_id"].nunique()), "targets": len(targets),
                                          "missing": missing[:20], "in_several_graphs": repeated[:20]}
