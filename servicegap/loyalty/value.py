"""customer_values(workspace, as_of, *, time_unit="weeks", horizon=12, discount=0.10, progress=None)
-> {"bgnbd": {"r", "alpha", "a", "b", "log_likelihood"}, "gamma_gamma": {"p", "q", "gamma"},
"customers", "value_at_risk", "rows": [{"customer", "frequency", "recency", "T", "p_alive",
"expected_purchases", "expected_spend", "clv"}]}: each customer's lifetime value as of a day.

BG/NBD (bgnbd.py) and Gamma-Gamma (gammagamma.py) fitted on the workspace's transactions up to
``as_of`` (rfm.py's definitions); ``horizon`` is in months, ``discount`` a yearly rate. Raises
ValueError with a plain sentence when the transactions cannot support a fit (too few customers,
no repeat purchase), which the report page and the CLI show as they are. ``value_at_risk`` is the
CLV of the customers with ``p_alive`` < 0.5. This is the only module here that reads the database;
the arithmetic is clv() below and the pure modules.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from servicegap.loyalty import bgnbd, gammagamma, rfm

Progress = Callable[[int, int], None]  # (steps done, steps in all), as servicegap.runtime's

MIN_CUSTOMERS = 10  # below this a four-parameter fit says nothing about anyone
DAYS_PER_MONTH = 365.25 / 12
AT_RISK_BELOW = 0.5  # p_alive below which a customer's value counts as at risk (the clv report)
STEPS = 4  # read, summarise, fit, score: what ``progress`` counts


def clv(
    purchases: bgnbd.Fit,
    spend: gammagamma.Fit,
    s: rfm.Summary,
    *,
    months: int,
    discount: float,
    unit_days: float,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """(expected purchases over the horizon, expected spend per purchase, CLV) per customer.

    CLV = Σ_{i=1..months} spend · (E[Y(t_i)] − E[Y(t_{i−1})]) / (1 + discount)^(i/12), where
    t_i = i months in the time unit: each month's expected purchases are discounted to the as-of
    day at the yearly rate. Spend is revenue: the amounts as recorded (no margin is taken off).
    """
    x, tx, T = s.frequency, s.recency, s.T
    per = gammagamma.expected_spend(spend, x, s.monetary)
    total = np.zeros(len(s))
    before = np.zeros(len(s))
    for i in range(1, months + 1):
        upto = bgnbd.expected_purchases(purchases, i * DAYS_PER_MONTH / unit_days, x, tx, T)
        total += per * (upto - before) / (1.0 + discount) ** (i / 12)
        before = upto
    return before, per, total


def _read(workspace: Any, as_of: date) -> tuple[list[str], rfm.Summary]:
    from servicegap.loyalty.models import Transaction  # noqa: PLC0415
    from servicegap.people.models import Person  # noqa: PLC0415

    rows = (
        Transaction.objects.of(workspace)
        .filter(date__lte=as_of)
        .values_list("customer_id", "date", "amount")
    )
    ids: list[int] = []
    days: list[int] = []
    amounts: list[float] = []
    for pk, day, amount in rows.iterator(chunk_size=20000):
        ids.append(pk)
        days.append(day.toordinal())
        amounts.append(float(amount))
    summary = rfm.summarise(ids, days, amounts, as_of.toordinal(), "days")
    codes = dict(Person.objects.filter(pk__in=summary.customer.tolist()).values_list("pk", "code"))
    return [codes[int(pk)] for pk in summary.customer], summary


def customer_values(
    workspace: Any,
    as_of: date,
    *,
    time_unit: str = "weeks",
    horizon: int = 12,
    discount: float = 0.10,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Fit both models on the transactions up to ``as_of`` and score every customer."""
    if time_unit not in rfm.UNITS:
        raise ValueError(f"The time unit must be days or weeks, not {time_unit!r}.")
    if not 1 <= horizon <= 120:
        raise ValueError(f"The horizon is a number of months from 1 to 120, not {horizon}.")
    if not 0 <= discount < 1:
        raise ValueError(f"The discount is a yearly rate from 0 to 1 (0.1 = 10 %), not {discount}.")
    step = progress or (lambda done, total: None)
    step(0, STEPS)
    codes, by_day = _read(workspace, as_of)
    step(1, STEPS)
    unit_days = rfm.UNITS[time_unit]
    # the days summary re-expressed in the time unit (weeks = days / 7, fractional)
    s = rfm.Summary(
        customer=by_day.customer,
        frequency=by_day.frequency,
        recency=by_day.recency / unit_days,
        T=by_day.T / unit_days,
        monetary=by_day.monetary,
        first=by_day.first,
        total=by_day.total,
    )
    return score(
        codes, s, time_unit=time_unit, horizon=horizon, discount=discount, step=step, as_of=as_of
    )


def score(
    codes: list[str],
    s: rfm.Summary,
    *,
    time_unit: str,
    horizon: int,
    discount: float,
    step: Progress,
    as_of: date,
) -> dict[str, Any]:
    """Fit and score a summary whose customers are ``codes`` (the document customer_values gives)."""
    when = f"{as_of:%d %b %Y}"
    if len(s) < MIN_CUSTOMERS:
        raise ValueError(
            f"Lifetime value needs at least {MIN_CUSTOMERS} customers who bought on or before "
            f"{when}; there are {len(s)}."
        )
    repeat = int(np.sum(s.frequency > 0))
    if repeat < 2:
        raise ValueError(
            f"Lifetime value needs customers who bought again: of the {len(s)} customers who "
            f"bought on or before {when}, {repeat} came back."
        )
    step(2, STEPS)
    purchases = bgnbd.fit(s.frequency, s.recency, s.T)
    spend = gammagamma.fit(s.frequency, s.monetary)
    step(3, STEPS)
    alive = bgnbd.p_alive(purchases, s.frequency, s.recency, s.T)
    expected, per, value = clv(
        purchases, spend, s, months=horizon, discount=discount, unit_days=rfm.UNITS[time_unit]
    )
    step(STEPS, STEPS)
    rows = [
        {
            "customer": code,
            "frequency": int(f),
            "recency": round(float(r), 4),
            "T": round(float(t), 4),
            "p_alive": round(float(p), 4),
            "expected_purchases": round(float(e), 4),
            "expected_spend": round(float(m), 2),
            "clv": round(float(c), 2),
        }
        for code, f, r, t, p, e, m, c in zip(
            codes, s.frequency, s.recency, s.T, alive, expected, per, value, strict=True
        )
    ]
    return {
        "bgnbd": {
            "r": purchases.r,
            "alpha": purchases.alpha,
            "a": purchases.a,
            "b": purchases.b,
            "log_likelihood": purchases.log_likelihood,
        },
        "gamma_gamma": {"p": spend.p, "q": spend.q, "gamma": spend.gamma},
        "customers": len(rows),
        # from the rows as printed, so a reader adding them up gets the same figure
        "value_at_risk": round(sum(r["clv"] for r in rows if r["p_alive"] < AT_RISK_BELOW), 2),
        "rows": rows,
    }
