"""Service recovery: whether a customer whose case closed was saved or lost, and the recovery
paradox's difference of two NPS (pure: no Django).

The outcome rule (docs/cases.md, "Saved or lost"): after the case closed, within the horizon,

* **lost** when the customer answered an exit survey (whatever else they did: saying goodbye is
  the strongest signal there is);
* else **saved** when they answered this closing's recovery survey 4–5, or gave a recommend answer of 7 or
  more (the recovery survey's own, or a later customer survey's), or made a later transaction;
* else **lost** once the horizon has passed without a transaction, but only for a customer whose
  transactions the workspace records (one with at least one transaction ever): for anyone else
  the silence says nothing;
* else **unknown** (not yet decidable, or no way to tell).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from servicegap.lib.proportions import Z_NPS, NpsStat

SAVED = "saved"
LOST = "lost"
OPEN = "open"
UNKNOWN = "unknown"
OUTCOMES = (SAVED, LOST, OPEN, UNKNOWN)


@dataclass
class Evidence:
    """What is known about one case's customer after the case closed."""

    closed_at: datetime | None  # None: the case is not closed
    closed_on: date | None = None  # the closing day in the workspace's time zone
    recovery_answer: int | None = None
    recovery_nps: int | None = None
    recovery_answered_at: datetime | None = None  # None: unknown (rows written without it)
    nps_after: list[tuple[datetime, float]] = field(default_factory=list)
    exits_after: list[datetime] = field(default_factory=list)
    transactions: list[date] = field(default_factory=list)  # the customer's, any date
    known_buyer: bool = False  # the customer has at least one transaction on record


def decide(ev: Evidence, horizon_days: int, today: date) -> str:
    """The outcome of one case (see the module's rule)."""
    if ev.closed_at is None or ev.closed_on is None:
        return OPEN
    until = ev.closed_at + timedelta(days=horizon_days)
    last_day = ev.closed_on + timedelta(days=horizon_days)
    if any(ev.closed_at < at <= until for at in ev.exits_after):
        return LOST
    # An answer given before this closing belongs to an earlier one (the case was reopened).
    current = ev.recovery_answered_at is None or ev.recovery_answered_at >= ev.closed_at
    if current and ev.recovery_answer is not None and ev.recovery_answer >= 4:
        return SAVED
    if current and ev.recovery_nps is not None and ev.recovery_nps >= 7:
        return SAVED
    if any(ev.closed_at < at <= until and score >= 7 for at, score in ev.nps_after):
        return SAVED
    # A transaction is dated by day only; one on the closing day may precede the close, so
    # only the days after it count.
    if any(ev.closed_on < d <= last_day for d in ev.transactions):
        return SAVED
    if ev.known_buyer and today > last_day:
        return LOST
    return UNKNOWN


def recovery_rate(outcomes: Iterable[str]) -> tuple[int, int]:
    """(saved, lost) among the outcomes: the rate is saved / (saved + lost)."""
    saved = lost = 0
    for o in outcomes:
        saved += o == SAVED
        lost += o == LOST
    return saved, lost


@dataclass(frozen=True)
class NpsDiff:
    difference: float | None  # a − b, plain NPS points
    ci_low: float | None
    ci_high: float | None


def _adjusted(s: NpsStat) -> tuple[float, float]:
    """Rocks (2016) adjusted-Wald centre and variance of one NPS (as fractions)."""
    n_adj = s.n + 3
    p = (s.promoters + 0.75) / n_adj
    d = (s.detractors + 0.75) / n_adj
    centre = p - d
    return centre, max(p + d - centre * centre, 0.0) / n_adj


def nps_difference(a: NpsStat, b: NpsStat) -> NpsDiff:
    """The difference of two independent NPS with the adjusted-Wald interval for a difference
    (Rocks 2016, "Comparing two Net Promoter Scores"): the adjusted centres' difference
    ± 1.96·√(var_a + var_b), ×100 and clipped to −200..200. The difference itself is of the
    plain scores; None when either side has no answers."""
    if a.n == 0 or b.n == 0 or a.nps is None or b.nps is None:
        return NpsDiff(None, None, None)
    ca, va = _adjusted(a)
    cb, vb = _adjusted(b)
    half = Z_NPS * math.sqrt(va + vb)
    centre = ca - cb
    low = max(100.0 * (centre - half), -200.0)
    high = min(100.0 * (centre + half), 200.0)
    return NpsDiff(a.nps - b.nps, low, high)


@dataclass(frozen=True)
class Median:
    n: int
    median: float | None
    ci_low: float | None
    ci_high: float | None


def median_ci(values: Iterable[float]) -> Median:
    """The median with its distribution-free 95 % interval from order statistics (Conover,
    "Practical Nonparametric Statistics", 3rd ed., §3.2): the r-th smallest and r-th largest
    value, r the largest rank with P(Binomial(n, ½) < r) ≤ 2.5 %. Under 6 values no such
    interval reaches 95 %: None."""
    from scipy.stats import binom

    xs = sorted(values)
    n = len(xs)
    if n == 0:
        return Median(0, None, None, None)
    mid = n // 2
    median = xs[mid] if n % 2 else (xs[mid - 1] + xs[mid]) / 2
    r = int(binom.ppf(0.025, n, 0.5))  # smallest r with P(X ≤ r) ≥ 2.5 %: P(X < r) ≤ 2.5 %
    if r < 1:
        return Median(n, median, None, None)
    return Median(n, median, xs[r - 1], xs[n - r])


def paradox_sentence(recovered: NpsStat, never: NpsStat, diff: NpsDiff) -> tuple[bool | None, str]:
    """Whether the recovery paradox holds (recovered customers recommend more than customers
    who never complained, beyond chance) and one plain sentence saying so."""
    if diff.difference is None or diff.ci_low is None or diff.ci_high is None:
        return None, (
            "Not enough answers to compare yet: "
            f"n = {recovered.n} recovered customers, {never.n} who never complained."
        )
    said = (
        f"NPS {recovered.nps:+.0f} (n = {recovered.n}) against {never.nps:+.0f} "
        f"(n = {never.n}); difference {diff.difference:+.0f}, "
        f"95 % interval {diff.ci_low:+.0f} to {diff.ci_high:+.0f}"
    )
    if diff.ci_low > 0:
        return True, (
            "The recovery paradox holds here: customers whose complaint was put right "
            f"recommend us more than customers who never complained ({said})."
        )
    if diff.ci_high < 0:
        return False, (
            "The recovery paradox does not hold here: customers whose complaint was put right "
            f"recommend us less than customers who never complained ({said})."
        )
    return False, (
        "No recovery paradox can be seen: customers whose complaint was put right recommend "
        f"us about as much as customers who never complained; the difference is within "
        f"what chance explains ({said})."
    )
