"""A figure by calendar period as a line with its 95 % interval as a band: the reports' trend.

A report by ``period`` (gaps, NPS, CSAT, CES) is a time series, so it is drawn as one, not as
bars: the periods evenly along the x axis (missing ones leave a gap in the line and the band),
the value as a line with a dot per period, the interval as a shaded band. Plain Python, no
Django; the template is ``reports/line.html``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from servicegap.gaps.charts import Axis, Tick, nice_step
from servicegap.reports.report_charts import calendar

MINUS = "\u2212"


@dataclass(frozen=True)
class Frame:
    name: str
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    every: int  # label every n-th period on the x axis


LINE_WIDE = Frame("wide", 900, 320, 56, 20, 24, 44, 1)
LINE_NARROW = Frame("narrow", 320, 260, 44, 12, 20, 44, 3)
LINE_FRAMES = (LINE_WIDE, LINE_NARROW)


@dataclass
class Mark:
    period: str
    x: float
    y: float
    label: str  # its <title>: period, value, interval, n


@dataclass
class Line:
    frame: Frame
    y_axis: Axis  # plot_left is the bottom, plot_right the top
    x_ticks: list[Tick]
    paths: list[str] = field(default_factory=list)  # the line, one path per unbroken run
    bands: list[str] = field(default_factory=list)  # the interval, one polygon per run
    marks: list[Mark] = field(default_factory=list)
    zero: float | None = None  # y of the zero line where zero is in view
    is_line: bool = True

    @property
    def layout(self) -> Frame:
        return self.frame

    @property
    def width(self) -> int:
        return self.frame.width

    @property
    def height(self) -> int:
        return self.frame.height

    @property
    def plot_left(self) -> int:
        return self.frame.left

    @property
    def plot_right(self) -> int:
        return self.frame.width - self.frame.right

    @property
    def tick_y(self) -> int:
        return self.frame.height - self.frame.bottom + 18


def _number(value: float, places: int) -> str:
    return f"{value:+.{places}f}".replace("-", MINUS)


def trend(rows: list[dict[str, Any]], value: str, frame: Frame = LINE_WIDE) -> Line | None:
    """``value`` per period of ``rows`` (each with ``period``, ci_low/ci_high and n)."""
    shown = {
        str(r["period"]): r
        for r in rows
        if not r.get("suppressed") and isinstance(r.get(value), int | float) and r.get("period")
    }
    if not shown:
        return None
    periods = calendar(sorted(shown))
    figures = [v for r in shown.values() for v in (r[value], r.get("ci_low"), r.get("ci_high"))
               if isinstance(v, int | float)]  # fmt: skip
    lo, hi = min(figures), max(figures)
    if value in ("gap", "nps"):  # signed figures: keep zero in view
        lo, hi = min(lo, 0.0), max(hi, 0.0)
    step = nice_step(max(hi - lo, 0.5), 5)
    lo, hi = math.floor(lo / step) * step, math.ceil(hi / step) * step
    y = Axis(lo, hi, frame.height - frame.bottom, frame.top)
    places = 0 if value in ("nps", "csat_pct") else 1
    y.ticks = [Tick(y.x(lo + k * step), _number(lo + k * step, places).lstrip("+"))
               for k in range(round((hi - lo) / step) + 1)]  # fmt: skip
    span = max(len(periods) - 1, 1)
    left, right = frame.left + 8, frame.width - frame.right - 8

    def x_of(i: int) -> float:
        return round(left + (right - left) * (i / span if len(periods) > 1 else 0.5), 1)

    chart = Line(
        frame, y, [Tick(x_of(i), p) for i, p in enumerate(periods) if i % frame.every == 0]
    )
    if lo <= 0 <= hi:
        chart.zero = y.x(0.0)
    run: list[tuple[float, dict[str, Any]]] = []
    for i, period in enumerate([*periods, None]):
        row = shown.get(period) if period is not None else None
        if row is not None:
            run.append((x_of(i), row))
            continue
        _draw(chart, run, value, y)
        run = []
    return chart


def _draw(chart: Line, run: list[tuple[float, dict[str, Any]]], value: str, y: Axis) -> None:
    """One unbroken run of periods: its line, its band and its marks."""
    if not run:
        return
    points = [(x, y.x(r[value])) for x, r in run]
    chart.paths.append("M" + " L".join(f"{px} {py}" for px, py in points))
    bounded = [
        (x, r) for x, r in run if r.get("ci_low") is not None and r.get("ci_high") is not None
    ]
    if len(bounded) == len(run):
        top = [f"{x} {y.x(r['ci_high'])}" for x, r in bounded]
        bottom = [f"{x} {y.x(r['ci_low'])}" for x, r in reversed(bounded)]
        if len(bounded) == 1:  # one period alone: a short band around its dot
            ((x, r),) = bounded
            high, low = y.x(r["ci_high"]), y.x(r["ci_low"])
            top, bottom = (
                [f"{x - 4} {high}", f"{x + 4} {high}"],
                [f"{x + 4} {low}", f"{x - 4} {low}"],
            )
        chart.bands.append("M" + " L".join(top + bottom) + " Z")
    for (x, r), (_, py) in zip(run, points, strict=True):
        figures = f"{r[value]:.2f}"
        if r.get("ci_low") is not None and r.get("ci_high") is not None:
            figures += f", 95 % interval {r['ci_low']:.2f} to {r['ci_high']:.2f}"
        label = f"{r['period']}: {figures.replace('-', MINUS)}, n = {r.get('n', 0):,}"
        chart.marks.append(Mark(str(r["period"]), x, py, label))
