"""A lineage graph drawn as a self-contained SVG that a person can read in a browser.

Pure Python (no Graphviz binary to install): nodes are laid out in columns by
kind, in the order a number travels — plan, file, lines, row, normalized
target, published row, catalog indicator — so a reader follows any published
value leftwards to its source lines. Rows are ordered by plan (national first,
then down the hierarchy) so a plan's file, lines, rows and targets sit side by
side. Hovering a node shows its full text; edges are coloured by step.
Output is deterministic: the same graph gives the same bytes.
"""
from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from pipeline.hierarchy import LEVEL_ORDER

if TYPE_CHECKING:  # the graph type lives with the builder, which imports this renderer
    from pipeline.lineage import LineageGraph

COLUMNS = ("plan", "file", "lines", "row", "target", "published", "catalog")
FILL = {"plan": "#fde2c8", "file": "#e4e4e4", "lines": "#eeeeee", "row": "#dbe9f6", "target": "#d9f0d3",
        "published": "#c7e9c0", "catalog": "#f6d5e8"}
STROKE = {"register": "#999999", "segment": "#777777", "extract": "#4a78b5", "normalize": "#3f9b3f",
          "validate": "#2d7a2d", "publish": "#b07a2d", "link": "#b0408a", "implements": "#d2691e"}
BOX_W, BOX_H, GAP_X, GAP_Y, TOP, LEFT = 220, 22, 40, 6, 70, 50
MAX_CHARS = 36
MAX_PLANS = 40


def _short(text: str) -> str:
    return text if len(text) <= MAX_CHARS else text[: MAX_CHARS - 1] + "…"


def render_svg(g: LineageGraph, max_plans: int = MAX_PLANS) -> str:
    """The graph as SVG text (see module docstring).

    A picture of thousands of plans is unreadable (and slow to draw): past
    `max_plans` plan bands the picture shows the first ones and says so; the
    graph's JSON always holds every plan. Rows sort by plan level, then plan,
    then node id, so each plan's nodes form one band.
    """
    level = {p: LEVEL_ORDER.get(g.nodes[f"plan:{p}"].get("level") or "", 9) for p in g.bands}
    plans = sorted(g.bands, key=lambda p: (level[p], p))
    shown, n_plans = plans[:max_plans], len(plans)
    order = {n: (level[p], p, n) for p in shown for n in g.bands[p]}
    top = f"catalog:{g.graph_id}"  # the concept itself, in no plan's band
    if top in g.nodes:
        order[top] = (9, "", top)
    nodes = {n: g.nodes[n] for n in order}
    columns = {kind: sorted((n for n, d in nodes.items() if d["kind"] == kind), key=order.__getitem__)
               for kind in COLUMNS}
    pos: dict[str, tuple[int, int]] = {}
    for col, kind in enumerate(COLUMNS):
        for row, node in enumerate(columns[kind]):
            pos[node] = (LEFT + col * (BOX_W + GAP_X), TOP + row * (BOX_H + GAP_Y))
    height = TOP + max(len(v) for v in columns.values()) * (BOX_H + GAP_Y) + 20
    width = LEFT + len(COLUMNS) * (BOX_W + GAP_X)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'font-family="sans-serif" font-size="11">',
           f'<text x="{LEFT}" y="22" font-size="15" font-weight="bold">'
           f'{escape(g.graph_id)}: {escape(g.name)}</text>']
    if n_plans > len(shown):
        out.append(f'<text x="{LEFT}" y="40" fill="#b00000">showing {len(shown)} of {n_plans} plans; '
                   f'every plan is in {escape(g.graph_id)}.json</text>')
    for col, kind in enumerate(COLUMNS):
        out.append(f'<text x="{LEFT + col * (BOX_W + GAP_X)}" y="{TOP - 12}" font-weight="bold">{kind}</text>')
    legend_x = LEFT + 420
    for i, (step, colour) in enumerate(STROKE.items()):
        out.append(f'<text x="{legend_x + i * 85}" y="22" fill="{colour}">— {step}</text>')
    for (source, target), link in g.edges.items():
        step, detail = link["step"], link["detail"]
        if source not in pos or target not in pos:
            continue
        (x1, y1), (x2, y2) = pos[source], pos[target]
        y1, y2 = y1 + BOX_H // 2, y2 + BOX_H // 2
        if x1 == x2:  # plan implements plan: an arc left of the column
            d = f"M{x1},{y1} C{x1 - 30},{y1} {x2 - 30},{y2} {x2},{y2}"
        else:
            sx, tx = (x1 + BOX_W, x2) if x2 > x1 else (x1, x2 + BOX_W)
            mid = (sx + tx) / 2
            d = f"M{sx},{y1} C{mid},{y1} {mid},{y2} {tx},{y2}"
        title = escape(f"{step}: {detail}" if detail else step)
        out.append(f'<path d="{d}" fill="none" stroke="{STROKE[step]}" stroke-width="1.2">'
                   f'<title>{title}</title></path>')
    for node, (x, y) in pos.items():
        data = nodes[node]
        details = "\n".join(f"{k}: {v}" for k, v in sorted(data.items()) if k not in ("id", "kind", "label") and v is not None)
        out.append(f'<g><title>{escape(node)}\n{escape(data["label"])}\n{escape(details)}</title>'
                   f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="4" fill="{FILL[data["kind"]]}" '
                   f'stroke="#555"/><text x="{x + 5}" y="{y + 15}">{escape(_short(data["label"]))}</text></g>')
    out.append("</svg>")
    return "\n".join(out) + "\n"
