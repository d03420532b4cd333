"""Drivers: which standards' experience explains the outcome, and what to fix first.

Importance is each standard's share of R² of an OLS of the outcome (``overall`` rating or
``nps``) on the standards' experience ratings, by the LMG / Shapley decomposition
(``servicegap.lib.drivers.lmg``), on the responses that answered the outcome and every
predictor (``n``). Predictors are the standards answered by at least half of the responses with
an outcome, at most 15 (the most answered). The importance–performance matrix splits at the mean
share and at a gap of zero: "fix first" = high importance and a gap whose whole 95 % interval
lies below zero (customers get less than they expect, beyond doubt).

``--by need`` (issue 18): one row for the needs and one for the wants among the predictors (the
standards' ``need_or_want``; a standard marked neither is in no row). LMG shares add up, so a
row's importance is the sum of its standards' shares; its gap is the per-response mean gap over
its standards, with n and the 95 % interval, as in ``gaps --by need``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from servicegap.core.models import Workspace
from servicegap.gaps.data import Data, load
from servicegap.gaps.filters import Filters
from servicegap.gaps.kinds.common import whole_hidden
from servicegap.gaps.kinds.gaps import per_response
from servicegap.lib.drivers import lmg
from servicegap.lib.inference import GapStat, mean_ci
from servicegap.reports import kind_charts, report_charts
from servicegap.reports.params import Param
from servicegap.reports.registry import ReportKind

MAX_PREDICTORS = 15


def quadrant(importance: float, gap: GapStat | None, mean_share: float) -> str:
    """Where a standard sits: important or not (above the mean share), and behind or not (its
    gap below zero with the whole 95 % interval below it: a gap that may be noise is not called
    behind)."""
    high = importance > mean_share
    behind = gap is not None and gap.ci_high is not None and gap.ci_high < 0
    if high:
        return "fix first" if behind else "keep up the good work"
    return "low priority" if behind else "possible overkill"


def drivers(workspace: Workspace, f: Filters) -> dict[str, Any]:
    data = load(workspace, f, ("expectation", "experience", f.outcome))
    empty = {"method": "lmg", "n": 0, "r2": None, "rows": []}
    if whole_hidden(data):
        return {"suppressed": True}
    outcome: dict[int, float] = {}
    experience: dict[int, dict[str, float]] = {}
    for a in data.answers:
        if a.value is None:
            continue
        if a.kind == f.outcome:
            outcome[a.response] = a.value
        elif a.kind == "experience" and a.item:
            experience.setdefault(a.response, {})[a.item] = a.value
    answered: dict[str, int] = {}
    for rid in outcome:
        for item in experience.get(rid, {}):
            answered[item] = answered.get(item, 0) + 1
    ranked = sorted(answered, key=lambda i: (-answered[i], i))
    items = sorted(i for i in ranked[:MAX_PREDICTORS] if 2 * answered[i] >= len(outcome))
    complete = [rid for rid in sorted(outcome) if all(i in experience.get(rid, {}) for i in items)]
    if not items or not complete:
        return empty
    X = np.array([[experience[rid][i] for i in items] for rid in complete], dtype=float)
    y = np.array([outcome[rid] for rid in complete], dtype=float)
    result = lmg(X, y)
    if not result.shares:
        return {**empty, "method": result.method, "n": result.n}
    chosen = set(complete)
    gaps: dict[str, GapStat | None] = {}
    for item in items:
        answers = [a for a in data.answers if a.item == item and a.response in chosen]
        diffs = [d for _, _, d in per_response(data, answers).values() if d is not None]
        gaps[item] = mean_ci(diffs) if diffs else None
    mean_share = 1 / len(items)
    if f.by == "need":
        rows = by_need(data, items, result.shares, chosen)
        return {"method": result.method, "n": result.n, "r2": result.r2, "rows": rows}
    rows = []
    for j, item in enumerate(items):
        rows.append(
            {
                "item": item,
                "importance": result.shares[j],
                "performance": float(X[:, j].mean()),
                "gap": None if (g := gaps[item]) is None else g.mean,
                "ci_low": None if g is None else g.ci_low,
                "ci_high": None if g is None else g.ci_high,
                "quadrant": quadrant(result.shares[j], g, mean_share),
            }
        )
    return {"method": result.method, "n": result.n, "r2": result.r2, "rows": rows}


def by_need(data: Data, items: list[str], shares: list[float], chosen: set[int]) -> list[dict]:
    """The needs' and the wants' rows: summed importance, pooled gap (see the module's text)."""
    groups: dict[str, list[str]] = {}
    for item in items:
        s = data.standards.get(item)
        if s is not None and s.need_or_want:
            groups.setdefault(s.need_or_want, []).append(item)
    share_of = dict(zip(items, shares, strict=True))
    out = []
    for need, members in sorted(groups.items()):
        answers = [a for a in data.answers if a.item in members and a.response in chosen]
        diffs = [d for _, _, d in per_response(data, answers).values() if d is not None]
        g = mean_ci(diffs) if diffs else None
        importance = sum(share_of[i] for i in members)
        out.append(
            {
                "need": need,
                "n": len(diffs),
                "standards": len(members),
                "importance": importance,
                "gap": None if g is None else g.mean,
                "ci_low": None if g is None else g.ci_low,
                "ci_high": None if g is None else g.ci_high,
                "quadrant": quadrant(importance, g, 1 / len(groups)),
            }
        )
    return out


OUTCOME = Param(
    "outcome",
    "Outcome",
    "drivers: overall (default) or nps.",
    choices=("overall", "nps"),
    default="overall",
)

KIND = ReportKind(
    name="drivers",
    title="Drivers",
    heading="Drivers of the overall rating",
    reading=(
        "How much each standard's experience explains the overall rating (or NPS), as its share "
        "of the explained variance, next to its gap: a standard that matters much and falls "
        "short is the one to fix first."
    ),
    builder="servicegap.gaps.kinds.drivers:drivers",
    by=("item", "need"),
    default_by="item",
    params=(OUTCOME,),
    chart=kind_charts.scatter(report_charts.drivers),
    chart_template="reports/scatter.html",
    row_links=("servicegap.actions.links:from_driver",),
    lead=("importance", "gap", "ci_low", "quadrant"),
    sort="-importance",
    sentence="servicegap.reports.sentences:drivers",
    order=70,
)
