"""The chain graph's drawing, computed here and drawn by a template as inline SVG (no script).

Units are boxes, links arrows from supplier to customer. Each group of connected units is drawn
as its own block, suppliers above their customers in layers (an arrow that skips a layer bends
out to the right, one back up a loop to the left); blocks are stacked, so the drawing stays
narrow enough for a phone. An arrow's
colour reads its mean rating on the workspace scale (low red, high green), a weak link is drawn
thick with a "weak" flag, and a link without figures (hidden or not rated) is grey and dashed.
Plain Python, no Django.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

ROW_H, COL_W = 78, 128  # one layer of units (top to bottom), one unit within a layer
BOX_W, BOX_H = 116, 40
SIDE = 52  # room on either side for arrows that skip a layer or run back up a loop
MARGIN, GAP = 8, 20  # above and below the drawing, between blocks
LINE = 16  # the characters of a box label's line
# Low to high, each readable on white (WCAG 3:1 for graphics): red, orange, olive, green, teal.
COLOURS = ("#b3261e", "#b35900", "#7a6a00", "#2e7d32", "#00695c")
NO_FIGURE = "#6b6b6b"


@dataclass
class Node:
    code: str
    name: str
    x: float = 0
    y: float = 0
    lines: list[tuple[str, float]] = field(default_factory=list)  # (text, baseline y)

    @property
    def middle(self) -> float:
        return self.x + BOX_W / 2


@dataclass
class Edge:
    supplier: str
    customer: str
    path: str  # SVG path data
    head: str  # the arrowhead's polygon points
    colour: str
    width: float
    dashed: bool
    weak: bool
    label: str  # the mean, as shown on the arrow
    lx: float
    ly: float
    anchor: str  # the label's text-anchor
    title: str  # the arrow's tooltip: link, mean and interval


@dataclass
class Drawing:
    width: int
    height: int
    nodes: list[Node]
    edges: list[Edge]
    box_w: int = BOX_W
    box_h: int = BOX_H


def colour(mean: float, scale_max: int) -> str:
    share = (mean - 1) / (scale_max - 1) if scale_max > 1 else 0.5
    return COLOURS[min(len(COLOURS) - 1, max(0, int(share * len(COLOURS))))]


def wrap(text: str, width: int = LINE) -> list[str]:
    """At most two lines of about ``width`` characters; a longer name ends in an ellipsis."""
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    if len(lines) > 2:
        lines = [lines[0], lines[1][: width - 1] + "…"]
    return [li if len(li) <= width + 2 else li[: width + 1] + "…" for li in lines]


def _components(codes: list[str], links: Sequence[tuple[str, str]]) -> list[list[str]]:
    near: dict[str, set[str]] = {c: set() for c in codes}
    for s, c in links:
        near[s].add(c)
        near[c].add(s)
    seen: set[str] = set()
    found = []
    for start in codes:
        if start in seen:
            continue
        block, todo = [], [start]
        seen.add(start)
        while todo:
            code = todo.pop()
            block.append(code)
            for other in sorted(near[code] - seen):
                seen.add(other)
                todo.append(other)
        found.append(sorted(block))
    return found


def _layers(block: list[str], links: Sequence[tuple[str, str]]) -> dict[str, int]:
    """Each unit's layer: the longest chain of suppliers above it, loops broken where a depth
    first walk (in code order) meets a unit already on its path."""
    feeds: dict[str, list[str]] = {c: [] for c in block}
    for s, c in links:
        if s in feeds and c in feeds:
            feeds[c].append(s)
    column: dict[str, int] = {}
    on_path: set[str] = set()

    def depth(code: str) -> int:
        if code in column:
            return column[code]
        on_path.add(code)
        d = max((depth(s) + 1 for s in sorted(feeds[code]) if s not in on_path), default=0)
        on_path.discard(code)
        column[code] = d
        return d

    for code in block:
        depth(code)
    return column


def _baselines(lines: list[str], top: float) -> list[tuple[str, float]]:
    if len(lines) == 1:
        return [(lines[0], top + BOX_H / 2 + 4)]
    return [(lines[0], top + BOX_H / 2 - 3), (lines[1], top + BOX_H / 2 + 11)]


def _arrowhead(x: float, y: float, dx: float, dy: float) -> str:
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    back_x, back_y = x - 9 * ux, y - 9 * uy
    left = (back_x - 4.5 * uy, back_y + 4.5 * ux)
    right = (back_x + 4.5 * uy, back_y - 4.5 * ux)
    return f"{x:.1f},{y:.1f} {left[0]:.1f},{left[1]:.1f} {right[0]:.1f},{right[1]:.1f}"


def layout(names: dict[str, str], rows: Sequence[dict], scale_max: int) -> Drawing:
    """The drawing of the links in ``rows`` (the chain report's rows, names included)."""
    links = [(r["supplier"], r["customer"]) for r in rows]
    codes = sorted({c for link in links for c in link})
    blocks = []
    widest = 1
    for block in _components(codes, links):
        layer = _layers(block, links)
        per_layer: dict[int, list[str]] = {}
        for code in block:
            per_layer.setdefault(layer[code], []).append(code)
        widest = max(widest, max(len(m) for m in per_layer.values()))
        blocks.append(per_layer)
    width = 2 * SIDE + (widest - 1) * COL_W + BOX_W
    nodes: dict[str, Node] = {}
    top = MARGIN
    for per_layer in blocks:
        for depth, members in per_layer.items():
            left = SIDE + (widest - len(members)) * COL_W / 2  # each layer centred
            for i, code in enumerate(sorted(members)):
                name = names.get(code) or code
                x, y = left + i * COL_W, top + depth * ROW_H
                nodes[code] = Node(code, name, x, y, _baselines(wrap(name), y))
        top += (max(per_layer) + 1) * ROW_H - (ROW_H - BOX_H) + GAP
    edges = [_edge(r, nodes, scale_max, width) for r in rows]
    return Drawing(int(width), int(top - GAP + MARGIN), list(nodes.values()), edges)


def _edge(row: dict, nodes: dict[str, Node], scale_max: int, width: float) -> Edge:
    a, b = nodes[row["supplier"]], nodes[row["customer"]]
    mean = row.get("mean") if not row.get("suppressed") else None
    layers = round((b.y - a.y) / ROW_H)
    if layers == 1:  # the next layer down: bottom of the supplier to the top of the customer
        x1, y1, x2, y2 = a.middle, a.y + BOX_H, b.middle, b.y
        path = f"M{x1:.1f},{y1:.1f} L{x2:.1f},{y2:.1f}"
        head = _arrowhead(x2, y2, x2 - x1, y2 - y1)
        lx, ly = (x1 + x2) / 2 + 4, (y1 + y2) / 2 + 4
        anchor = "start"
    else:  # skips a layer or runs back up a loop: out round the side nearer the supplier
        right = a.middle >= width / 2
        x1 = a.x + BOX_W if right else a.x
        x2 = b.x + BOX_W if right else b.x
        y1, y2 = a.y + BOX_H / 2, b.y + BOX_H / 2
        # the control point puts the curve's middle just outside every box of the drawing
        outside = (width - SIDE + 10) if right else (SIDE - 10)
        cx, cy = 2 * outside - (x1 + x2) / 2, (y1 + y2) / 2
        path = f"M{x1:.1f},{y1:.1f} Q{cx:.1f},{cy:.1f} {x2:.1f},{y2:.1f}"
        head = _arrowhead(x2, y2, x2 - cx, y2 - cy)
        lx, ly = outside + (10 if right else -10), cy - 6
        anchor = "middle"
    label = "" if mean is None else f"{mean:.1f}"
    text = f"{a.name} → {b.name}: "
    if row.get("suppressed"):
        text += "hidden (too few raters)"
    elif mean is None:
        text += "not rated yet"
    else:
        text += f"{mean:.1f}, n = {row['n']}"
        if row.get("ci_low") is not None:
            text += f", 95 % interval {row['ci_low']:.1f} to {row['ci_high']:.1f}"
        if row.get("weak"):
            text += "; weak link"
    return Edge(
        supplier=a.code,
        customer=b.code,
        path=path,
        head=head,
        colour=NO_FIGURE if mean is None else colour(mean, scale_max),
        width=4.5 if row.get("weak") else 2.0,
        dashed=mean is None,
        weak=bool(row.get("weak")),
        label=label,
        lx=lx,
        ly=ly,
        anchor=anchor,
        title=text,
    )
