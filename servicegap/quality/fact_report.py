"""The ``fact-vs-perception`` report: each indicator's readings beside the customers' gap.

For one calendar quarter (``--period YYYY-Qn``; default the latest complete one
with readings), each indicator
with a standard and a target, per unit it has readings for: the mean of its readings that start
in the quarter (value), and the customers' gap of its standard in the same quarter and unit,
exactly as the gaps report gives it (``servicegap.gaps.kinds.gaps``): experience − the
customer's own expectation, or − the standard's target where nobody rated the expectation.
``servicegap.quality.facts`` places the pair in a quadrant.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from servicegap.core.models import Workspace
from servicegap.gaps.filters import Filters, ReportError, window_bounds
from servicegap.quality import fact_chart, facts
from servicegap.quality.models import Indicator, IndicatorReading
from servicegap.reports.params import Param
from servicegap.reports.registry import ReportKind
from servicegap.reports.sentences import signed

PERIOD = Param(
    "period",
    "Quarter",
    "The calendar quarter whose readings and responses are paired, YYYY-Qn; "
    "none: the latest complete quarter with indicator readings.",
    metavar="YYYY-Qn",
)


def quarter(workspace: Workspace, raw: str | None) -> str:
    if not raw:
        zone = ZoneInfo(workspace.time_zone or "UTC")
        today = datetime.now(tz=UTC).astimezone(zone).date()
        complete = facts.latest_complete_quarter(today)
        # the latest complete quarter that has readings: indicators often arrive months late
        latest = (
            IndicatorReading.objects.of(workspace)
            .filter(period_start__lte=window_bounds(complete)[1])
            .order_by("-period_start")
            .values_list("period_start", flat=True)
            .first()
        )
        return complete if latest is None else facts.quarter_of(latest)
    if "-Q" not in raw:
        raise ReportError("period", f"period must be a calendar quarter YYYY-Qn, not {raw!r}")
    try:
        window_bounds(raw)
    except ReportError:
        raise ReportError(
            "period", f"period must be a calendar quarter YYYY-Qn, not {raw!r}"
        ) from None
    return raw


def _gaps(workspace: Workspace, window: str, unit: str | None) -> dict[str, dict[str, Any]]:
    from servicegap.gaps.kinds import run  # noqa: PLC0415 (the engine imports the registry)

    doc = run(workspace, "gaps", {"by": "item", "window": window, "unit": unit})
    return {r["item"]: r for r in doc["rows"] if not r.get("suppressed")}


def perception(row: dict[str, Any] | None) -> tuple[int, float | None, float | None, float | None]:
    """(n, gap, ci_low, ci_high): the own-expectation gap, else the gap to the target."""
    if row is None:
        return 0, None, None, None
    if row.get("n"):
        return row["n"], row["gap"], row["ci_low"], row["ci_high"]
    return (row.get("target_n") or 0, row.get("gap_vs_target"), row.get("target_ci_low"),
            row.get("target_ci_high"))  # fmt: skip


def fact_vs_perception(workspace: Workspace, f: Filters) -> dict[str, Any]:
    period = quarter(workspace, f.options.get("period"))
    first, last = window_bounds(period)
    readings = IndicatorReading.objects.of(workspace).filter(
        period_start__gte=first,
        period_start__lte=last,
        indicator__target__isnull=False,
        indicator__standard__isnull=False,
    )
    values: dict[tuple[int, str], list[float]] = {}
    for indicator_id, unit, value in readings.values_list("indicator_id", "unit__code", "value"):
        values.setdefault((indicator_id, unit or ""), []).append(value)
    indicators = {i.pk: i for i in Indicator.objects.of(workspace).select_related("standard")}
    gaps_of: dict[str, dict[str, dict[str, Any]]] = {}
    rows = []
    for (pk, unit), found in sorted(
        values.items(), key=lambda e: (indicators[e[0][0]].code, e[0][1])
    ):
        ind = indicators[pk]
        assert ind.standard is not None and ind.target is not None  # filtered above
        if unit not in gaps_of:
            gaps_of[unit] = _gaps(workspace, period, unit or None)
        n, gap, low, high = perception(gaps_of[unit].get(ind.standard.code))
        mean_value = facts.mean(found)
        is_delivered = facts.delivered(mean_value, ind.target, ind.higher_is_better)
        is_noticed = facts.noticed(low, high)
        quadrant = facts.quadrant(is_delivered, is_noticed)
        rows.append({
            "standard": ind.standard.code, "unit": unit or None, "indicator": ind.code,
            "indicator_name": ind.name, "measure": ind.measure, "readings": len(found),
            "value": mean_value, "target": ind.target, "higher_is_better": ind.higher_is_better,
            "delivered": is_delivered, "n": n, "gap": gap, "gap_ci_low": low,
            "gap_ci_high": high, "noticed": is_noticed,
            "quadrant": quadrant,
            "quadrant_name": fact_chart.WORDS.get(quadrant or "", "too few answers to tell"),
        })  # fmt: skip
    return {"period": period, "rows": rows}


def sentence(doc: dict[str, Any], by: str | None, params: Any) -> str:
    rows = doc.get("rows", [])
    if not rows:
        return f"No indicator readings with a target in {doc.get('period')} yet."
    said = f"In {doc['period']}, "
    hidden = [r for r in rows if r["quadrant"] == "delivered_not_noticed"]
    if hidden:
        r = min(hidden, key=lambda r: r["gap"])
        name = r.get("standard_name") or r["standard"]
        return (
            f"{said}{len(hidden)} of {len(rows)} indicators (per unit) met their target but "
            f"customers did not notice: {name} meets its target while its gap is "
            f"{signed(r['gap'])} (n = {r['n']}), a communication problem."
        )
    met = len([r for r in rows if r["delivered"]])
    return (
        f"{said}{met} of {len(rows)} indicators (per unit) met their target and none of those "
        f"went unnoticed by customers."
    )


KIND = ReportKind(
    name="fact-vs-perception",
    title="Fact vs perception",
    heading="Fact vs perception: operational measures beside the customers' gap",
    reading=(
        "Each row pairs an indicator's mean reading in the quarter with its target (delivered: "
        "on target or better) and the customers' gap of the same standard in the same quarter "
        "and unit with its 95 % interval (noticed: the interval is not below zero); the four "
        "quadrants say whether the standard was delivered and whether customers noticed."
    ),
    builder="servicegap.quality.fact_report:fact_vs_perception",
    filtered=False,
    params=(PERIOD,),
    chart=fact_chart.draw,
    chart_template="reports/scatter.html",
    empty="No indicator readings with a target in this quarter yet (n = 0).",
    labels=(
        ("unit_name", "Unit"),
        ("indicator_name", "Indicator"),
        ("indicator", "Indicator code"),
        ("value", "Reading (mean)"),
        ("target", "Target"),
        ("delivered", "Delivered"),
        ("gap", "Customers' gap"),
        ("gap_ci", "Customers' gap: 95 % interval"),
        ("noticed", "Noticed"),
        ("quadrant_name", "Quadrant"),
        ("quadrant", "Quadrant (code)"),
        ("n", "Rated (n)"),
        ("readings", "Readings"),
    ),
    lead=(
        "unit_name",
        "indicator_name",
        "quadrant_name",
        "value",
        "target",
        "gap",
        "gap_ci_low",
        "gap_ci_high",
        "n",
    ),
    sort="gap",
    sentence="servicegap.quality.fact_report:sentence",
    order=75,
)
