"""The perception gap: per standard, customers vs employees vs leaders ("80 % vs 8 %").

Each perspective shows its mean experience with a t interval and the share rating in the top two
boxes of the scale the answer was given on. Differences between perspectives use Welch's t; the
``significant`` flags are Benjamini–Hochberg adjusted over every comparison of the report.
Employee and leader figures are suppressed by the anonymity rule (``servicegap.anonymity.rule``),
each side with its own tables.
"""

from __future__ import annotations

from typing import Any

from servicegap.anonymity.rule import Rule, scan_rule
from servicegap.core.models import Workspace
from servicegap.gaps.data import Ans, Data, load
from servicegap.gaps.filters import Filters
from servicegap.lib.inference import bh_adjust, mean_ci, welch
from servicegap.lib.scales import PROTECTED_PERSPECTIVES
from servicegap.reports import kind_charts
from servicegap.reports.registry import ReportKind

SIDES = ("customer", "employee", "leader")
COMPARISONS = (
    ("leader_vs_customer", "leader", "customer"),
    ("employee_vs_customer", "employee", "customer"),
    ("leader_vs_employee", "leader", "employee"),
)


def _side(
    data: Data, perspective: str, item: str, answers: list[Ans], rules: dict[str, Rule]
) -> tuple[dict[str, Any], list[float]]:
    values = [a.value for a in answers if a.value is not None]
    if perspective in PROTECTED_PERSPECTIVES:
        people = data.respondents({a.response for a in answers})
        if people and rules[perspective].hidden("item", {item: people}):
            return {"suppressed": True}, []
    stat = mean_ci(values)
    top = sum(1 for a in answers if a.raw is not None and a.raw >= a.scale_max - 1)
    return {
        "n": stat.n,
        "mean": stat.mean,
        "ci_low": stat.ci_low,
        "ci_high": stat.ci_high,
        "top_box_pct": 100 * top / len(values) if values else None,
    }, values


def perception(workspace: Workspace, f: Filters) -> dict[str, Any]:
    data = load(workspace, f, ("experience",), SIDES, siblings=False)
    # Each protected side has its own tables: employees and leaders are never shown together.
    rules = {
        side: scan_rule(data, "item", ("experience",), [side])
        for side in SIDES
        if side in PROTECTED_PERSPECTIVES
    }
    by_item: dict[str, dict[str, list[Ans]]] = {}
    for a in data.answers:
        if a.item:
            persp = data.responses[a.response].perspective
            by_item.setdefault(a.item, {p: [] for p in SIDES})[persp].append(a)
    out: list[dict[str, Any]] = []
    pvalues: list[float | None] = []
    for item in sorted(by_item):
        row: dict[str, Any] = {"item": item}
        values: dict[str, list[float]] = {}
        for side in SIDES:
            row[side], values[side] = _side(data, side, item, by_item[item][side], rules)
        for _name, one, other in COMPARISONS:
            both = values[one] and values[other]
            pvalues.append(welch(values[one], values[other]).p if both else None)
        out.append(row)
    qs = iter(bh_adjust(pvalues))
    for row in out:
        row["significant"] = {}
        for name, _, _ in COMPARISONS:
            q = next(qs)
            row["significant"][name] = None if q is None else q < 0.05
    return {"rows": out}


KIND = ReportKind(
    name="perception",
    title="Perception",
    heading="Perception: leaders, employees and customers",
    reading=(
        "For each standard, how customers, employees and leaders rate the experience, side by "
        "side with 95 % intervals: where leaders rate it well above customers, the company "
        "believes it serves better than its customers say."
    ),
    builder="servicegap.gaps.kinds.perception:perception",
    by=("item",),
    default_by="item",
    always_protected=True,
    chart=kind_charts.perception,
    chart_template="reports/dots.html",
    lead=(
        "customer.mean",
        "employee.mean",
        "leader.mean",
        "significant.leader_vs_customer",
        "significant.employee_vs_customer",
    ),
    sort="customer.mean",
    sentence="servicegap.reports.sentences:perception",
    order=20,
)
