"""Each report kind's chart: the drawings (wide and narrow layouts) its page and PDF show.

A kind names one of these in its declaration (``ReportKind.chart``) with the template that draws
it; the geometry is in ``report_charts`` and ``charts``. Plain Python, no Django.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from servicegap.gaps.charts import LAYOUTS
from servicegap.reports import report_charts, trend

Doc = dict[str, Any]
Drawings = Callable[[Doc, str | None, int], list[Any]]


def bars(value: str, scope: str) -> Drawings:
    """``value`` per row as bars with interval whiskers; a one-object report as one bar."""

    def draw(doc: Doc, by: str | None, scale_max: int) -> list[Any]:
        one = [{**doc, "scope": scope}] if doc.get("n") else []
        shown = doc.get("rows", one)
        if by == "period":  # a time series: a line with its interval band
            lines = (trend.trend(shown, value, frame) for frame in trend.LINE_FRAMES)
            return [c for c in lines if c is not None]
        drawn = (report_charts.bars(shown, by or "scope", value, layout) for layout in LAYOUTS)
        return [c for c in drawn if c is not None]

    return draw


def perception(doc: Doc, by: str | None, scale_max: int) -> list[Any]:
    rows = doc.get("rows", [])
    drawn = (report_charts.perception(rows, scale_max, layout) for layout in LAYOUTS)
    return [c for c in drawn if c is not None]


def moments(doc: Doc, by: str | None, scale_max: int) -> list[Any]:
    rows, weakest = doc.get("rows", []), doc.get("weakest", {})
    drawn = (report_charts.strip(rows, by or "touchpoint", weakest, lo) for lo in LAYOUTS)
    return [c for c in drawn if c is not None]


def alerts(doc: Doc, by: str | None, scale_max: int) -> list[Any]:
    drawn = (report_charts.alerts(doc.get("rows", []), layout) for layout in LAYOUTS)
    return [c for c in drawn if c is not None]


def scatter(plot: Callable[..., Any]) -> Drawings:
    """A scatter plot (``report_charts.drivers`` or ``kano``) in its wide and narrow frames."""

    def draw(doc: Doc, by: str | None, scale_max: int) -> list[Any]:
        rows = doc.get("rows", [])
        drawn = (plot(rows, frame) for frame in report_charts.SCATTER_FRAMES)
        return [c for c in drawn if c]

    return draw
