"""The gap report: experience − expectation paired within each response, per row.

Within a row, each response contributes one difference: the mean over the row's standards of
experience − expectation (against the standard's target when no expectation was asked), so n
counts responses and the paired t interval treats them as independent. q is the
Benjamini–Hochberg adjusted p over the rows of the report; significant means q < 0.05.
"""

from __future__ import annotations

from typing import Any

from servicegap.gaps.data import Ans, Data, load
from servicegap.gaps.filters import Filters
from servicegap.gaps.kinds.common import group, mean, rows
from servicegap.lib.inference import bh_adjust, paired_gap
from servicegap.lib.scales import PERSPECTIVES


def per_response(
    data: Data, answers: list[Ans]
) -> dict[int, tuple[float | None, float | None, float | None]]:
    """response → (mean expectation, mean experience, mean gap) over the standards in ``answers``."""
    pairs: dict[tuple[int, str], list[float | None]] = {}
    for a in answers:
        if a.value is None:
            continue
        slot = pairs.setdefault((a.response, a.item), [None, None])
        slot[0 if a.kind == "expectation" else 1] = a.value
    by_response: dict[int, tuple[list[float], list[float], list[float]]] = {}
    for (rid, item), (expc, expr) in pairs.items():
        expcs, exprs, diffs = by_response.setdefault(rid, ([], [], []))
        if expc is not None:
            expcs.append(expc)
        if expr is None:
            continue
        exprs.append(expr)
        standard = data.standards.get(item)
        target = standard.target if standard is not None else None
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


def gaps(workspace, f: Filters) -> dict[str, Any]:
    perspectives = PERSPECTIVES if f.by == "perspective" else None
    data = load(workspace, f, ("expectation", "experience"), perspectives)
    by = f.by or "item"
    groups = group(data, by)
    return {"rows": with_q(rows(data, by, groups, lambda code, ans: gap_figures(data, ans)))}
