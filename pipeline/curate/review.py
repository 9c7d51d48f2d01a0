"""The review queue: every flagged target, with what an officer needs to check it against the source.

A flag says a person should look; this table is where they look. It carries
the file and line span to open, the cell as printed next to what was read
from it, and one sentence per flag (in Vietnamese) saying what to check. A
decision goes into `data/overrides.csv` (see `pipeline.curate.overrides`).
"""
from __future__ import annotations

import pandas as pd

from pipeline.metadata.columns import FLAGS, TABLES

_WHAT_TO_CHECK = {f.name: f.vi for f in FLAGS}


def review_queue(targets: pd.DataFrame) -> pd.DataFrame:
    """The `review_queue` table: the targets that still carry a flag, in the targets' order."""
    columns = [c for c in TABLES["review_queue"].column_names if c != "what_to_check"]
    flagged = targets.loc[[len(v) > 0 for v in targets["flags"]], columns]
    return flagged.assign(what_to_check=[" ".join(_WHAT_TO_CHECK[f] for f in flags) for flags in flagged["flags"]]
                          ).reset_index(drop=True)
