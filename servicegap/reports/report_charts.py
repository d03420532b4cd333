"""Geometry of the report pages' SVG charts; plain Python (no Django), the templates draw them.

Row charts (``charts.Chart``, in the wide and the narrow layout of ``charts``): bars with
interval whiskers (gaps, NPS, CSAT, CES; the home page's gap chart), the perception dot plot,
the journey strip of moments and the alerts' control summary (a marker per out-of-control
period). Scatter plots (driver matrix, Kano Better/Worse) have a wide and a narrow frame, and
their point labels are placed where they overlap nothing, or left out (the point keeps its
<title>, the table lists every item).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from servicegap.gaps import charts
from servicegap.gaps.charts import (
    CODE_PX,
    MARKERS,
    OFFSETS,
    WIDE,
    Axis,
    Chart,
    Describe,
    Dot,
    DotRow,
    Layout,
    Segment,
    StripRow,
    Tick,
    fmt,
    sized,
    text_px,
)
from servicegap.reports.names import name_of

SHARES = ("magic", "mediocrity", "misery")
ALERT_FIELDS = {"kind", "period", "value", "expected", "direction", "method"}


def _minus(text: str) -> str:
    return text.replace("-", "\u2212")


DESCRIBE: dict[str, Describe] = {
    "gap": charts.value_label,
    "nps": lambda v, n: _minus(f"{v:+.1f} · n = {n:,}"),
    "csat_pct": lambda v, n: f"{v:.1f} % · n = {n:,}",
    "mean": lambda v, n: f"{v:.2f} · n = {n:,}",
}


def in_order(rows: list[dict[str, Any]], key: str, value: str) -> list[dict[str, Any]]:
    """Rows worst first (the lowest ``value``), so the eye lands on what to fix; periods stay
    in time order and hidden or empty rows go last."""
    if key in ("period", "scope"):
        return rows
    known = [r for r in rows if isinstance(r.get(value), int | float)]
    rest = [r for r in rows if not isinstance(r.get(value), int | float)]
    return sorted(known, key=lambda r: r[value]) + rest


def bars(rows: list[dict[str, Any]], key: str, value: str, layout: Layout = WIDE) -> Chart | None:
    """``value`` per row with its ci_low/ci_high whisker, worst first, each under its name;
    suppressed or empty rows left out."""
    shaped = []
    for r in in_order(rows, key, value):
        figure = SimpleNamespace(
            gap=None if r.get("suppressed") or not r.get("n") else r.get(value),
            ci_low=r.get("ci_low"),
            ci_high=r.get("ci_high"),
            n=r.get("n", 0),
            hidden=bool(r.get("suppressed")),
        )
        code = str(r.get(key, ""))
        shaped.append(SimpleNamespace(code=code, title=name_of(r, key, key),
                                      figures={"customer": figure}))  # fmt: skip
    return charts.gap_chart(shaped, layout, describe=DESCRIBE.get(value))


def scale_axis(lo: float, hi: float, left: float, right: float, step: float = 1) -> Axis:
    axis = Axis(lo, hi, left, right)
    v = lo
    while v <= hi + 1e-9:
        axis.ticks.append(Tick(axis.x(v), f"{v:g}"))
        v += step
    return axis


def perception(rows: list[dict[str, Any]], scale_max: int, layout: Layout = WIDE) -> Chart | None:
    """Each item's mean experience per perspective with its 95 % interval."""
    if not any(r.get(p, {}).get("n") for r in rows for p in MARKERS):
        return None
    rows = sorted(rows, key=lambda r: (r.get("customer") or {}).get("mean") or math.inf)
    codes = [str(r.get("item", "")) for r in rows]
    titles = [name_of(r, "item", "item") for r in rows]
    layout = sized(layout, titles)
    axis = scale_axis(1, scale_max, layout.left, layout.width - layout.right)
    chart = Chart(layout, len(rows), axis)
    for i, (r, code, title) in enumerate(zip(rows, codes, titles, strict=True)):
        row = DotRow(code, title, layout.mark_y(i), [], chart.fit(title), layout.label_y(i))
        for name, shape in MARKERS.items():
            f = r.get(name) or {}
            if f.get("mean") is None or f.get("suppressed"):
                continue
            lo = axis.x(f["ci_low"]) if f.get("ci_low") is not None else None
            hi = axis.x(f["ci_high"]) if f.get("ci_high") is not None else None
            label = f"{name} {f['mean']:.2f} (n = {f['n']:,})"
            x, y = axis.x(f["mean"]), row.y + OFFSETS[name]
            row.dots.append(Dot(name, shape, x, y, label, lo, hi))
        chart.rows.append(row)
    return chart


def strip(
    rows: list[dict[str, Any]], key: str, weakest: dict[str, str], layout: Layout = WIDE
) -> Chart | None:
    """Each step a bar split into its magic, mediocrity and misery shares; the weakest marked."""
    shown = [r for r in rows if not r.get("suppressed") and r.get("n")]
    if not shown:
        return None
    marked = set(weakest.values()) if key == "touchpoint" else set()
    codes = [str(r[key]) for r in shown]
    titles = [name_of(r, key, key) for r in shown]
    labels = [_strip_label(r, code in marked, layout) for r, code in zip(shown, codes, strict=True)]
    layout = sized(layout, titles, labels)
    axis = Axis(0, 100, layout.left, layout.width - layout.right)
    axis.ticks = [Tick(axis.x(v), f"{v} %") for v in (0, 50, 100)]
    chart = Chart(layout, len(shown), axis)
    left, right = axis.plot_left, axis.plot_right
    for i, (r, code, title, label) in enumerate(zip(shown, codes, titles, labels, strict=True)):
        row = StripRow(code, layout.mark_y(i), code in marked, label, [], chart.fit(title, label),
                       layout.label_y(i))  # fmt: skip
        x = left
        for share in SHARES:
            width = round((right - left) * (r[f"{share}_pct"] or 0) / 100, 1)
            row.segments.append(Segment(share, x, width, f"{share} {r[f'{share}_pct']:.0f} %"))
            x = round(x + width, 1)
        chart.strips.append(row)
    return chart


def _strip_label(r: dict[str, Any], weakest: bool, layout: Layout) -> str:
    misery = f"misery {r['misery_pct']:.0f} %"
    if layout.stacked:  # one line with the code: n is in the row's <title> and the table
        return f"weakest · {misery}" if weakest else f"{misery} · n = {r['n']:,}"
    return f"{misery} · n = {r['n']:,}" + (" · weakest" if weakest else "")


def alerts(rows: list[dict[str, Any]], layout: Layout = WIDE) -> Chart | None:
    """The control charts' verdicts: a row per slice (standard, touchpoint, unit …), a marker
    at each period whose value left its control limits, pointing up or down."""
    shown = [r for r in rows if r.get("period") and r.get("direction") in ("up", "down")]
    if not shown:
        return None
    several = len({r.get("kind") for r in shown}) > 1
    codes: list[str] = []
    for r in shown:
        code = _slice(r, several)
        if code not in codes:
            codes.append(code)
    periods = calendar(sorted({str(r["period"]) for r in shown}))
    layout = sized(layout, codes)
    half = max(text_px(p, 7.2) for p in periods) / 2 + 2  # a period's tick label, centred
    left, right = (
        max(layout.left + 10, half),
        min(layout.width - layout.right - 10, layout.width - half),
    )
    axis = Axis(0, max(len(periods) - 1, 1), left, right)
    if len(periods) == 1:
        axis = Axis(-1, 1, left, right)
    at = {p: axis.x(i) for i, p in enumerate(periods)}
    every = max(1, math.ceil(len(periods) * (text_px(periods[-1], 7.2) + 10) / (right - left)))
    axis.ticks = [Tick(at[p], p if i % every == 0 else "") for i, p in enumerate(periods)]
    chart = Chart(layout, len(codes), axis)
    for i, code in enumerate(codes):
        row = DotRow(code, code, layout.mark_y(i), [], chart.fit(code), layout.label_y(i))
        for r in shown:
            if _slice(r, several) == code:
                label = f"{code} · {r['period']}: {_alert_text(r)}"
                row.dots.append(Dot(str(r["direction"]), "triangle", at[str(r["period"])],
                                    row.y, label))  # fmt: skip
        chart.rows.append(row)
    return chart


def _following(period: str) -> str | None:
    """The period after ``period`` ("2026-03", "2026-Q1" or "2026"); None for another form."""
    year, _, part = period.partition("-")
    if not year.isdigit():
        return None
    if not part:
        return str(int(year) + 1)
    if part.startswith("Q") and part[1:] in ("1", "2", "3", "4"):
        q = int(part[1:])
        return f"{int(year) + 1}-Q1" if q == 4 else f"{year}-Q{q + 1}"
    if part.isdigit() and 1 <= int(part) <= 12:
        month = int(part)
        return f"{int(year) + 1}-01" if month == 12 else f"{year}-{month + 1:02d}"
    return None


def calendar(periods: list[str]) -> list[str]:
    """Every period from the first of ``periods`` to the last, so the axis is even in time."""
    if not periods:
        return []
    out, current = [periods[0]], periods[0]
    while current != periods[-1] and len(out) <= 1000:
        following = _following(current)
        if following is None or following > periods[-1]:
            return periods  # not one calendar form: the periods as they are
        out.append(following)
        current = following
    return out


def _slice(r: dict[str, Any], with_kind: bool) -> str:
    key = next((k for k in r if k not in ALERT_FIELDS), None)
    code = str(r.get(key, "")) if key else ""
    return f"{r.get('kind')} {code}" if with_kind else code


def _alert_text(r: dict[str, Any]) -> str:
    value, expected = r.get("value"), r.get("expected")
    if value is None or expected is None:
        return str(r.get("direction"))
    return _minus(f"{value:.2f}, expected {expected:.2f} ({r['direction']})")


@dataclass
class Point:
    code: str
    x: float
    y: float
    highlight: bool
    label: str
    shown: str = ""  # the code as drawn; "" when it would overlap (the <title> keeps it)
    text_x: float = 0.0
    text_y: float = 0.0
    anchor: str = "start"


@dataclass(frozen=True)
class Frame:
    """Where a scatter's plot sits in its SVG, and how big its text is."""

    name: str
    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    quadrant_px: float  # width of a character of a quadrant name
    longest: int  # characters of a point's code drawn at most


SCATTER_WIDE = Frame("wide", 640, 420, 70, 540, 36, 370, 6.8, 22)
SCATTER_NARROW = Frame("narrow", 300, 300, 44, 288, 30, 256, 5.9, 12)
SCATTER_FRAMES = (SCATTER_WIDE, SCATTER_NARROW)


@dataclass
class Scatter:
    x_axis: Axis
    y_axis: Axis  # plot_left is the bottom, plot_right the top
    x_title: str
    y_title: str
    split: tuple[float, float]
    quadrants: list[tuple[float, float, str, str]]  # x, y, anchor, text
    points: list[Point] = field(default_factory=list)
    frame: Frame = SCATTER_WIDE
    title: str = ""  # the drawing's name, for screen readers
    highlight: str = ""  # what a highlighted point means ("" when none is): desc and legend

    @property
    def width(self) -> int:
        return self.frame.width

    @property
    def height(self) -> int:
        return self.frame.height

    @property
    def layout(self) -> Frame:
        return self.frame

    @property
    def x_tick_y(self) -> float:
        return self.y_axis.plot_left + 18

    @property
    def y_tick_x(self) -> float:
        return self.x_axis.plot_left - 6

    @property
    def x_title_y(self) -> float:
        return self.height - 4


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


Box = tuple[float, float, float, float]  # left, top, right, bottom


def _box(x: float, y: float, width: float, anchor: str, height: float = 15) -> Box:
    left = {"start": x, "end": x - width, "middle": x - width / 2}[anchor]
    return (left, y - height / 2, left + width, y + height / 2)


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place_labels(chart: Scatter) -> None:
    """Put each point's code beside it (right, left, above, below) where it overlaps no other
    label, point or corner name and stays inside the plot; otherwise leave it out."""
    f = chart.frame
    taken: list[Box] = [
        _box(qx, qy - 4, len(text) * f.quadrant_px, anchor)
        for qx, qy, anchor, text in chart.quadrants
    ]
    dots = {id(p): (p.x - 8, p.y - 8, p.x + 8, p.y + 8) for p in chart.points}
    inside: Box = (2, chart.y_axis.plot_right - 2, f.width - 2, chart.y_axis.plot_left + 2)
    for p in sorted(chart.points, key=lambda p: not p.highlight):
        text = charts.fit(p.code, f.longest * CODE_PX)
        width = text_px(text, CODE_PX)
        others = taken + [box for key, box in dots.items() if key != id(p)]
        for tx, ty, anchor in ((p.x + 11, p.y, "start"), (p.x - 11, p.y, "end"),
                               (p.x, p.y - 17, "middle"), (p.x, p.y + 17, "middle"),
                               (p.x + 7, p.y - 14, "start"), (p.x - 7, p.y - 14, "end"),
                               (p.x + 7, p.y + 14, "start"), (p.x - 7, p.y + 14, "end")):  # fmt: skip
            box = _box(tx, ty, width, anchor)
            within = inside[0] <= box[0] and box[2] <= inside[2]
            within = within and inside[1] <= box[1] and box[3] <= inside[3]
            if within and not any(_overlaps(box, t) for t in others):
                p.shown, p.text_x, p.text_y, p.anchor = text, tx, ty, anchor
                taken.append(box)
                break


def _tick(value: float) -> str:
    return _minus(f"{value:+g}") if abs(value) > 1e-9 else "0"


def drivers(rows: list[dict[str, Any]], frame: Frame = SCATTER_WIDE) -> Scatter | None:
    """Importance share (x) against the gap (y); lines at the mean share and at a gap of zero."""
    shown = [r for r in rows if r.get("gap") is not None]
    if not shown:
        return None
    shares = [100 * r["importance"] for r in shown]
    gaps = sorted(r["gap"] for r in shown)
    x_step = charts.nice_step(max(max(shares), 10.0), 5 if frame is SCATTER_WIDE else 3)
    top = math.ceil(max(max(shares), 10.0) / x_step) * x_step
    x = scale_axis(-top * 0.04, top * 1.04, frame.left, frame.right, x_step)
    count = round(top / x_step) + 1
    x.ticks = [Tick(x.x(k * x_step), f"{k * x_step:g}") for k in range(count)]
    lo, hi = min(gaps[0], 0.0), max(gaps[-1], 0.0)
    step = charts.nice_step(max(hi - lo, 0.5), 5 if frame is SCATTER_WIDE else 4)
    pad = (hi - lo) * 0.08 or 0.25
    y = Axis(lo - pad, hi + pad, frame.bottom, frame.top, [])
    first = math.ceil((lo - pad) / step)
    y.ticks = [Tick(y.x(k * step), _tick(k * step)) for k in range(first, first + 12)]
    y.ticks = [t for t in y.ticks if frame.top <= t.x <= frame.bottom]
    names = ("possible overkill", "keep up the good work", "low priority", "fix first")
    chart = Scatter(x, y, "Importance (share of R², %)", "Gap", (x.x(100 / len(rows)), y.x(0.0)),
                    _quadrants(x, y, names), frame=frame, title="Importance–performance matrix",
                    highlight="fix first: important and behind")  # fmt: skip
    for r, share in zip(shown, shares, strict=True):
        name = name_of(r, "item", "item")
        label = f"{name}: importance {share:.0f} %, gap {fmt(r['gap'])}, {r['quadrant']}"
        hot = r["quadrant"] == "fix first"
        chart.points.append(Point(name, x.x(share), y.x(r["gap"]), hot, label))
    place_labels(chart)
    return chart


def kano(rows: list[dict[str, Any]], frame: Frame = SCATTER_WIDE) -> Scatter | None:
    """Better (x) against |Worse| (y), both 0…1, split at 0.5."""
    shown = [r for r in rows if r.get("better") is not None and r.get("worse") is not None]
    if not shown:
        return None
    x = scale_axis(-0.04, 1.04, frame.left, frame.right, 0.25)
    y = scale_axis(-0.04, 1.04, frame.bottom, frame.top, 0.25)
    x.ticks = [Tick(x.x(v / 4), f"{v / 4:g}") for v in range(5)]
    y.ticks = [Tick(y.x(v / 4), f"{v / 4:g}") for v in range(5)]
    names = ("must-be", "one-dimensional", "indifferent", "attractive")
    chart = Scatter(x, y, "Better", "|Worse|", (x.x(0.5), y.x(0.5)), _quadrants(x, y, names),
                    frame=frame, title="Kano Better/Worse")  # fmt: skip
    for r in shown:
        name = name_of(r, "item", "item")
        label = f"{name}: {r['category']}, better {r['better']:.2f}, worse {r['worse']:.2f}"
        chart.points.append(Point(name, x.x(r["better"]), y.x(abs(r["worse"])), False, label))
    place_labels(chart)
    return chart
