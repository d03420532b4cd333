"""The gap report: experience − expectation paired within each response, per row.

Within a row, each response contributes one difference: the mean over the row's standards of
experience − expectation (against the target of the standard version rated when no expectation
was asked: a later change of target does not rewrite past gaps), so n
counts responses and the paired t interval treats them as independent. q is the
Benjamini–Hochberg adjusted p over the rows of the report; significant means q < 0.05.
"""

from __future__ import annotations

from typing import Any

from servicegap.core.models import Workspace
from servicegap.gaps.data import Ans, Data, load
from servicegap.gaps.filters import Filters
from servicegap.gaps.kinds.common import group, mean, rows
from servicegap.gaps.kinds.gap_change import add_change
from servicegap.gaps.kinds.gap_servqual import ZONE_KINDS, weighted, zone_of_tolerance
from servicegap.lib.inference import bh_adjust, paired_gap
from servicegap.lib.scales import PERSPECTIVES
from servicegap.reports import kind_charts
from servicegap.reports.registry import ReportKind


def per_response(
    data: Data, answers: list[Ans]
) -> dict[int, tuple[float | None, float | None, float | None]]:
    """response → (mean expectation, mean experience, mean gap) over the standards in ``answers``."""
    pairs: dict[tuple[int, str], list[float | None]] = {}
    for a in answers:
        if a.value is None:
            continue
        slot = pairs.setdefault((a.response, a.item), [None, None, None])
        slot[0 if a.kind == "expectation" else 1] = a.value
        if a.kind == "experience":
            slot[2] = a.target
    by_response: dict[int, tuple[list[float], list[float], list[float]]] = {}
    for (rid, _item), (expc, expr, target) in pairs.items():
        expcs, exprs, diffs = by_response.setdefault(rid, ([], [], []))
        if expc is not None:
            expcs.append(expc)
        if expr is None:
            continue
        exprs.append(expr)
        if expc is not None:
            diffs.append(expr - expc)
        elif target is not None:
            diffs.append(expr - target)
    return {
        rid: (mean(expcs), mean(exprs), mean(diffs))
        for rid, (expcs, exprs, diffs) in by_response.items()
    }


def gap_figures(data: Data, answers: list[Ans]) -> dict[str, Any]:
    figs = per_response(data, answers)
    diffs = [d for _, _, d in figs.values() if d is not None]
    stat = paired_gap(diffs)
    return {
        "n": stat.n,
        "expectation_mean": mean([e for e, _, _ in figs.values() if e is not None]),
        "experience_mean": mean([x for _, x, _ in figs.values() if x is not None]),
        "gap": stat.mean,
        "ci_low": stat.ci_low,
        "ci_high": stat.ci_high,
        "p": stat.p,
    }


def with_q(out: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add q (BH over the rows shown) and significant = q < 0.05."""
    shown = [r for r in out if not r.get("suppressed")]
    for row, q in zip(shown, bh_adjust([r["p"] for r in shown]), strict=True):
        row["q"] = q
        row["significant"] = q is not None and q < 0.05
    return [r for r in out if r.get("suppressed") or r["n"] > 0]


GAP_KINDS = ("expectation", "experience")


def diffs(data: Data, answers: list[Ans]) -> list[float]:
    """The within-response gaps of ``answers``, one per response."""
    return [d for _, _, d in per_response(data, answers).values() if d is not None]


def gap_groups(data: Data, by: str, answers: list[Ans] | None = None) -> dict[str, list[Ans]]:
    """Rows of the report; by=dimension has the 3P rows and the SERVQUAL five (where set)."""
    answers = data.answers if answers is None else answers
    groups = group(data, by, answers)
    if by == "dimension":
        for a in answers:
            s = data.standards.get(a.item)
            if s is not None and s.servqual:
                groups.setdefault(s.servqual, []).append(a)
    return groups


def gaps(workspace: Workspace, f: Filters) -> dict[str, Any]:
    perspectives = PERSPECTIVES if f.by == "perspective" else None
    by = f.by or "item"
    extra = {"item": ZONE_KINDS, "dimension": ("importance",)}.get(by, ())
    data = load(workspace, f, GAP_KINDS + extra, perspectives, sibling_kinds=GAP_KINDS)
    gap_answers = [a for a in data.answers if a.kind in GAP_KINDS]
    groups = gap_groups(data, by, gap_answers)
    out = with_q(rows(data, by, groups, lambda code, ans: gap_figures(data, ans)))
    add_change(data, by, groups, out, gap_groups, diffs, GAP_KINDS, perspectives)
    doc: dict[str, Any] = {"rows": out}
    if by == "item":
        zone = group(data, "item", [a for a in data.answers if a.kind != "expectation"])
        for row in out:
            if not row.get("suppressed"):
                row.update(zone_of_tolerance(data, zone.get(row["item"], [])))
    if by == "dimension":
        importance = [a for a in data.answers if a.kind == "importance"]
        doc.update(
            weighted(data, gap_answers, importance, out, lambda ans: gap_figures(data, ans)["gap"])
        )
    return doc


KIND = ReportKind(
    name="gaps",
    title="Gaps",
    heading="Gaps: experience − expectation per standard",
    reading=(
        "Each row is how far what people experienced fell short of (below zero) or went beyond "
        "(above zero) what they expected or the standard's target, on the survey's scale, with "
        "its 95 % interval; a difference is called significant only after adjusting for the "
        "number of rows compared."
    ),
    builder="servicegap.gaps.kinds.gaps:gaps",
    by=("item", "dimension", "touchpoint", "journey", "unit", "perspective", "period"),
    default_by="item",
    fast="servicegap.gaps.kinds.fast:gaps",
    family="rated",
    chart=kind_charts.bars("gap", "Gaps"),
    value="gap",
    row_links=("servicegap.actions.links:from_gap",),
    order=10,
)
