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

import pandas as pd

from pipeline.link.catalog import Catalog
from pipeline.link.linking import fold, markers, target_concepts
from pipeline.metadata import units
from pipeline.tables.records import contained, plain_records

#: The published table's columns (`pipeline.metadata.columns`, table `concept_values`); a consumer joins `targets`
#: on target_id for the rest.
COLUMNS = ("target_id", "catalog_id", "linked_catalog_id", "measure", "low", "high", "comparable", "note")


def measure_of(unit: str, raw_text: str, unit_raw: str | None) -> str | None:
    """The measure of one target (module docstring); None for a status target."""
    measure = units.MEASURE_OF_UNIT.get(unit)
    if measure == units.SHARE and (units.GROWTH_WORDS.search(raw_text) or units.GROWTH_WORDS.search(unit_raw or "")):
        return units.PERCENT_PER_YEAR
    return measure


def interval(comparator: str, value: float, value_max: float | None) -> tuple[float | None, float | None]:
    """The values a numeric target allows, None for an open end; strictness is ignored ("> 80" and "≥ 80"
    both start at 80): plans round, so a strict bound is no gap."""
    if comparator == "between":
        return value, value_max
    if comparator in (">=", ">"):
        return value, None
    if comparator in ("<=", "<"):
        return None, value
    return value, value


def neutral_words(value_text: str, catalog_id: str, catalog: Catalog) -> bool:
    """True when a value's words do not change what its number measures: a maintained floor, a restated
    denominator, or only the markers of the concept it states ("6G" on a 6G value)."""
    if units.NEUTRAL_QUALIFIER.fullmatch(" ".join(value_text.split())):
        return True
    said = markers(value_text)
    named = {m for w in catalog.entries[catalog_id].wordings for m in markers(w)}
    return bool(said) and said <= named and not (set(fold(value_text).split()) - said)


def why_not_compared(t: dict, canonical: str | None, catalog: Catalog) -> str | None:
    """The `note` of one target (module docstring), given its concept's canonical measure."""
    if t["measure"] is None or t["value"] is None:
        return "a status target: words, no number"
    if t["measure"] != canonical:
        return f"in {t['measure']}, the concept is compared in {canonical}"
    if t["value_text"] is not None and not neutral_words(t["value_text"], t["catalog_id"], catalog):
        return f"qualified by the words \"{t['value_text']}\""
    return None


_READ = ("target_id", "indicator_id", "comparator", "value", "value_max", "value_text", "unit", "unit_raw",
         "raw_text")


def concept_values(targets: pd.DataFrame, links: pd.DataFrame, catalog: Catalog) -> list[dict]:
    """One row (COLUMNS) per target of a linked indicator whose value states a concept, in the targets' order.
    A value that names markers no single entry has (`stated_concept` None) is in no concept; its indicator's
    link still lists it for review."""
    stated = target_concepts(targets, links, catalog)
    rows = targets[contained(targets["target_id"], pd.Series(list(stated), dtype=object))]
    linked = dict(zip(*(links.loc[links["status"] == "linked", c].tolist() for c in ("indicator_id", "catalog_id"))))
    out = []
    for t in plain_records(rows, _READ):
        t["catalog_id"] = stated[t["target_id"]]
        if t["catalog_id"] is None:
            continue
        t["linked_catalog_id"] = linked[t["indicator_id"]]
        t["measure"] = measure_of(t["unit"], t["raw_text"], t["unit_raw"])
        t["low"], t["high"] = (interval(t["comparator"], t["value"], t["value_max"]) if t["value"] is not None
                               else (None, None))
        canonical = units.MEASURE_OF_UNIT.get(catalog.entries[t["catalog_id"]].preferred_unit)
        t["note"] = why_not_compared(t, canonical, catalog)
        t["comparable"] = "yes" if t["note"] is None else "no"
        out.append({c: t[c] for c in COLUMNS})
    return out


def with_targets(values: pd.DataFrame, targets: pd.DataFrame, fields: list[str]) -> pd.DataFrame:
    """`values` joined with the `fields` of their targets (target_id, then the values' columns, then
    `fields`), in the values' order."""
    return values.merge(targets[["target_id", *(f for f in fields if f not in values.columns)]], on="target_id",
                        how="left", validate="one_to_one")
