"""Each linked target as its concept reads it: the concept its value states, its measure, its interval, and
whether it is compared.

The indicator browser's charts, the consistency rules and the lineage graphs all look at a target through
its concept, and must agree on what they see, so it is decided here once:

- `catalog_id`: the concept the value states (`linking.stated_concept`): the indicator's link, or another
  entry where the value names another technology ("6G (50%)" in a "5G/6G" row); `linked_catalog_id` keeps
  the indicator's own link.
- `measure` (`units.MEASURES`): what the number can be set beside. % , % GRDP and % GDP are one share; a
  percent that grows each year is `percent_per_year`; a status target has none.
- `low`, `high`: the interval of values the target allows, empty for an open end ("≥ 80" → 80 to none,
  "2-3" → 2 to 3).
- `comparable` (yes/no) and `note`: why the value is not compared (nor drawn as a chart point), or None when it is: a status target,
  a measure other than the concept's canonical one, or words that qualify the number ("100% trung tâm xã
  được phủ sóng 5G" counts commune centres, not people). A value whose year is a best guess
  (`year_uncertain`) is compared and drawn, and keeps its flag: what is built on it says so.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from pipeline.link.catalog import Catalog
from pipeline.link.linking import fold, markers, target_concepts
from pipeline.metadata import units
from pipeline.tables.records import contained

#: The published table's columns (`pipeline.metadata.columns`, table `concept_values`); a consumer joins `targets`
#: on target_id for the rest.
COLUMNS = ("target_id", "plan_id", "catalog_id", "linked_catalog_id", "measure", "low", "high", "comparable",
           "note")
STATUS_NOTE = "a status target: words, no number"
#: What the decision reads of a target.
_READ = ("target_id", "plan_id", "indicator_id", "comparator", "value", "value_max", "value_text", "unit",
         "unit_raw", "raw_text")


def neutral_words(value_text: str, catalog_id: str, catalog: Catalog) -> bool:
    """True when a value's words do not change what its number measures: a maintained floor, a restated
    denominator, or only the markers of the concept it states ("6G" on a 6G value)."""
    if units.NEUTRAL_QUALIFIER.fullmatch(" ".join(value_text.split())):
        return True
    said = markers(value_text)
    named = {m for w in catalog.entries[catalog_id].wordings for m in markers(w)}
    return bool(said) and said <= named and not (set(fold(value_text).split()) - said)


def _measures(rows: pd.DataFrame) -> pd.Series:
    """Each row's measure: its unit's, except a share that grows each year, a growth rate."""
    measure = rows["unit"].astype(object).map(units.MEASURE_OF_UNIT)
    share = measure.eq(units.SHARE).to_numpy()
    printed = rows.loc[share, "raw_text"].fillna("") + " " + rows.loc[share, "unit_raw"].fillna("")
    growth = np.zeros(len(rows), dtype=bool)
    growth[share] = printed.str.contains(units.GROWTH_WORDS.pattern, case=False, regex=True).to_numpy(dtype=bool)
    return measure.mask(growth, units.PERCENT_PER_YEAR)


def _bounds(rows: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """The interval each row allows, None where open or where there is no number; strictness is ignored
    ("> 80" and "≥ 80" both start at 80): plans round, so a strict bound is no gap."""
    comparator, value, value_max = rows["comparator"].astype(object), rows["value"], rows["value_max"]
    low = value.where(comparator.isin(["between", ">=", ">", "="]))
    high = value_max.where(comparator.eq("between"), value.where(comparator.isin(["<=", "<", "="])))
    return low, high


def concept_values(targets: pd.DataFrame, links: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """One row (COLUMNS) per target of a linked indicator whose value states a concept, in the targets' order.
    A value that names markers no single entry has (`stated_concept` None) is in no concept; its indicator's
    link still lists it for review. Column-wise: a national corpus has a quarter of a million targets, and
    only values with words need a look one by one."""
    stated = target_concepts(targets, links, catalog)
    rows = targets.loc[contained(targets["target_id"], pd.Series(list(stated), dtype=object)), list(_READ)]
    rows = rows.assign(catalog_id=rows["target_id"].astype(object).map(stated))
    rows = rows[rows["catalog_id"].notna()].reset_index(drop=True)
    linked = links.loc[links["status"] == "linked"].set_index("indicator_id")["catalog_id"].astype(object)
    canonical = {c: units.MEASURE_OF_UNIT.get(e.preferred_unit) for c, e in catalog.entries.items()}
    measure = _measures(rows)
    low, high = _bounds(rows)
    expected = rows["catalog_id"].map(canonical)
    status = measure.isna() | rows["value"].isna()
    other = ~status & measure.ne(expected)
    note = pd.Series(None, index=rows.index, dtype=object)
    note[status] = STATUS_NOTE
    note[other] = "in " + measure[other] + ", the concept is compared in " + expected[other].astype(str)
    worded = ~status & ~other & rows["value_text"].notna()
    for i, text, catalog_id in zip(rows.index[worded], rows.loc[worded, "value_text"], rows.loc[worded, "catalog_id"]):
        if not neutral_words(text, catalog_id, catalog):
            note[i] = f"qualified by the words \"{text}\""
    return pd.DataFrame({
        "target_id": rows["target_id"], "plan_id": rows["plan_id"], "catalog_id": rows["catalog_id"],
        "linked_catalog_id": rows["indicator_id"].astype(object).map(linked), "measure": measure,
        "low": low, "high": high, "comparable": note.isna().map({True: "yes", False: "no"}), "note": note,
    }, columns=list(COLUMNS))


def with_targets(values: pd.DataFrame, targets: pd.DataFrame, fields: list[str]) -> pd.DataFrame:
    """`values` joined with the `fields` of their targets (target_id, then the values' columns, then
    `fields`), in the values' order."""
    return values.merge(targets[["target_id", *(f for f in fields if f not in values.columns)]], on="target_id",
                        how="left", validate="one_to_one")
