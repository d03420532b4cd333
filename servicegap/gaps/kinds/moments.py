"""Moments of truth: the share of magic, mediocrity and misery per touchpoint or journey.

Each response may name its moment; the misery share carries its Wilson interval, and "weakest"
names, per journey, the touchpoint with the highest misery share (ties: the earlier step).
"""

from __future__ import annotations

from typing import Any

from servicegap.core.models import Workspace
from servicegap.gaps.data import Ans, Data, load
from servicegap.gaps.filters import Filters
from servicegap.gaps.kinds.common import group, rows
from servicegap.lib.proportions import share
from servicegap.lib.scales import MOMENTS, PERSPECTIVES
from servicegap.reports import kind_charts
from servicegap.reports.registry import ReportKind


def figures(answers: list[Ans]) -> dict[str, Any]:
    counts = {m: 0 for m in MOMENTS}
    for a in answers:
        if a.text in counts:
            counts[a.text] += 1
    return counted(counts)


def counted(counts: dict[str, int]) -> dict[str, Any]:
    """A row's figures from its number of magic, mediocrity and misery moments."""
    n = sum(counts.values())
    out: dict[str, Any] = {"n": n, **counts}
    for m in MOMENTS:
        out[f"{m}_pct"] = share(counts[m], n).pct
    misery = share(counts["misery"], n)
    out["misery_ci_low"], out["misery_ci_high"] = misery.ci_low, misery.ci_high
    return out


def weakest(data: Data) -> dict[str, str]:
    """Journey code → the touchpoint code with the highest misery share."""
    per_touchpoint = group(data, "touchpoint").items()
    return weakest_of(data, {code: figures(answers) for code, answers in per_touchpoint})


def weakest_of(data: Data, rows: dict[str, dict[str, Any]]) -> dict[str, str]:
    """``weakest`` from the figures of each touchpoint."""
    best: dict[str, tuple[float, int, str]] = {}
    steps = {code: (journey, step) for code, journey, step in data.touchpoints.values()}
    for code, row in rows.items():
        pct = row["misery_pct"]
        if pct is None:
            continue
        journey, step = steps[code]
        rank = (-pct, step, code)
        if journey not in best or rank < best[journey]:
            best[journey] = rank
    return {journey: rank[2] for journey, rank in sorted(best.items())}


def moments(workspace: Workspace, f: Filters) -> dict[str, Any]:
    perspectives = PERSPECTIVES if f.by == "perspective" else None
    data = load(workspace, f, ("moment",), perspectives)
    by = f.by or "touchpoint"
    groups = group(data, by)
    out = [r for r in rows(data, by, groups, lambda c, a: figures(a)) if r.get("n", 1)]
    return {"rows": out, "weakest": {} if f.protected else weakest(data)}


KIND = ReportKind(
    name="moments",
    title="Moments of truth",
    heading="Moments of truth",
    reading=(
        "For each touchpoint, the share of responses that felt like magic, mediocrity or "
        "misery, with 95 % intervals; the touchpoint with the largest share of misery is marked "
        "as the weakest link."
    ),
    builder="servicegap.gaps.kinds.moments:moments",
    by=("touchpoint", "journey", "unit", "perspective", "period"),
    default_by="touchpoint",
    fast="servicegap.gaps.kinds.fast:moments",
    family="moment",
    chart=kind_charts.moments,
    chart_template="reports/strip.html",
    lead=("misery_pct", "misery_ci_low", "magic_pct", "n"),
    sentence="servicegap.reports.sentences:moments",
    order=30,
)
