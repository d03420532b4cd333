"""Alerts: out-of-control changes of a standard's mean experience over calendar periods.

An EWMA chart (λ = 0.2, L = 3; ``servicegap.lib.spc``) runs over each standard's period means
(months by default, gaps filled with empty periods), with σ pooled from the answers within
periods. Only points outside the control limits become rows; never a fixed threshold.
"""

from __future__ import annotations

import math
from typing import Any

from servicegap.gaps.data import load
from servicegap.gaps.filters import Filters
from servicegap.gaps.kinds.common import group, hidden
from servicegap.lib.spc import ewma_chart


def _next(period: str) -> str:
    if "-Q" in period:
        year, q = period.split("-Q")
        return f"{int(year) + 1}-Q1" if q == "4" else f"{year}-Q{int(q) + 1}"
    if "-" in period:
        year, month = period.split("-")
        return f"{int(year) + 1}-01" if month == "12" else f"{year}-{int(month) + 1:02d}"
    return str(int(period) + 1)


def _pooled_sd(per_period: dict[str, list[float]]) -> float | None:
    ss, df = 0.0, 0
    for values in per_period.values():
        if len(values) > 1:
            m = sum(values) / len(values)
            ss += sum((v - m) ** 2 for v in values)
            df += len(values) - 1
    return math.sqrt(ss / df) if df and ss > 0 else None


def alerts(workspace, f: Filters) -> dict[str, Any]:
    data = load(workspace, f, ("experience",))
    out = []
    for item, answers in sorted(group(data, "item").items()):
        periods = group(data, "period", answers)
        hide = hidden(data, "period", periods)
        values = {
            p: [a.value for a in ans if a.value is not None]
            for p, ans in periods.items()
            if p not in hide
        }
        if not values:
            continue
        keys, current, last = [], min(periods), max(periods)
        while True:
            keys.append(current)
            if current == last:
                break
            current = _next(current)
        means = [sum(values[k]) / len(values[k]) if values.get(k) else None for k in keys]
        ns = [len(values.get(k, ())) for k in keys]
        for point in ewma_chart(keys, means, ns, sigma=_pooled_sd(values)):
            if point.out_of_control:
                out.append(
                    {
                        "kind": "standard",
                        "item": item,
                        "period": point.period,
                        "value": point.value,
                        "expected": point.expected,
                        "direction": point.direction,
                        "method": "ewma",
                    }
                )
    return {"rows": out}
