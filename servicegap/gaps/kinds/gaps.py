"""The gap report: experience − expectation paired within each response, per row.

Two gaps per row, each over its own responses and with its own n:

* ``gap`` (n, ci_low, ci_high, p, q, significant) against the respondent's own expectation, over
  the responses that rated both sides; ``expectation_mean`` and ``experience_mean`` cover exactly
  those responses, so experience_mean − expectation_mean = gap;
* ``gap_vs_target`` (target_n, target_ci_low, target_ci_high) against the target of the standard
  version rated (a later change of target does not rewrite past gaps), over every response with
  an experience of a standard that has a target.

Within a row, each response contributes one difference: its mean over the row's standards, so n
counts responses and the paired t interval treats them as independent. q is the
Benjamini–Hochberg adjusted p over the rows of the report; significant means q < 0.05.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from servicegap.core.models import Workspace
from servicegap.gaps.data import Ans, Data, load
from servicegap.gaps.filters import Filters
from servicegap.gaps.kinds.common import group, mean, rows
from servicegap.gaps.kinds.fast import add_q
from servicegap.gaps.kinds.gap_change import add_change
from servicegap.gaps.kinds.gap_servqual import ZONE_KINDS, weighted, zone_of_tolerance
from servicegap.lib.inference import paired_gap
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


class Paired(NamedTuple):
    """One response's means over the standards of a row (None: no standard of that kind)."""

    expectation: float | None  # over the standards it rated on both sides
    experience: float | None  # over the same standards
    gap: float | None  # experience − expectation, over the same standards
    vs_target: float | None  # experience − target, over every standard with both


def paired(answers: list[Ans]) -> dict[int, Paired]:
    """response → its ``Paired`` means over the standards in ``answers``."""
    slots: dict[tuple[int, str], list[float | None]] = {}
    for a in answers:
        if a.value is None or not a.item or a.kind not in GAP_KINDS:
            continue
        slot = slots.setdefault((a.response, a.item), [None, None, None])
        if a.kind == "expectation":
            slot[0] = a.value
        else:
            slot[1], slot[2] = a.value, a.target
    lists: dict[int, tuple[list[float], list[float], list[float]]] = {}
    for (rid, _item), (expc, expr, target) in slots.items():
        expcs, exprs, vs_target = lists.setdefault(rid, ([], [], []))
        if expr is None:
            continue
        if expc is not None:
            expcs.append(expc)
            exprs.append(expr)
        if target is not None:
            vs_target.append(expr - target)
    out = {}
    for rid, (expcs, exprs, vs_target) in lists.items():
        gaps = [x - e for e, x in zip(expcs, exprs, strict=True)]
        out[rid] = Paired(mean(expcs), mean(exprs), mean(gaps), mean(vs_target))
    return out


def gap_figures(data: Data, answers: list[Ans]) -> dict[str, Any]:
    figs = paired(answers).values()
    stat = paired_gap([f.gap for f in figs if f.gap is not None])
    target = paired_gap([f.vs_target for f in figs if f.vs_target is not None])
    return {
        "n": stat.n,
        "expectation_mean": mean([f.expectation for f in figs if f.expectation is not None]),
        "experience_mean": mean([f.experience for f in figs if f.experience is not None]),
        "gap": stat.mean,
        "ci_low": stat.ci_low,
        "ci_high": stat.ci_high,
        "p": stat.p,
        "gap_vs_target": target.mean,
        "target_n": target.n,
        "target_ci_low": target.ci_low,
        "target_ci_high": target.ci_high,
    }


def with_q(out: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add q and significant, as the path from the cells does (``fast.add_q``)."""
    add_q(out)
    return out


GAP_KINDS = ("expectation", "experience")


def diffs(data: Data, answers: list[Ans]) -> list[float]:
    """The within-response gaps of ``answers`` (own expectation), one per response."""
    return [f.gap for f in paired(answers).values() if f.gap is not None]


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
    # Rows are the standards (units, …) with a rating: a blank answer makes no row.
    gap_answers = [
        a for a in data.answers if a.kind in GAP_KINDS and a.value is not None and a.item
    ]
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
        "Each row says how far what people experienced fell short of (below zero) or went "
        "beyond (above zero) what the same people expected, over those who rated both (n), and "
        "separately how far it is from the standard's target, over everyone who rated the "
        "experience (n vs target), each with its 95 % interval; a gap is called significant "
        "only after adjusting for the number of rows compared."
    ),
    builder="servicegap.gaps.kinds.gaps:gaps",
    by=("item", "dimension", "need", "touchpoint", "journey", "unit", "perspective", "period"),
    default_by="item",
    fast="servicegap.gaps.kinds.fast:gaps",
    family="rated",
    chart=kind_charts.bars("gap", "Gaps"),
    value="gap",
    labels=(
        ("n", "Rated both (n)"),
        ("expectation_mean", "Expected (mean)"),
        ("experience_mean", "Experienced (mean)"),
        ("gap", "Gap to own expectation"),
        ("gap_vs_target", "Gap to target"),
        ("target_n", "Rated vs target (n)"),
        ("target_ci", "Gap to target: 95 % interval"),
    ),
    row_links=("servicegap.actions.links:from_gap",),
    lead=("gap", "ci_low", "significant", "n", "gap_vs_target", "target_ci_low", "target_n"),
    sort="gap",
    sentence="servicegap.reports.sentences:gaps",
    order=10,
)
