"""The value page's SVG drawings as plain numbers (pure: no Django); loyalty/value.html draws them.

- ``histogram``: how many customers have each size of lifetime value (bins of equal width up to
  the 99th percentile, the few above it in the last bin, so one whale does not flatten the rest);
- ``curves``: Kaplan–Meier retention curves, a line per group with its 95 % band shaded.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 52, 16, 16, 44
BINS = 12


def _nice(top: float) -> float:
    """A round number at or above ``top`` (1, 2 or 5 × a power of ten) for the last bin's edge."""
    if top <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(top))
    return float(next(m * power for m in (1, 2, 5, 10) if m * power >= top))


def histogram(values: Sequence[float], currency: str) -> dict[str, Any]:
    """Bars of customers per CLV bin in a WIDTH × HEIGHT box."""
    v = np.asarray(values, dtype=np.float64)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    if not len(v):
        return {"bars": [], "width": WIDTH, "height": HEIGHT}
    top = _nice(float(np.percentile(v, 99)) if len(v) > 1 else float(v.max()))
    edges = np.linspace(0, top, BINS + 1)
    counts, _ = np.histogram(np.clip(v, 0, top), bins=edges)
    most = max(int(counts.max()), 1)
    bar_w = plot_w / BINS
    bars = []
    for i, n in enumerate(counts):
        h = n / most * plot_h
        last = " or more" if i == BINS - 1 and v.max() > top else ""
        bars.append({
            "x": round(LEFT + i * bar_w + 1, 1), "y": round(TOP + plot_h - h, 1),
            "w": round(bar_w - 2, 1), "h": round(h, 1), "n": int(n),
            "label": f"{int(n)} customers with a lifetime value of {currency} "
                     f"{edges[i]:,.0f} to {edges[i + 1]:,.0f}{last}",
        })  # fmt: skip
    ticks = [
        {"x": round(LEFT + i * bar_w, 1), "label": f"{edges[i]:,.0f}"}
        for i in range(0, BINS + 1, 3)
    ]
    y_ticks = [
        {"y": round(TOP + plot_h - f * plot_h, 1), "label": f"{round(f * most):,}"}
        for f in (0, 0.5, 1)
    ]
    return {
        "bars": bars, "ticks": ticks, "y_ticks": y_ticks, "width": WIDTH, "height": HEIGHT,
        "left": LEFT, "right": WIDTH - RIGHT, "base": TOP + plot_h, "tick_y": HEIGHT - BOTTOM + 16,
        "title_y": HEIGHT - 6, "currency": currency,
    }  # fmt: skip


def curves(groups: Sequence[Mapping[str, Any]], horizon_days: int) -> dict[str, Any]:
    """Each group's curve (``time``, ``survival``, ``low``, ``high`` lists, days) as a step line
    and a band polygon, from day 0 to ``horizon_days``."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    span = max(horizon_days, 1)

    def x(day: float) -> float:
        return round(LEFT + min(day, span) / span * plot_w, 1)

    def y(s: float) -> float:
        return round(TOP + (1 - s) * plot_h, 1)

    drawn = []
    for i, g in enumerate(groups):
        steps = [(0.0, 1.0, 1.0, 1.0)] + [
            (t, s, lo, hi)
            for t, s, lo, hi in zip(g["time"], g["survival"], g["low"], g["high"], strict=True)
            if t <= span
        ]
        line, upper, lower = [], [], []
        for j, (t, s, lo, hi) in enumerate(steps):
            end = steps[j + 1][0] if j + 1 < len(steps) else span
            line += [f"{x(t)},{y(s)}", f"{x(end)},{y(s)}"]
            upper += [f"{x(t)},{y(hi)}", f"{x(end)},{y(hi)}"]
            lower += [f"{x(t)},{y(lo)}", f"{x(end)},{y(lo)}"]
        drawn.append({
            "name": g["name"], "n": g["n"], "series": i % 6,
            "line": " ".join(line), "band": " ".join(upper + lower[::-1]),
        })  # fmt: skip
    months = range(0, span // 30 + 1, max(1, span // 30 // 6))
    return {
        "curves": drawn, "width": WIDTH, "height": HEIGHT, "left": LEFT, "right": WIDTH - RIGHT,
        "x_ticks": [{"x": x(m * 30.4375), "label": str(m)} for m in months],
        "y_ticks": [{"y": y(f), "label": f"{f:.0%}"} for f in (0, 0.25, 0.5, 0.75, 1)],
        "tick_y": HEIGHT - BOTTOM + 16, "title_y": HEIGHT - 6,
    }  # fmt: skip
