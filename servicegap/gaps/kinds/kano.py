"""Kano categories per item from the functional/dysfunctional answer pair of each response."""

from __future__ import annotations

from typing import Any

from servicegap.core.models import Workspace
from servicegap.gaps.data import Ans, load
from servicegap.gaps.filters import Filters
from servicegap.gaps.kinds.common import group, rows
from servicegap.lib.kano import summarise
from servicegap.reports import kind_charts, report_charts
from servicegap.reports.registry import ReportKind


def figures(answers: list[Ans]) -> dict[str, Any] | None:
    pairs: dict[int, list[str]] = {}
    for a in answers:
        slot = pairs.setdefault(a.response, ["", ""])
        slot[0 if a.kind == "kano_functional" else 1] = a.text
    stat = summarise((f, d) for f, d in pairs.values() if f and d)
    if stat.n == 0:
        return None
    return {
        "n": stat.n,
        "category": stat.category,
        "counts": stat.counts,
        "better": stat.better,
        "worse": stat.worse,
    }


def kano(workspace: Workspace, f: Filters) -> dict[str, Any]:
    data = load(workspace, f, ("kano_functional", "kano_dysfunctional"))
    groups = group(data, "item")
    return {"rows": rows(data, "item", groups, lambda code, answers: figures(answers))}


KIND = ReportKind(
    name="kano",
    title="Kano",
    heading="Kano categories",
    reading=(
        "For each standard, what customers feel when it is present (better) and when it is "
        "absent (worse): must-be standards only hurt when missing, attractive ones only delight "
        "when there."
    ),
    builder="servicegap.gaps.kinds.kano:kano",
    by=("item",),
    default_by="item",
    chart=kind_charts.scatter(report_charts.kano),
    chart_template="reports/scatter.html",
    sentence="servicegap.reports.sentences:kano",
    order=80,
)
