"""Geometry of the row charts (one row per standard, touchpoint, period …); plain Python (no
Django), the templates draw them as SVG.

Gap bars: one row per standard, a bar from zero to the gap with its 95 % interval as a whisker.
Three perspectives: one row per standard, a marker per perspective (shape and colour) on one axis.

Each chart comes in two layouts and the stylesheet shows the one that fits the screen:

* ``WIDE`` (desktop): the code on the left of each row, the value label on its right; the
  margins grow with the longest code and label (up to a limit).
* ``NARROW`` (phones, drawn at about its own width on a 360 px screen so text stays at its
  size): each row's code and value label on a line *above* its mark, the plot across the whole
  width.

A code longer than its room is cut with "…"; the full code and title are in the row's <title>.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

TOP = 34  # axis labels
ROW = 36
STACKED_ROW = 50  # a label line over the mark
BOTTOM = 12
CODE_PX = 7.4  # the width of one character of a name or code (13 px sans-serif), erring wide
TEXT_PX = 7.6  # of a value label (14 px sans-serif), erring wide
MARKERS = {"customer": "circle", "employee": "square", "leader": "diamond"}
OFFSETS = {"customer": -8, "employee": 0, "leader": 8}  # keep equal values apart


@dataclass(frozen=True)
class Layout:
    name: str
    width: int
    left: int  # wide: the codes' column; stacked: the plot's margin
    right: int  # wide: the value labels' column; stacked: the plot's margin
    stacked: bool = False  # labels above each row instead of beside it

    @property
    def row(self) -> int:
        return STACKED_ROW if self.stacked else ROW

    def mark_y(self, i: int) -> float:
        """The centre line of row ``i``'s bar or markers."""
        return TOP + self.row * i + (33 if self.stacked else ROW / 2)

    def label_y(self, i: int) -> float:
        """The centre line of row ``i``'s code and value label."""
        return TOP + self.row * i + 10 if self.stacked else self.mark_y(i)


WIDE = Layout("wide", 900, 100, 150)
NARROW = Layout("narrow", 300, 16, 16, stacked=True)
LAYOUTS = (WIDE, NARROW)


def text_px(text: str, per_char: float = TEXT_PX) -> float:
    return len(text) * per_char


def fit(text: str, room: float, per_char: float = CODE_PX) -> str:
    """``text`` cut with "…" to about ``room`` pixels (the full text goes in a <title>)."""
    most = max(int(room // per_char), 3)
    return text if len(text) <= most else text[: most - 1] + "\u2026"


def sized(layout: Layout, codes: Sequence[str], labels: Sequence[str] = ()) -> Layout:
    """The wide layout with margins for the longest code and value label, within limits."""
    if layout.stacked:
        return layout
    left = max((text_px(c, CODE_PX) for c in codes), default=0) + 20
    right = max((text_px(v) for v in labels), default=0) + 16
    return replace(
        layout, left=round(min(max(left, 60), 320)), right=round(min(max(right, 40), 280))
    )


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
    y: float  # centre line of the bar
    x: float  # left edge of the bar
    width: float
    shortfall: bool  # the experience falls short of the expectation
    whisker: tuple[float, float] | None
    label: str
    shown: str = ""  # the code as drawn (cut to its room)
    label_y: float = 0.0

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
    lo: float | None = None  # the interval's ends, where drawn
    hi: float | None = None


@dataclass
class DotRow:
    code: str
    title: str
    y: float
    dots: list[Dot] = field(default_factory=list)
    shown: str = ""
    label_y: float = 0.0


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
    shown: str = ""
    label_y: float = 0.0

    @property
    def top(self) -> float:
        return self.y - 10

    @property
    def box_top(self) -> float:
        return self.y - 13


@dataclass
class Chart:
    layout: Layout
    rows_count: int
    axis: Axis
    bars: list[Bar] = field(default_factory=list)
    rows: list[DotRow] = field(default_factory=list)
    strips: list[StripRow] = field(default_factory=list)
    plot_top: float = TOP

    @property
    def width(self) -> int:
        return self.layout.width

    @property
    def height(self) -> int:
        return TOP + self.layout.row * self.rows_count + BOTTOM

    @property
    def plot_bottom(self) -> float:
        return self.height - BOTTOM

    @property
    def label_x(self) -> float:
        return 2 if self.layout.stacked else self.axis.plot_left - 10

    @property
    def label_anchor(self) -> str:
        return "start" if self.layout.stacked else "end"

    @property
    def value_x(self) -> float:
        return self.width - 2 if self.layout.stacked else self.axis.plot_right + 10

    @property
    def value_anchor(self) -> str:
        return "end" if self.layout.stacked else "start"

    @property
    def tick_y(self) -> float:
        return self.plot_top - 12

    @property
    def box_left(self) -> float:
        """A frame around a whole row (the weakest step of a journey)."""
        return self.axis.plot_left - 2

    @property
    def box_width(self) -> float:
        return round(self.axis.plot_right - self.axis.plot_left + 4, 1)

    def fit(self, code: str, label: str = "") -> str:
        """``code`` cut to the room its row leaves it beside ``label``."""
        if self.layout.stacked:
            room = self.width - 4 - (text_px(label) + 12 if label else 0)
        else:
            room = self.axis.plot_left - 14
        return fit(code, room)


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


def value_label(gap: float, n: int) -> str:
    return f"{fmt(gap)} · n = {n:,}"


Describe = Callable[[float, int], str]


def gap_chart(
    rows, layout: Layout = WIDE, perspective: str = "customer", describe: Describe | None = None
) -> Chart | None:
    """Bars of ``perspective``'s gap per standard with whiskers; None when nothing to draw.

    ``describe(value, n)`` writes each bar's label (by default the signed gap and n)."""
    shown = [(r, r.figures[perspective]) for r in rows]
    shown = [(r, f) for r, f in shown if f.gap is not None and not f.hidden]
    if not shown:
        return None
    labels = [(describe or value_label)(f.gap, f.n) for _, f in shown]
    layout = sized(layout, [r.title or r.code for r, _ in shown], labels)
    values = [v for _, f in shown for v in (f.gap, f.ci_low, f.ci_high) if v is not None]
    axis = make_axis(values, layout)
    chart = Chart(layout, len(shown), axis)
    for i, ((r, f), label) in enumerate(zip(shown, labels, strict=True)):
        x_gap = axis.x(f.gap)
        whisker = None
        if f.ci_low is not None and f.ci_high is not None:
            whisker = (axis.x(f.ci_low), axis.x(f.ci_high))
        chart.bars.append(
            Bar(
                r.code,
                r.title,
                layout.mark_y(i),
                min(axis.zero, x_gap),
                max(abs(x_gap - axis.zero), 1.0),
                f.gap < 0,
                whisker,
                label,
                chart.fit(r.title or r.code, label),  # the name; the code is in its <title>
                layout.label_y(i),
            )
        )
    return chart


def perspective_chart(rows, layout: Layout = WIDE) -> Chart | None:
    """One marker per perspective and standard; hidden or empty perspectives are left out."""
    values = [f.gap for r in rows for f in r.figures.values() if f.gap is not None and not f.hidden]
    if not values:
        return None
    layout = sized(layout, [r.title or r.code for r in rows])
    axis = make_axis(values, layout)
    chart = Chart(layout, len(rows), axis)
    for i, r in enumerate(rows):
        row = DotRow(r.code, r.title, layout.mark_y(i), [], chart.fit(r.title or r.code),
                     layout.label_y(i))  # fmt: skip
        for name, shape in MARKERS.items():
            f = r.figures.get(name)
            if f is not None and f.gap is not None and not f.hidden:
                label = f"{name} {fmt(f.gap)} (n = {f.n:,})"
                row.dots.append(Dot(name, shape, axis.x(f.gap), row.y + OFFSETS[name], label))
        chart.rows.append(row)
    return chart


def both(make, rows) -> list[Chart]:
    """The chart in every layout, or [] when there is nothing to draw."""
    charts = [make(rows, layout) for layout in LAYOUTS]
    return [c for c in charts if c is not None]
