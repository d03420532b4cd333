"""Geometry of the home page's SVG charts; plain Python (no Django), the template draws them.

Gap bars: one row per standard, a bar from zero to the gap with its 95 % interval as a whisker.
Three perspectives: one row per standard, a marker per perspective (shape and colour) on one axis.
Each chart comes in a wide and a narrow layout; the stylesheet shows the one that fits the screen,
so the text stays readable on a phone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

TOP = 34  # axis labels
ROW = 36
BOTTOM = 12
MARKERS = {"customer": "circle", "employee": "square", "leader": "diamond"}
OFFSETS = {"customer": -8, "employee": 0, "leader": 8}  # keep equal values apart


@dataclass(frozen=True)
class Layout:
    name: str
    width: int
    left: int  # standard codes
    right: int  # value labels


WIDE = Layout("wide", 760, 100, 150)
NARROW = Layout("narrow", 360, 78, 96)
LAYOUTS = (WIDE, NARROW)


@dataclass
class Tick:
    x: float
    label: str


@dataclass
class Axis:
    lo: float
    hi: float
    plot_left: float
    plot_right: float
    ticks: list[Tick] = field(default_factory=list)

    def x(self, value: float) -> float:
        share = (value - self.lo) / (self.hi - self.lo)
        return round(self.plot_left + share * (self.plot_right - self.plot_left), 1)

    @property
    def zero(self) -> float:
        return self.x(0.0)


@dataclass
class Bar:
    code: str
    title: str
    y: float  # centre line of the row
    x: float  # left edge of the bar
    width: float
    shortfall: bool  # the experience falls short of the expectation
    whisker: tuple[float, float] | None
    label: str

    @property
    def top(self) -> float:
        return self.y - 9

    @property
    def bottom(self) -> float:
        return self.y + 9


@dataclass
class Dot:
    perspective: str
    shape: str
    x: float
    y: float
    label: str


@dataclass
class DotRow:
    code: str
    title: str
    y: float
    dots: list[Dot] = field(default_factory=list)


@dataclass
class Chart:
    layout: Layout
    rows_count: int
    axis: Axis
    bars: list[Bar] = field(default_factory=list)
    rows: list[DotRow] = field(default_factory=list)
    plot_top: float = TOP

    @property
    def width(self) -> int:
        return self.layout.width

    @property
    def height(self) -> int:
        return TOP + ROW * self.rows_count + BOTTOM

    @property
    def plot_bottom(self) -> float:
        return self.height - BOTTOM

    @property
    def label_x(self) -> float:
        return self.axis.plot_left - 10

    @property
    def value_x(self) -> float:
        return self.axis.plot_right + 10

    @property
    def tick_y(self) -> float:
        return self.plot_top - 12


def nice_step(span: float, ticks: int) -> float:
    """A 1-2-2.5-5 step giving about ``ticks`` ticks over ``span``."""
    raw = span / ticks if span > 0 else 1.0
    power = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if m * power >= raw:
            return m * power
    return 10 * power


def make_axis(values: list[float], layout: Layout) -> Axis:
    lo, hi = min([0.0, *values]), max([0.0, *values])
    if hi - lo < 1:
        lo, hi = min(lo, -0.5), max(hi, 0.5)
    step = nice_step(hi - lo, 6 if layout.width > 500 else 3)
    lo, hi = math.floor(lo / step) * step, math.ceil(hi / step) * step
    axis = Axis(lo, hi, layout.left, layout.width - layout.right)
    for i in range(round((hi - lo) / step) + 1):
        v = lo + i * step
        axis.ticks.append(Tick(axis.x(v), f"{v:+g}".replace("-", "\u2212") if v else "0"))
    return axis


def fmt(value: float) -> str:
    return f"{value:+.2f}".replace("-", "\u2212")


def value_label(gap: float, n: int, layout: Layout) -> str:
    return f"{fmt(gap)} n={n}" if layout is NARROW else f"{fmt(gap)} · n = {n}"


def gap_chart(rows, layout: Layout = WIDE, perspective: str = "customer") -> Chart | None:
    """Bars of ``perspective``'s gap per standard with whiskers; None when nothing to draw."""
    shown = [(r, r.figures[perspective]) for r in rows]
    shown = [(r, f) for r, f in shown if f.gap is not None and not f.hidden]
    if not shown:
        return None
    values = [v for _, f in shown for v in (f.gap, f.ci_low, f.ci_high) if v is not None]
    axis = make_axis(values, layout)
    chart = Chart(layout, len(shown), axis)
    for i, (r, f) in enumerate(shown):
        x_gap = axis.x(f.gap)
        whisker = None
        if f.ci_low is not None and f.ci_high is not None:
            whisker = (axis.x(f.ci_low), axis.x(f.ci_high))
        chart.bars.append(
            Bar(
                r.code,
                r.title,
                TOP + ROW * i + ROW / 2,
                min(axis.zero, x_gap),
                max(abs(x_gap - axis.zero), 1.0),
                f.gap < 0,
                whisker,
                value_label(f.gap, f.n, layout),
            )
        )
    return chart


def perspective_chart(rows, layout: Layout = WIDE) -> Chart | None:
    """One marker per perspective and standard; hidden or empty perspectives are left out."""
    values = [f.gap for r in rows for f in r.figures.values() if f.gap is not None and not f.hidden]
    if not values:
        return None
    axis = make_axis(values, layout)
    chart = Chart(layout, len(rows), axis)
    for i, r in enumerate(rows):
        row = DotRow(r.code, r.title, TOP + ROW * i + ROW / 2)
        for name, shape in MARKERS.items():
            f = r.figures.get(name)
            if f is not None and f.gap is not None and not f.hidden:
                label = f"{name} {fmt(f.gap)} (n = {f.n})"
                row.dots.append(Dot(name, shape, axis.x(f.gap), row.y + OFFSETS[name], label))
        chart.rows.append(row)
    return chart


def both(make, rows) -> list[Chart]:
    """The chart in every layout, or [] when there is nothing to draw."""
    charts = [make(rows, layout) for layout in LAYOUTS]
    return [c for c in charts if c is not None]
