"""The before/after chart of the actions report and an action's page: per action, the mean
experience before (a square) and after (a circle) it started, each with its 95 % interval, on the
workspace's scale, and the change with its verdict beside the row. Plain Python (no Django):
the geometry of ``servicegap.gaps.charts``, drawn by ``actions/before_after.html``."""

from __future__ import annotations

from typing import Any

from servicegap.gaps.charts import LAYOUTS, WIDE, Chart, Dot, DotRow, Layout, fmt, sized
from servicegap.reports.report_charts import scale_axis

SIDES = {"before": ("square", -5), "after": ("circle", 5)}  # marker, offset keeping them apart
VERDICT_WORDS = {
    "worked": "worked",
    "worse": "worse",
    "no_change": "no change",
    "too_early": "too early",
}


def label(row: dict[str, Any]) -> str:
    """The words beside a row: the change and the verdict."""
    words = VERDICT_WORDS.get(row.get("verdict", ""), "")
    if row.get("change") is None:
        return words
    return f"{fmt(row['change'])} · {words}"


def drawn(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows with a mean in either window (the others have nothing to draw)."""
    return [r for r in rows if any((r.get(s) or {}).get("mean") is not None for s in SIDES)]


def before_after(rows: list[dict[str, Any]], scale_max: int, layout: Layout = WIDE) -> Chart | None:
    shown = drawn(rows)
    if not shown:
        return None
    codes = [str(r["action"]) for r in shown]
    labels = [label(r) for r in shown]
    layout = sized(layout, codes, labels)
    axis = scale_axis(1, scale_max, layout.left, layout.width - layout.right)
    chart = Chart(layout, len(shown), axis)
    for i, (r, code, words) in enumerate(zip(shown, codes, labels, strict=True)):
        row = DotRow(code, words, layout.mark_y(i), [], chart.fit(code, words), layout.label_y(i))
        for side, (shape, offset) in SIDES.items():
            f = r.get(side) or {}
            if f.get("mean") is None:
                continue
            lo = axis.x(f["ci_low"]) if f.get("ci_low") is not None else None
            hi = axis.x(f["ci_high"]) if f.get("ci_high") is not None else None
            text = f"{code} {side}: {f['mean']:.2f} (n = {f['n']:,})"
            row.dots.append(Dot(side, shape, axis.x(f["mean"]), row.y + offset, text, lo, hi))
        chart.rows.append(row)
    return chart


def draw(doc: dict[str, Any], by: str | None, scale_max: int) -> list[Chart]:
    """The report kind's chart (``ReportKind.chart``): both layouts."""
    made = (before_after(doc.get("rows", []), scale_max, layout) for layout in LAYOUTS)
    return [c for c in made if c is not None]
