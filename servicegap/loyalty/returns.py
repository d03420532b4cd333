"""What loyalty gives back (pure: no Django): each customer's revenue in the twelve months after
their latest recommend answer, by that answer and by what the customer experienced up to it.

Each customer is anchored at their latest recommend answer given at least MIN_DAYS before the
as-of date; their revenue is what they spent in the 365 days after it, scaled up to a year when
fewer days have passed by the as-of date (so an answer of four months ago counts its four months
three times). A customer without such an answer is not compared.

"Customers who had a misery moment at SVC-UPDATE spent X less": the mean revenue of customers
with that experience minus the mean of the customers without it, with its 95 % Welch interval
(unequal variances; revenue is skewed, but with a few dozen customers per group the t interval
of a mean holds well enough, and the n beside it says how far to trust it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from servicegap.lib.inference import mean_ci, welch
from servicegap.loyalty.groups import ATTITUDES, attitude

MIN_CUSTOMERS = 5  # an experience shared by fewer customers is not compared
MIN_DAYS = 90  # an answer younger than this has too little "after" to tell
YEAR = 365


@dataclass(frozen=True)
class Customer:
    code: str
    revenue: float  # in the 12 months after the answer (anchored)
    nps: float | None  # the recommend answer it is anchored at
    misery: frozenset[str] = field(default_factory=frozenset)  # touchpoint codes
    gaps: frozenset[str] = field(default_factory=frozenset)  # standard codes rated below need


def anchored(
    answers: Mapping[str, Sequence[tuple[date, float]]],
    bad: Mapping[str, Sequence[tuple[date, str, str]]],
    spend: Mapping[str, Sequence[tuple[date, float]]],
    as_of: date,
) -> list[Customer]:
    """The customers to compare (see the module): ``answers`` code → (day, recommend answer),
    ``bad`` code → (day, touchpoint, standard: "" where none), ``spend`` code → (day, amount)."""
    out = []
    last_day = as_of - timedelta(days=MIN_DAYS)
    for code in sorted(answers):
        given = [(day, value) for day, value in answers[code] if day <= last_day]
        if not given:
            continue
        day, value = max(given)
        until = min(day + timedelta(days=YEAR), as_of)
        spent = sum(amount for when, amount in spend.get(code, ()) if day < when <= until)
        scale = YEAR / (until - day).days
        met = [(tp, std) for when, tp, std in bad.get(code, ()) if when <= day]
        out.append(Customer(
            code, round(spent * scale, 2), value,
            frozenset(tp for tp, std in met if tp and not std), frozenset(std for _, std in met if std),
        ))  # fmt: skip
    return out


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 2)


def by_attitude(customers: Sequence[Customer]) -> list[dict]:
    """Mean revenue per customer of promoters, passives and detractors, with 95 % intervals."""
    out = []
    for a in reversed(ATTITUDES):
        spent = [c.revenue for c in customers if attitude(c.nps) == a]
        stat = mean_ci(spent)
        out.append({
            "attitude": a, "customers": stat.n, "revenue": _r(stat.mean),
            "ci_low": _r(stat.ci_low), "ci_high": _r(stat.ci_high),
        })  # fmt: skip
    return out


def _compare(kind: str, code: str, had: list[float], others: list[float]) -> dict:
    diff = welch(had, others)
    return {
        "experience": kind, "code": code, "customers": diff.n_a, "others": diff.n_b,
        "revenue": _r(sum(had) / len(had)), "others_revenue": _r(sum(others) / len(others)),
        "difference": _r(diff.diff), "ci_low": _r(diff.ci_low), "ci_high": _r(diff.ci_high),
    }  # fmt: skip


def by_experience(
    customers: Sequence[Customer], names: Mapping[str, str] | None = None
) -> list[dict]:
    """Per touchpoint with a misery moment and per standard with a gap: revenue of customers who
    had it against everyone else, largest loss first; rarer experiences than MIN_CUSTOMERS (or
    shared by all) are left out."""
    out = []
    for kind, attr in (("misery", "misery"), ("gap", "gaps")):
        codes = sorted({code for c in customers for code in getattr(c, attr)})
        for code in codes:
            had = [c.revenue for c in customers if code in getattr(c, attr)]
            others = [c.revenue for c in customers if code not in getattr(c, attr)]
            if len(had) >= MIN_CUSTOMERS and len(others) >= MIN_CUSTOMERS:
                row = _compare(kind, code, had, others)
                row["name"] = (names or {}).get(code, code)
                out.append(row)
    return sorted(out, key=lambda r: (r["difference"], r["experience"], r["code"]))


def sentence(row: Mapping, currency: str) -> str:
    """ "Customers who had a misery moment at SVC-UPDATE spent EUR 120 less (95 % interval …)"."""
    what = (
        f"a misery moment at {row['name']}" if row["experience"] == "misery"
        else f"a gap at {row['name']}"
    )  # fmt: skip
    diff = row["difference"]
    more = "less" if diff < 0 else "more"
    told = (
        f"Customers who had {what} spent {currency} {abs(diff):,.0f} {more} in the next 12 months"
    )
    if row["ci_low"] is None:
        return told + f" (n = {row['customers']})."
    return (
        told + f" than the others (95 % interval {row['ci_low']:,.0f} to {row['ci_high']:,.0f}; "
        f"n = {row['customers']} and {row['others']})."
    )
