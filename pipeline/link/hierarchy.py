"""Which plan implements which: the administrative hierarchy national → province → department/party → ward.

The registry's `implements` column names the parent plan (a plan_id); plans
not listed, or a parent that is not among the published plans, simply have no
parent. Lineage draws these edges; consistency uses the top plan below the
national level to tell which plans belong to the same province.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

LEVEL_ORDER = {"national": 0, "province": 1, "party_committee": 2, "department": 2, "ward": 3}


def plan_parents(registry: Mapping[str, Mapping[str, str | None]], plan_ids: Iterable[str]) -> dict[str, str]:
    """plan_id → parent plan_id, for registry rows whose plan and parent are both published."""
    known = set(plan_ids)
    parents: dict[str, str] = {}
    for row in registry.values():
        child, parent = row.get("plan_id"), row.get("implements")
        if child in known and parent in known and child != parent:
            parents[child] = parent
    return parents


def ancestors(plan_id: str, parents: Mapping[str, str]) -> list[str]:
    """Parent, grandparent, … of `plan_id`, nearest first; stops at a cycle."""
    chain: list[str] = []
    current = parents.get(plan_id)
    while current is not None and current != plan_id and current not in chain:
        chain.append(current)
        current = parents.get(current)
    return chain


def province_root(plan_id: str, parents: Mapping[str, str], levels: Mapping[str, str | None]) -> str | None:
    """The highest non-national plan above (or equal to) `plan_id`: plans sharing it are of one province."""
    if levels.get(plan_id) == "national":
        return None
    chain = [plan_id, *ancestors(plan_id, parents)]
    return [p for p in chain if levels.get(p) != "national"][-1]


#: A level in words, for a plan that states no issuer or title (Vietnamese, English).
LEVEL_WORDS = {"national": ("trung ương", "National"), "province": ("cấp tỉnh", "Provincial"),
               "party_committee": ("của cấp ủy", "Party committee"), "department": ("cấp sở", "Department"),
               "ward": ("cấp xã, phường", "Ward")}
_TITLE_CHARS = 90


def plan_label(plan: Mapping[str, object], lang: str = "vi") -> str:
    """How a person names a plan: "Issuer (number)", else its title (shortened), else its level in words.

    A plan_id is a file hash: it names a plan to a machine, never to a reader.
    """
    issuer, number, title = (plan.get(k) or None for k in ("issuer", "doc_number", "title"))
    if issuer:
        return f"{issuer} ({number})" if number else str(issuer)
    if title:
        text = str(title)
        return text if len(text) <= _TITLE_CHARS else text[: _TITLE_CHARS - 1].rsplit(" ", 1)[0] + "…"
    vi, en = LEVEL_WORDS.get(str(plan.get("level")), ("", "A"))
    return " ".join(w for w in ("Kế hoạch", vi, "(chưa rõ cơ quan ban hành)") if w) if lang == "vi" else \
        f"{en} plan (issuer not stated)"
