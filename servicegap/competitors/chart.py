"""The competitors dot plot: per comparison, our mean (circle) and theirs (square) on the scale,
each with the customers' paired interval of the difference drawn around ours. Plain Python;
``competitors/dots.html`` draws it."""

from __future__ import annotations

from typing import Any

from servicegap.gaps.charts import LAYOUTS, Chart, Dot, DotRow, Layout, sized
from servicegap.reports.names import name_of
from servicegap.reports.report_charts import scale_axis


def _title(r: dict[str, Any]) -> str:
    return f"{name_of(r, 'standard', None)} vs {r.get('competitor_name') or r['competitor']}"


def plot(rows: list[dict[str, Any]], scale_max: int, layout: Layout) -> Chart | None:
    shown = [r for r in rows if r.get("ours") is not None and r.get("theirs") is not None]
    if not shown:
        return None
    shown.sort(key=lambda r: r["difference"])  # furthest behind first
    titles = [_title(r) for r in shown]
    layout = sized(layout, titles)
    axis = scale_axis(1, scale_max, layout.left, layout.width - layout.right)
    chart = Chart(layout, len(shown), axis)
    for i, (r, title) in enumerate(zip(shown, titles, strict=True)):
        row = DotRow(f"{r['standard']}/{r['competitor']}", title, layout.mark_y(i), [],
                     chart.fit(title), layout.label_y(i))  # fmt: skip
        low, high = r.get("ci_low"), r.get("ci_high")
        # the interval of ours − theirs, placed around their mean: where ours could lie
        lo = axis.x(r["theirs"] + low) if low is not None else None
        hi = axis.x(r["theirs"] + high) if high is not None else None
        ours = f"us {r['ours']:.2f}, interval of the difference [{low}, {high}] (n = {r['n']:,})"
        row.dots.append(Dot("customer", "circle", axis.x(r["ours"]), row.y - 5, ours, lo, hi))
        theirs = f"{r.get('competitor_name') or r['competitor']} {r['theirs']:.2f}"
        row.dots.append(Dot("employee", "square", axis.x(r["theirs"]), row.y + 5, theirs))
        chart.rows.append(row)
    return chart


def draw(doc: dict[str, Any], by: str | None, scale_max: int) -> list[Any]:
    drawn = (plot(doc.get("rows", []), scale_max, layout) for layout in LAYOUTS)
    return [c for c in drawn if c is not None]
