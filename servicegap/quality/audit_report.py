"""The ``audits`` report: what walk-throughs and mystery shoppers saw, per standard, touchpoint and
unit.

``servicegap report audits --json``, ``GET /api/v1/reports/audits``, the report page and the PDF
answer ``{"rows": [{"standard", "touchpoint", "unit", "n", "observed_share", "ci_low",
"ci_high"}]}``: n checks of the standard's behaviours at that touchpoint in that unit (the
walk's unit, else the touchpoint's), the share observed (0..1) with its Wilson 95 % interval
(``servicegap.quality.walk_compute``). The chart pools each touchpoint's checks, in journey order.
"""

from __future__ import annotations

from typing import Any

from servicegap.core.models import Workspace
from servicegap.gaps import charts
from servicegap.quality.walk_compute import Check, audit_rows, by_touchpoint
from servicegap.reports.names import name_of
from servicegap.reports.params import Param
from servicegap.reports.registry import ReportKind
from servicegap.reports.sentences import interval

WALKER = Param(
    "walker",
    "Walked by",
    "leader or mystery_shopper; none: both.",
    choices=("leader", "mystery_shopper"),
)
JOURNEY = Param("journey", "Journey", "A journey code; none: every journey.")


def audits(workspace: Workspace, f: Any) -> dict[str, Any]:
    from servicegap.journeys.models import Touchpoint  # noqa: PLC0415 (keeps the kind light)
    from servicegap.quality.models import WalkThroughCheck  # noqa: PLC0415

    checks = WalkThroughCheck.objects.of(workspace)
    walker = f.options.get("walker")
    journey = f.options.get("journey")
    if walker:
        checks = checks.filter(walk_through__walker_kind=walker)
    if journey:
        checks = checks.filter(walk_through__journey__code=journey)
    found = checks.values_list(
        "standard__code", "touchpoint__code", "walk_through__unit__code",
        "touchpoint__unit__code", "met",
    )  # fmt: skip
    rows = audit_rows(
        Check(standard, touchpoint, unit or own, met)
        for standard, touchpoint, unit, own, met in found.iterator(chunk_size=5000)
    )
    order = list(
        Touchpoint.objects.of(workspace)
        .order_by("journey__code", "step")
        .values_list("code", flat=True)
    )
    return {"rows": rows, "touchpoints": by_touchpoint(rows, order)}


def _pct(r: dict[str, Any]) -> dict[str, Any]:
    return {k: (None if r.get(k) is None else 100 * r[k])
            for k in ("observed_share", "ci_low", "ci_high")}  # fmt: skip


def chart(doc: dict[str, Any], _by: str | None, _scale_max: int) -> list[Any]:
    """Observed share (%) per touchpoint along the journey with its interval, journey order."""
    from types import SimpleNamespace  # noqa: PLC0415

    pooled = [r for r in doc.get("touchpoints", []) if r.get("n")]
    if not pooled:
        return []
    names = {r["touchpoint"]: r.get("touchpoint_name") for r in doc.get("rows", [])}
    shaped = []
    for r in pooled:
        p = _pct(r)
        figure = SimpleNamespace(gap=p["observed_share"], ci_low=p["ci_low"],
                                 ci_high=p["ci_high"], n=r["n"], hidden=False)  # fmt: skip
        title = names.get(r["touchpoint"]) or r["touchpoint"]
        shaped.append(SimpleNamespace(code=r["touchpoint"], title=title,
                                      figures={"customer": figure}))  # fmt: skip
    made = (
        charts.gap_chart(shaped, layout, describe=lambda v, n: f"{v:.0f} % · n = {n:,}")
        for layout in charts.LAYOUTS
    )
    drawn = [c for c in made if c is not None]
    for c in drawn:  # shares in %, never below 0: no sign on the ticks
        for tick in c.axis.ticks:
            tick.label = tick.label.lstrip("+")
    return drawn


def sentence(doc: dict[str, Any], _by: str | None, _params: Any) -> str:
    pooled = [r for r in doc.get("touchpoints", []) if r.get("n")]
    if not pooled:
        return "No walk-through or mystery-shopping visit has been recorded yet."
    names = {r["touchpoint"]: name_of(r, "touchpoint", None) for r in doc.get("rows", [])}
    worst = min(pooled, key=lambda r: r["observed_share"])
    best = max(pooled, key=lambda r: r["observed_share"])
    p = _pct(worst)
    text = (
        f"Walkers saw the standards' behaviours least at {names.get(worst['touchpoint'])}: "
        f"{p['observed_share']:.0f} % of {worst['n']} checks "
        f"({interval(p['ci_low'], p['ci_high'], 0, pct=True)})"
    )
    if best is not worst and best["ci_low"] > worst["ci_high"]:
        text += f", clearly below {names.get(best['touchpoint'])} ({100 * best['observed_share']:.0f} %)"
    return text + "."


KIND = ReportKind(
    name="audits",
    title="Audits",
    heading="Audits: the standards' behaviours seen on walk-throughs and mystery shopping",
    reading=(
        "Each row is one standard at one touchpoint in one unit: the number of times a walker "
        "checked its behaviours (n) and the share they saw delivered, 0 to 1, with its Wilson "
        "95 % interval; the chart pools each touchpoint's checks in the journey's order."
    ),
    builder="servicegap.quality.audit_report:audits",
    filtered=False,
    params=(WALKER, JOURNEY),
    chart=chart,
    value="observed_share",  # a share from 0, not a signed gap: the legend says so
    empty="No walk-through has been recorded yet (n = 0).",
    labels=(
        ("observed_share", "Observed (share)"),
        ("observed", "Observed (checks)"),
        ("n", "Checks (n)"),
    ),
    lead=("observed_share", "ci_low", "ci_high", "n"),
    sort="observed_share",
    sentence="servicegap.quality.audit_report:sentence",
    order=76,
)
