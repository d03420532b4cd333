"""The fact-vs-perception 2 × 2: each standard's indicator placed by delivery and by noticing.

Across: how far the indicator is beyond its target, in % of the target, in the direction that is
better (0 or more: delivered). Up: the upper end of the customers' gap's 95 % interval (0 or
more: noticed). So a point's quadrant on the chart is exactly its ``quadrant`` in the table
(``servicegap.quality.facts``). Plain Python, no Django; ``reports/scatter.html`` draws it.
"""

from __future__ import annotations

import math
from typing import Any

from servicegap.gaps import charts
from servicegap.gaps.charts import Axis, Tick, fmt
from servicegap.reports.names import name_of
from servicegap.reports.report_charts import (
    SCATTER_FRAMES,
    SCATTER_WIDE,
    Frame,
    Point,
    Scatter,
    _quadrants,
    place_labels,
)

NAMES = ("not delivered, rated well", "delivered and noticed", "not delivered",
         "delivered, not noticed")  # fmt: skip
# a phone's plot is too narrow for the long names of the two top corners side by side
SHORT = ("missed, rated well", "noticed", "not delivered", "not noticed")
WORDS = {"delivered_noticed": "delivered and noticed",
         "delivered_not_noticed": "delivered, not noticed",
         "not_delivered_rated_well": "not delivered, rated well",
         "not_delivered": "not delivered"}  # fmt: skip


def margin(row: dict[str, Any]) -> float | None:
    """How far the value is beyond the target, % of the target, signed so that + is better."""
    value, target = row.get("value"), row.get("target")
    if value is None or target is None:
        return None
    sign = 1 if row.get("higher_is_better", True) else -1
    return 100 * sign * (value - target) / (abs(target) or 1)


def _axis(values: list[float], left: float, right: float, ticks: int) -> Axis:
    lo, hi = min(min(values), 0.0), max(max(values), 0.0)
    step = charts.nice_step(max(hi - lo, 1.0), ticks)
    pad = (hi - lo) * 0.1 or step
    axis = Axis(lo - pad, hi + pad, left, right, [])
    first = math.ceil((lo - pad) / step)
    marks = [k * step for k in range(first, first + 14) if k * step <= hi + pad]
    axis.ticks = [Tick(axis.x(v), f"{v:+g}".replace("-", "\u2212") if v else "0") for v in marks]
    return axis


def plot(rows: list[dict[str, Any]], frame: Frame = SCATTER_WIDE) -> Scatter | None:
    shown = [r for r in rows if r.get("quadrant") and margin(r) is not None]
    if not shown:
        return None
    xs = [margin(r) or 0.0 for r in shown]
    ys = [r["gap_ci_high"] for r in shown]
    wide = frame is SCATTER_WIDE
    x = _axis(xs, frame.left, frame.right, 5 if wide else 3)
    y = _axis(ys, frame.bottom, frame.top, 5 if wide else 4)
    chart = Scatter(
        x,
        y,
        "Indicator beyond target (%)",
        "Gap, upper end of 95 % interval",
        (x.x(0.0), y.x(0.0)),
        _quadrants(x, y, NAMES if wide else SHORT),
        frame=frame,
        title="Fact vs perception",
        highlight="delivered, not noticed",
    )
    for r, mx, my in zip(shown, xs, ys, strict=True):
        name = name_of(r, "standard", None)
        label = (
            f"{name} ({r['indicator']}): {fmt(mx)} % beyond target, gap {fmt(r['gap'])} "
            f"[{fmt(r['gap_ci_low'])}, {fmt(r['gap_ci_high'])}], {WORDS[r['quadrant']]}"
        )
        hot = r["quadrant"] == "delivered_not_noticed"
        chart.points.append(Point(name, x.x(mx), y.x(my), hot, label))
    place_labels(chart)
    return chart


def draw(doc: dict[str, Any], by: str | None, scale_max: int) -> list[Any]:
    drawn = (plot(doc.get("rows", []), frame) for frame in SCATTER_FRAMES)
    return [c for c in drawn if c]
