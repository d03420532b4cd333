"""Why customers are lost (pure: no Django): exit-survey reasons with their shares and Wilson
intervals, and lost lifetime value by the touchpoint and standard of each lost customer's last
bad experience.

A reason's share is of the customers who gave any reason (an exit answer may pick several, so
shares add up to more than 100 %). A lost customer's last bad experience is their latest
misery moment or below-need rating before they were lost; one without any is counted under
"none recorded" (empty touchpoint and standard), so the lost value adds up.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from scipy import special

from servicegap.lib.proportions import share

DAYS_PER_MONTH = 365.25 / 12  # as servicegap.loyalty.value's horizon counts months


def reasons(picked: Mapping[str, set[str]]) -> list[dict[str, Any]]:
    """``picked``: customer (or exit response) → the reason codes they picked; most named first."""
    n = sum(1 for codes in picked.values() if codes)
    counts: dict[str, int] = defaultdict(int)
    for codes in picked.values():
        for code in codes:
            counts[code] += 1
    out = []
    for reason, k in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        s = share(k, n)
        out.append({"reason": reason, "n": k, "of": n, "share": _r(s.pct),
                    "ci_low": _r(s.ci_low), "ci_high": _r(s.ci_high)})  # fmt: skip
    return out


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 2)  # percent: the published 4 places of a share


def lost_value(
    lost: Sequence[Mapping[str, Any]], last_bad: Mapping[str, tuple[str, str]]
) -> list[dict[str, Any]]:
    """Lost CLV per (touchpoint, standard) of the last bad experience, the most lost first.

    ``lost``: rows with ``customer`` and ``value`` (the value the customer took away,
    ``value_if_alive``); ``last_bad``: customer →
    (touchpoint code, standard code), either may be "".
    """
    found: dict[tuple[str, str], list[float]] = defaultdict(list)
    for row in lost:
        found[last_bad.get(row["customer"], ("", ""))].append(float(row["value"] or 0.0))
    out = [
        {"touchpoint": tp or None, "standard": std or None, "customers": len(values),
         "lost_clv": round(sum(values), 2)}
        for (tp, std), values in found.items()
    ]  # fmt: skip
    return sorted(out, key=lambda r: (-r["lost_clv"], r["touchpoint"] or "", r["standard"] or ""))


def alive_purchases(fit: Mapping[str, float], t: float, x: float, T: float) -> float:
    """Purchases expected in the next ``t`` time units from a customer still alive now: the BG/NBD
    conditional expectation (Fader, Hardie & Lee 2005, eq. 10) without its p_alive factor."""
    r, alpha, a, b = fit["r"], fit["alpha"], fit["a"], fit["b"]
    if t <= 0:
        return 0.0
    hyper = special.hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t))
    body = 1.0 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyper
    found = (a + b + x - 1) / (a - 1) * body
    return max(float(np.nan_to_num(found, nan=0.0, posinf=0.0)), 0.0)


def value_if_alive(
    fit: Mapping[str, float],
    row: Mapping[str, Any],
    *,
    months: int = 12,
    discount: float = 0.10,
    unit_days: float = 7.0,
) -> float:
    """The lifetime value a lost customer takes away: their CLV had they still been alive, month
    by month discounted as servicegap.loyalty.value.clv does (weeks, 12 months, 10 %/year).

    Not ``clv / p_alive``: for a customer the fit believes gone both round to 0. ``row`` is a
    customer_values row (``frequency``, ``T``, ``expected_spend``)."""
    x, T, spend = float(row["frequency"]), float(row["T"]), float(row["expected_spend"])
    total, before = 0.0, 0.0
    for i in range(1, months + 1):
        upto = alive_purchases(fit, i * DAYS_PER_MONTH / unit_days, x, T)
        total += spend * (upto - before) / (1.0 + discount) ** (i / 12)
        before = upto
    return round(total, 2)
