"""SERVQUAL extras of the gaps report: the weighted score (by=dimension) and the zone of
tolerance (by=item).

* Weighted gap (Parasuraman, Zeithaml & Berry 1988): weights are the mean importance points of
  each dimension / 100 (``servicegap.lib.servqual``); the framework whose importance was answered
  is used (the SERVQUAL five when both were). None without importance answers, and for protected
  data when any standard or dimension it needs is suppressed or the importance answers come from
  fewer respondents than the threshold.
* Zone of tolerance: adequacy gap = experience − adequate and superiority gap = experience −
  desired, paired within a response, with the paired t interval; None when no response answered
  both (or, for protected data, fewer respondents than the threshold did).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from servicegap.gaps.data import Ans, Data
from servicegap.gaps.kinds.common import group, hidden
from servicegap.lib import servqual
from servicegap.lib.inference import paired_gap
from servicegap.lib.scales import DIMENSIONS, SERVQUAL

ZONE_KINDS = ("adequate", "desired")


def _enough(data: Data, rids: set[int]) -> bool:
    return not data.filters.protected or data.respondents(rids) >= data.threshold


def weighted(
    data: Data,
    gap_answers: list[Ans],
    importance: list[Ans],
    out: list[dict[str, Any]],
    standard_gap: Callable[[list[Ans]], float | None],
) -> dict[str, Any]:
    """The top-level keys ``weighted_gap`` and ``weights`` of a by=dimension gaps report."""
    points: dict[str, list[float]] = {}
    rids: set[int] = set()
    for a in importance:
        if a.value is not None:
            points.setdefault(a.item, []).append(a.value)
            rids.add(a.response)
    framework = SERVQUAL if any(d in points for d in SERVQUAL) else DIMENSIONS
    w = servqual.weights({d: p for d, p in points.items() if d in framework})
    none = {"weighted_gap": None, "weights": None}
    if not w or not _enough(data, rids):
        return none
    if any(r.get("suppressed") and r["dimension"] in w for r in out):
        return none
    items = group(data, "item", gap_answers)
    hide = hidden(data, "item", items)
    field = "servqual" if framework is SERVQUAL else "dimension"
    gaps: dict[str, list[float]] = {}
    for code, answers in sorted(items.items()):
        standard = data.standards.get(code)
        dim = getattr(standard, field, "") if standard is not None else ""
        if dim not in w:
            continue
        if code in hide:
            return none
        g = standard_gap(answers)
        if g is not None:
            gaps.setdefault(dim, []).append(g)
    return {"weighted_gap": servqual.weighted_gap(w, gaps), "weights": w}


def _paired(answers: list[Ans], against: str) -> tuple[list[float], set[int]]:
    slots: dict[int, dict[str, float]] = {}
    for a in answers:
        if a.value is not None and a.kind in ("experience", against):
            slots.setdefault(a.response, {})[a.kind] = a.value
    pairs = {r: s["experience"] - s[against] for r, s in slots.items() if len(s) == 2}
    return list(pairs.values()), set(pairs)


def zone_of_tolerance(data: Data, answers: list[Ans]) -> dict[str, Any]:
    """adequacy_gap / superiority_gap with their intervals for one standard's answers."""
    out: dict[str, Any] = {}
    for name, against in (("adequacy", "adequate"), ("superiority", "desired")):
        diffs, rids = _paired(answers, against)
        stat = paired_gap(diffs) if diffs and _enough(data, rids) else None
        out[f"{name}_gap"] = stat.mean if stat else None
        out[f"{name}_ci_low"] = stat.ci_low if stat else None
        out[f"{name}_ci_high"] = stat.ci_high if stat else None
    return out
