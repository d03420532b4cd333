"""The linkage scatter: each unit's eNPS (across) against its customers' NPS (up), with the
correlation and its interval in the drawing's title. Plain Python, no Django."""

from __future__ import annotations

import math
from typing import Any

from servicegap.gaps import charts
from servicegap.gaps.charts import Axis, Tick
from servicegap.reports.names import name_of
from servicegap.reports.report_charts import (
    SCATTER_FRAMES,
    SCATTER_WIDE,
    Frame,
    Point,
    Scatter,
    place_labels,
)

MINUS = "\u2212"


def _axis(values: list[float], start: float, end: float, ticks: int) -> Axis:
    lo, hi = min(values + [0.0]), max(values + [0.0])
    step = charts.nice_step(max(hi - lo, 10.0), ticks)
    lo, hi = math.floor(lo / step) * step, math.ceil(hi / step) * step
    pad = (hi - lo) * 0.05
    axis = Axis(lo - pad, hi + pad, start, end)
    count = round((hi - lo) / step) + 1
    axis.ticks = [Tick(axis.x(lo + k * step), f"{lo + k * step:+g}".replace("-", MINUS))
                  for k in range(count)]  # fmt: skip
    return axis


def said(c: dict[str, Any] | None) -> str:
    """A correlation in words: r with its interval, or "too few units to tell"."""
    if not c or c.get("r") is None:
        return f"too few units to tell ({(c or {}).get('units', 0)} units)"
    r, low, high = (f"{c[k]:.2f}".replace("-", MINUS) for k in ("r", "ci_low", "ci_high"))
    return f"r = {r}, 95 % interval {low} to {high}, {c['units']} units"


def scatter(doc: dict[str, Any], frame: Frame = SCATTER_WIDE) -> Scatter | None:
    shown = [r for r in doc.get("rows", []) if r.get("linked") and r.get("enps") is not None
             and r.get("nps") is not None]  # fmt: skip
    if not shown:
        return None
    few = frame is not SCATTER_WIDE
    x = _axis([r["enps"] for r in shown], frame.left, frame.right, 3 if few else 5)
    y = _axis([r["nps"] for r in shown], frame.bottom, frame.top, 4 if few else 5)
    main = next((c for c in doc.get("correlations", []) if (c["x"], c["y"]) == ("enps", "nps")),
                None)  # fmt: skip
    chart = Scatter(x, y, "eNPS (employees)", "NPS (customers)", (x.x(0.0), y.x(0.0)),
                    [], frame=frame, title=f"eNPS against customer NPS by unit: {said(main)}")  # fmt: skip
    for r in shown:
        name = name_of(r, "unit", "unit")
        label = f"{name}: eNPS {r['enps']:+.0f}, customer NPS {r['nps']:+.0f}".replace("-", MINUS)
        chart.points.append(Point(name, x.x(r["enps"]), y.x(r["nps"]), False, label))
    place_labels(chart)
    return chart


def draw(doc: dict[str, Any], by: str | None, scale_max: int) -> list[Any]:
    drawn = (scatter(doc, frame) for frame in SCATTER_FRAMES)
    return [c for c in drawn if c is not None]
