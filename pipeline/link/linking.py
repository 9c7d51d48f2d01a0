"""Link every extracted indicator to one catalog concept, or list it for review.

Method, in order:
1. curated: an officer's decision in `data/catalog/links.csv` (score 100);
2. similarity: the indicator's name, accent-folded (`fold`), against every
   wording of every catalog entry with rapidfuzz; the best entry is linked
   when its score reaches `ACCEPT`, no other entry comes within `MARGIN`, the
   marker tokens agree ("5G" is not "6G", "PII" is not "DTI") and the
   indicator's units are compatible with the entry's preferred unit.
Anything else is never forced: the row says `review` with the best candidate,
its score and why it was not linked, so a person can add a curated link or an
alias.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import pandas as pd
from rapidfuzz import fuzz
from unidecode import unidecode

from pipeline.link.catalog import Catalog, Entry
from pipeline.metadata import units

ACCEPT = 85.0
MARGIN = 2.0
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_TI = re.compile(r"\bti (le|trong)\b")  # "Tỉ lệ" and "Tỷ lệ" are one word spelt two ways
# Tokens that name what is measured precisely: "5g", "6g", and acronyms printed in capitals.
_MARKER = re.compile(r"\b\d+[a-z]+\b")
_ACRONYM = re.compile(r"\b(?:[A-Z][A-Za-z]*[A-Z][A-Za-z]*|\d+[A-Z]+)\b")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case ASCII words: "Tỉ lệ phủ sóng 5G." → "ty le phu song 5g"."""
    ascii_text = unidecode(unicodedata.normalize("NFC", text)).lower()
    return _TI.sub(r"ty \1", " ".join(_NOT_WORD.sub(" ", ascii_text).split()))


@lru_cache(maxsize=65536)
def markers(text: str) -> frozenset[str]:
    """Marker tokens of a wording: "5g", "hdi", "dti", "vneid" (not common words)."""
    printed = {unidecode(m).lower() for m in _ACRONYM.findall(text)}
    return frozenset(printed | set(_MARKER.findall(fold(text)))) - {"ai", "iot"}


def similarity(name: str, wording: str) -> float:
    """0–100: how alike two wordings are, word order and extra words weighing less than missing ones."""
    a, b = fold(name), fold(wording)
    return round(0.5 * fuzz.token_sort_ratio(a, b) + 0.5 * fuzz.token_set_ratio(a, b), 1)


def units_compatible(found: Iterable[str], preferred: str) -> bool:
    """True unless every non-status unit of the indicator is of another family than the preferred one."""
    families = {units.MEASURE_OF_UNIT[u] for u in found if u != units.STATUS}
    return preferred == units.STATUS or not families or units.MEASURE_OF_UNIT[preferred] in families


def _markers_agree(name: str, entry: Entry) -> bool:
    """False when both sides print markers and none of the entry's wordings has only markers the name has."""
    mine = markers(name)
    return not mine or any(markers(w) <= mine for w in entry.wordings)


def _best(name: str, entries: Iterable[Entry]) -> list[tuple[float, Entry]]:
    scored = [(max(similarity(name, w) for w in e.wordings), e) for e in entries]
    return sorted(scored, key=lambda se: (-se[0], se[1].catalog_id))


def link_one(name: str, found_units: Iterable[str], catalog: Catalog) -> dict:
    """The similarity decision for one indicator name (see module docstring)."""
    found_units = sorted(set(found_units))
    candidates = [(s, e) for s, e in _best(name, catalog.entries.values()) if _markers_agree(name, e)]
    if not candidates:
        return {"catalog_id": None, "candidate_id": None, "method": "none", "score": None,
                "status": "review", "reason": "no catalog entry with the same markers"}
    score, entry = candidates[0]
    decision = {"catalog_id": None, "candidate_id": entry.catalog_id, "method": "similarity", "score": score,
                "status": "review"}
    runner_up = next(((s, e) for s, e in candidates[1:] if s >= score - MARGIN), None)
    if score < ACCEPT:
        return {**decision, "reason": f"weak similarity {score:g} < {ACCEPT:g}"}
    if runner_up is not None:
        return {**decision, "reason": f"ambiguous: {runner_up[1].catalog_id} scores {runner_up[0]:g}"}
    if not units_compatible(found_units, entry.preferred_unit):
        return {**decision, "reason": f"unit {'/'.join(found_units)} does not fit {entry.preferred_unit}"}
    return {**decision, "catalog_id": entry.catalog_id, "status": "linked", "reason": None}


def link_indicators(indicators: pd.DataFrame, targets: pd.DataFrame, catalog: Catalog) -> list[dict]:
    """One `catalog_links` row per indicator, in the indicators table's order.

    Plans copy their indicator lists from one another, so one name recurs in
    many plans: each (name, units) is decided once.
    """
    units_of: dict[str, set[str]] = {}
    for indicator_id, unit in zip(targets["indicator_id"].tolist(), targets["unit"].tolist()):
        units_of.setdefault(indicator_id, set()).add(unit)
    decided: dict[tuple[str, frozenset[str]], dict] = {}
    rows = []
    for indicator_id, plan_id, name in zip(*(indicators[c].tolist() for c in ("indicator_id", "plan_id",
                                                                                "indicator_name"))):
        base = {"indicator_id": indicator_id, "plan_id": plan_id, "indicator_name": name}
        curated = catalog.curated.get(indicator_id)
        if curated is not None:
            rows.append({**base, "catalog_id": curated.catalog_id, "candidate_id": curated.catalog_id,
                         "method": "curated", "score": 100.0,
                         "status": "linked" if curated.catalog_id else "excluded", "reason": curated.note})
            continue
        key = (name, frozenset(units_of.get(indicator_id, ())))
        if key not in decided:
            decided[key] = link_one(key[0], key[1], catalog)
        rows.append({**base, **decided[key]})
    return rows


def stated_concept(name: str, value_text: str | None, entry: Entry, catalog: Catalog) -> str | None:
    """The concept one value of an indicator linked to `entry` states: `entry`'s, or another entry's.

    A row may print two technologies ("Tỷ lệ phủ sóng 5G/6G", with "6G (50%)" from 2035): a value whose
    words name markers none of `entry`'s wordings has ("6G") states the entry whose wordings have them,
    the one whose wordings are most like the indicator's name. None when no entry, or no single best one,
    names them: the value is then no concept's and is left out of every chart and comparison.
    """
    said = markers(value_text) if value_text else frozenset()
    if not said or any(said <= markers(w) for w in entry.wordings):
        return entry.catalog_id
    naming = [e for e in catalog.entries.values() if any(said <= markers(w) for w in e.wordings)]
    ranked = _best(name, naming)
    if not ranked or (len(ranked) > 1 and ranked[1][0] == ranked[0][0]):
        return None
    return ranked[0][1].catalog_id


def target_concepts(targets: pd.DataFrame, links: pd.DataFrame, catalog: Catalog) -> dict[str, str | None]:
    """target_id → the concept its value states (`stated_concept`), for every target of a linked indicator.

    Only values with words (value_text) can name another concept, so the others take their indicator's link
    without a look at the catalog; plans copy their wordings, so each (name, words, link) is decided once.
    """
    linked = links.loc[links["status"] == "linked"].set_index("indicator_id")["catalog_id"].astype(object)
    concept = targets["indicator_id"].astype(object).map(linked)
    mine = concept.notna().to_numpy()
    out: dict[str, str | None] = dict(zip(targets["target_id"].to_numpy()[mine].tolist(), concept[mine].tolist()))
    worded = mine & targets["value_text"].notna().to_numpy()
    decided: dict[tuple[str, str, str], str | None] = {}
    for target_id, name, text, catalog_id in zip(targets["target_id"].to_numpy()[worded].tolist(),
                                                 targets["indicator_name"].to_numpy()[worded].tolist(),
                                                 targets["value_text"].to_numpy()[worded].tolist(),
                                                 concept[worded].tolist()):
        key = (name, text, catalog_id)
        if key not in decided:
            decided[key] = stated_concept(name, text, catalog.entries[catalog_id], catalog)
        out[target_id] = decided[key]
    return out
