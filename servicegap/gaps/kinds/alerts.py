"""Alerts: out-of-control changes over calendar periods, per standard, touchpoint and unit.

Each slice gets the control chart that fits its data (``servicegap.lib.spc``; the method and its
measured false-alarm rate are in ``docs/monitoring.md``), over its periods (months by default,
gaps filled with empty periods). Only points outside their control limits become rows, never a
fixed threshold:

- ``standard`` (key ``item``): EWMA (λ = 0.2, L = 3) of the standard's mean experience, σ pooled
  from the answers within periods.
- ``touchpoint`` (key ``touchpoint``): p-chart of the share of misery moments (``value`` and
  ``expected`` in percent). Not for employee, leader or internal data, which may not be sliced
  by touchpoint.
- ``unit`` (key ``unit``): EWMA of the mean experience of the unit with its whole subtree. The
  response is the observation (the mean of the standards it rated), since answers of one response
  are not independent; σ is pooled from the response means within periods.

Rows are ordered by kind (standard, touchpoint, unit), code and period. Employee, leader and
internal data: the periods ``common.hidden`` hides are left out of a chart, as if nobody had
answered then — per standard in the report, and per unit in the report filtered to that unit (so
a unit hidden among its siblings shows nothing, and a unit's chart is the same whatever the unit
filter).
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

from servicegap.core.models import Workspace
from servicegap.gaps.data import Ans, Data, load
from servicegap.gaps.filters import Filters
from servicegap.gaps.kinds.common import group, hidden
from servicegap.lib.spc import ControlPoint, ewma_chart, p_chart
from servicegap.reports import kind_charts
from servicegap.reports.registry import ReportKind

KIND_ORDER = ("standard", "touchpoint", "unit")
KEYS = {"standard": "item", "touchpoint": "touchpoint", "unit": "unit"}
METHODS = {"standard": "ewma", "touchpoint": "p-chart", "unit": "ewma"}
# What a row's value is, and whether "up" is good news.
MEASURES = {
    "standard": ("mean experience (EWMA)", True),
    "touchpoint": ("share of misery moments (p-chart)", False),
    "unit": ("mean experience of the unit and its subtree (EWMA)", True),
}


def _next(period: str) -> str:
    if "-Q" in period:
        year, q = period.split("-Q")
        return f"{int(year) + 1}-Q1" if q == "4" else f"{year}-Q{int(q) + 1}"
    if "-" in period:
        year, month = period.split("-")
        return f"{int(year) + 1}-01" if month == "12" else f"{year}-{int(month) + 1:02d}"
    return str(int(period) + 1)


def span(periods) -> list[str]:
    """Every period key from the first to the last of ``periods``, empty ones included."""
    keys, current, last = [], min(periods), max(periods)
    while True:
        keys.append(current)
        if current == last:
            return keys
        current = _next(current)


def _pooled_sd(per_period: dict[str, list[float]]) -> float | None:
    ss, df = 0.0, 0
    for values in per_period.values():
        if len(values) > 1:
            m = sum(values) / len(values)
            ss += sum((v - m) ** 2 for v in values)
            df += len(values) - 1
    return math.sqrt(ss / df) if df and ss > 0 else None


def means_chart(values: dict[str, list[float]], periods) -> list[ControlPoint]:
    """EWMA chart of the mean of ``values`` (period → observations) over ``span(periods)``."""
    keys = span(periods)
    means = [sum(values[k]) / len(values[k]) if values.get(k) else None for k in keys]
    ns = [len(values.get(k, ())) for k in keys]
    return ewma_chart(keys, means, ns, sigma=_pooled_sd(values))


def row(kind: str, code: str, point: ControlPoint, scale: float = 1.0) -> dict[str, Any]:
    value, expected = point.value, point.expected
    return {
        "kind": kind,
        KEYS[kind]: code,
        "period": point.period,
        "value": None if value is None else value * scale,
        "expected": None if expected is None else expected * scale,
        "direction": point.direction,
        "method": METHODS[kind],
    }


def describe(alert: dict[str, Any]) -> dict[str, str]:
    """One alert row in words, for the report page and the PDF (the JSON keeps the figures)."""
    kind = alert["kind"]
    measure, up_is_good = MEASURES[kind]
    unit = "\u00a0%" if kind == "touchpoint" else ""

    def figure(value: float | None) -> str:
        if value is None:
            return "—"
        return f"{value:.1f}{unit}" if unit else f"{value:.2f}"

    direction = alert.get("direction")
    better = (direction == "up") == up_is_good
    return {
        "alert": f"{kind} {alert[KEYS[kind]]}",
        "period": alert["period"],
        "measure": measure,
        "value": figure(alert.get("value")),
        "expected": figure(alert.get("expected")),
        "change": f"{direction} ({'better' if better else 'worse'})" if direction else "—",
        "method": alert["method"],
    }


def _standards(data: Data, experience: list[Ans]) -> list[dict[str, Any]]:
    out = []
    for item, answers in sorted(group(data, "item", experience).items()):
        periods = group(data, "period", answers)
        hide = hidden(data, "period", periods)
        values = {
            p: [a.value for a in ans if a.value is not None]
            for p, ans in periods.items()
            if p not in hide
        }
        if values:
            chart = means_chart(values, periods)
            out += [row("standard", item, p) for p in chart if p.out_of_control]
    return out


def _touchpoints(data: Data, moments: list[Ans]) -> list[dict[str, Any]]:
    out = []
    for code, answers in sorted(group(data, "touchpoint", moments).items()):
        counts: dict[str, list[int]] = {}  # period → [misery, n]
        for a in answers:
            tally = counts.setdefault(data.period_of(a.response), [0, 0])
            tally[0] += a.text == "misery"
            tally[1] += 1
        keys = span(counts)
        got = [counts.get(k, [0, 0]) for k in keys]
        chart = p_chart(keys, [c[0] for c in got], [c[1] for c in got])
        out += [row("touchpoint", code, p, 100.0) for p in chart if p.out_of_control]
    return out


def members(data: Data, units: set[int] | None = None) -> dict[str, set[int]]:
    """Unit code → the ids of the responses in its whole subtree, for ``units`` (default all)."""
    chains: dict[int, list[int]] = {}
    out: dict[str, set[int]] = {}
    for rid, resp in data.responses.items():
        uid = resp.unit
        if uid is None or uid not in data.units:
            continue
        if uid not in chains:
            chain: list[int] = []
            current: int | None = uid
            while current is not None and current in data.units and current not in chain:
                chain.append(current)
                current = data.units[current][1]
            chains[uid] = [u for u in chain if units is None or u in units]
        for u in chains[uid]:
            out.setdefault(data.units[u][0], set()).add(rid)
    return out


def _response_means(data: Data) -> dict[int, tuple[str, float]]:
    """Response id → its period and the mean of the experience ratings it gave."""
    rated: dict[int, list[float]] = {}
    for a in data.answers:
        if a.kind == "experience" and a.value is not None:
            rated.setdefault(a.response, []).append(a.value)
    return {rid: (data.period_of(rid), sum(v) / len(v)) for rid, v in rated.items()}


def _unit_chart(
    code: str, means: dict[int, tuple[str, float]], rids: set[int], hide: set[str]
) -> list[dict[str, Any]]:
    periods: set[str] = set()
    values: dict[str, list[float]] = {}
    for rid in sorted(rids & means.keys()):
        period, mean = means[rid]
        periods.add(period)
        if period not in hide:
            values.setdefault(period, []).append(mean)
    if not values:
        return []
    return [row("unit", code, p) for p in means_chart(values, periods) if p.out_of_control]


def _units(workspace: Workspace, f: Filters, data: Data) -> list[dict[str, Any]]:
    """Every unit of the report's tree from its one scan. Employee, leader and internal data:
    each unit's periods pass ``hidden`` as in the report filtered to that unit."""
    chosen = data.chosen_units() if f.unit is not None else None
    means = _response_means(data)
    out = []
    for code, rids in sorted(members(data, chosen).items()):
        if not f.protected:
            out += _unit_chart(code, means, rids, set())
            continue
        if data.respondents(rids) < data.threshold:
            continue  # every period of it is below the threshold: nothing to chart, nothing to read
        own = data if code == f.unit else _narrowed(data, code, rids)
        experience = [a for a in own.answers if a.kind == "experience"]
        hide = hidden(own, "period", group(own, "period", experience))
        mine = means if own is data else _response_means(own)
        out += _unit_chart(code, mine, set(own.responses), hide)
    return out


def _narrowed(data: Data, code: str, rids: set[int]) -> Data:
    """``data`` as if the report were filtered to unit ``code`` (its responses ``rids``)."""
    own = replace(
        data,
        filters=replace(data.filters, unit=code),
        answers=[a for a in data.answers if a.response in rids],
        responses={rid: data.responses[rid] for rid in rids},
    )
    own.rule = data.rule.on(own) if data.rule is not None else None
    return own


def alerts(workspace: Workspace, f: Filters) -> dict[str, Any]:
    data = load(workspace, f, ("experience",) if f.protected else ("experience", "moment"))
    experience = [a for a in data.answers if a.kind == "experience"]
    rows = _standards(data, experience)
    if not f.protected:
        moments = [a for a in data.answers if a.kind == "moment" and a.text]
        rows += _touchpoints(data, moments)
    rows += _units(workspace, f, data)
    rows.sort(key=lambda r: (KIND_ORDER.index(r["kind"]), r[KEYS[r["kind"]]], r["period"]))
    return {"rows": rows}


KIND = ReportKind(
    name="alerts",
    title="Alerts",
    heading="Alerts (statistical process control)",
    reading=(
        "Periods in which a standard, touchpoint or unit moved further than chance explains, "
        "judged by a control chart of its own history rather than a fixed threshold; no row "
        "means nothing changed beyond its usual variation."
    ),
    builder="servicegap.gaps.kinds.alerts:alerts",
    by=("item",),
    default_by="item",
    chart=kind_charts.alerts,
    chart_template="reports/alerts.html",
    empty="No alerts: every figure stayed within its control limits.",
    row_links=("servicegap.actions.links:for_alert",),
    sentence="servicegap.reports.sentences:alerts",
    order=90,
)
