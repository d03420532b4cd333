"""Geometry of the report pages' SVG charts; plain Python (no Django), the templates draw them.

Bars with interval whiskers reuse the home page's gap chart (``charts.gap_chart``); the dot plot,
the journey strip and the scatter (driver matrix, Kano Better/Worse) are built here.
Each chart is one layout that scales with the page; the table under it lists the same figures.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from servicegap.gaps import charts
from servicegap.gaps.charts import MARKERS, OFFSETS, ROW, TOP, WIDE, Axis, Tick, fmt

SHARES = ("magic", "mediocrity", "misery")


def bars(rows: list[dict[str, Any]], key: str, value: str) -> charts.Chart | None:
    """``value`` per row with its ci_low/ci_high whisker; suppressed or empty rows left out."""
    shaped = []
    for r in rows:
        figure = SimpleNamespace(
            gap=None if r.get("suppressed") or not r.get("n") else r.get(value),
            ci_low=r.get("ci_low"),
            ci_high=r.get("ci_high"),
            n=r.get("n", 0),
            hidden=bool(r.get("suppressed")),
        )
        code = str(r.get(key, ""))
        shaped.append(SimpleNamespace(code=code, title=code, figures={"customer": figure}))
    return charts.gap_chart(shaped, WIDE)


@dataclass
class Interval:
    perspective: str
    shape: str
    x: float
    y: float
    lo: float | None
    hi: float | None
    label: str


@dataclass
class DotChart:
    width: int
    height: int
    axis: Axis
    rows: list[tuple[str, float, list[Interval]]] = field(default_factory=list)
    label_x: float = WIDE.left - 10
    tick_y: float = TOP - 12


def scale_axis(lo: float, hi: float, left: float, right: float, step: float = 1) -> Axis:
    axis = Axis(lo, hi, left, right)
    v = lo
    while v <= hi + 1e-9:
        axis.ticks.append(Tick(axis.x(v), f"{v:g}"))
        v += step
    return axis


def perception(rows: list[dict[str, Any]], scale_max: int) -> DotChart | None:
    """Each item's mean experience per perspective with its 95 % interval."""
    if not any(r.get(p, {}).get("n") for r in rows for p in MARKERS):
        return None
    axis = scale_axis(1, scale_max, WIDE.left, WIDE.width - 40)
    chart = DotChart(WIDE.width, TOP + ROW * len(rows) + 12, axis)
    for i, r in enumerate(rows):
        y = TOP + ROW * i + ROW / 2
        dots = []
        for name, shape in MARKERS.items():
            f = r.get(name) or {}
            if f.get("mean") is None or f.get("suppressed"):
                continue
            lo = axis.x(f["ci_low"]) if f.get("ci_low") is not None else None
            hi = axis.x(f["ci_high"]) if f.get("ci_high") is not None else None
            label = f"{name} {f['mean']:.2f} (n = {f['n']})"
            dots.append(Interval(name, shape, axis.x(f["mean"]), y + OFFSETS[name], lo, hi, label))
        chart.rows.append((str(r.get("item", "")), y, dots))
    return chart


@dataclass
class Segment:
    share: str
    x: float
    width: float
    label: str


@dataclass
class StripRow:
    code: str
    y: float
    weakest: bool
    label: str
    segments: list[Segment] = field(default_factory=list)


@dataclass
class Strip:
    width: int
    height: int
    left: float
    right: float
    rows: list[StripRow] = field(default_factory=list)

    @property
    def box_width(self) -> float:
        return self.right - self.left + 4


def strip(rows: list[dict[str, Any]], key: str, weakest: dict[str, str]) -> Strip | None:
    """Each step a bar split into its magic, mediocrity and misery shares; the weakest marked."""
    shown = [r for r in rows if not r.get("suppressed") and r.get("n")]
    if not shown:
        return None
    # Room for codes of up to ~16 characters on the left and "· weakest" on the right.
    left, right = 130.0, WIDE.width - 260.0
    chart = Strip(WIDE.width, 20 + ROW * len(shown), left, right)
    marked = set(weakest.values()) if key == "touchpoint" else set()
    for i, r in enumerate(shown):
        code = str(r[key])
        label = f"misery {r['misery_pct']:.0f} % · n = {r['n']}"
        row = StripRow(code, 10 + ROW * i + ROW / 2, code in marked, label)
        x = left
        for share in SHARES:
            width = round((right - left) * (r[f"{share}_pct"] or 0) / 100, 1)
            row.segments.append(Segment(share, x, width, f"{share} {r[f'{share}_pct']:.0f} %"))
            x = round(x + width, 1)
        chart.rows.append(row)
    return chart


@dataclass
class Point:
    code: str
    x: float
    y: float
    highlight: bool
    label: str


@dataclass
class Scatter:
    x_axis: Axis
    y_axis: Axis  # plot_left is the bottom, plot_right the top
    x_title: str
    y_title: str
    split: tuple[float, float]
    quadrants: list[tuple[float, float, str, str]]  # x, y, anchor, text
    points: list[Point] = field(default_factory=list)
    width: int = 640
    height: int = 420


def _quadrants(x: Axis, y: Axis, names: tuple[str, str, str, str]) -> list:
    """Labels in the corners: top-left, top-right, bottom-left, bottom-right."""
    top, bottom = y.plot_right + 14, y.plot_left - 6
    left, right = x.plot_left + 6, x.plot_right - 6
    return [
        (left, top, "start", names[0]),
        (right, top, "end", names[1]),
        (left, bottom, "start", names[2]),
        (right, bottom, "end", names[3]),
    ]


def drivers(rows: list[dict[str, Any]]) -> Scatter | None:
    """Importance share (x) against the gap (y); lines at the mean share and the median gap."""
    shown = [r for r in rows if r.get("gap") is not None]
    if not shown:
        return None
    shares = [100 * r["importance"] for r in shown]
    gaps = sorted(r["gap"] for r in shown)
    median = (gaps[(len(gaps) - 1) // 2] + gaps[len(gaps) // 2]) / 2
    x_step = charts.nice_step(max(max(shares), 10.0), 5)
    top = math.ceil(max(max(shares), 10.0) / x_step) * x_step
    x = scale_axis(-top * 0.04, top * 1.04, 70, 540, x_step)
    count = round(top / x_step) + 1
    x.ticks = [Tick(x.x(k * x_step), f"{k * x_step:g}") for k in range(count)]
    lo, hi = min(gaps[0], 0.0), max(gaps[-1], 0.0)
    step = charts.nice_step(max(hi - lo, 0.5), 5)
    pad = (hi - lo) * 0.08 or 0.25
    y = Axis(lo - pad, hi + pad, 370, 36, [])
    first = math.ceil((lo - pad) / step)
    y.ticks = [Tick(y.x(k * step), fmt(k * step)) for k in range(first, first + 12)]
    y.ticks = [t for t in y.ticks if 36 <= t.x <= 370]
    names = ("possible overkill", "keep up the good work", "low priority", "fix first")
    chart = Scatter(x, y, "Importance (share of R², %)", "Gap", (x.x(100 / len(rows)), y.x(median)),
                    _quadrants(x, y, names))  # fmt: skip
    for r, share in zip(shown, shares, strict=True):
        label = f"{r['item']}: importance {share:.0f} %, gap {fmt(r['gap'])}, {r['quadrant']}"
        hot = r["quadrant"] == "fix first"
        chart.points.append(Point(r["item"], x.x(share), y.x(r["gap"]), hot, label))
    return chart


def kano(rows: list[dict[str, Any]]) -> Scatter | None:
    """Better (x) against |Worse| (y), both 0…1, split at 0.5."""
    shown = [r for r in rows if r.get("better") is not None and r.get("worse") is not None]
    if not shown:
        return None
    x = scale_axis(-0.04, 1.04, 70, 540, 0.25)
    y = scale_axis(-0.04, 1.04, 370, 36, 0.25)
    x.ticks = [Tick(x.x(v / 4), f"{v / 4:g}") for v in range(5)]
    y.ticks = [Tick(y.x(v / 4), f"{v / 4:g}") for v in range(5)]
    names = ("must-be", "one-dimensional", "indifferent", "attractive")
    chart = Scatter(x, y, "Better", "|Worse|", (x.x(0.5), y.x(0.5)), _quadrants(x, y, names))
    for r in shown:
        label = f"{r['item']}: {r['category']}, better {r['better']:.2f}, worse {r['worse']:.2f}"
        chart.points.append(Point(r["item"], x.x(r["better"]), y.x(abs(r["worse"])), False, label))
    return chart
