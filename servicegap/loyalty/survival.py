"""Kaplan–Meier retention curves with 95 % bands, on NumPy (no Django).

A customer "survives" while they keep buying. Purchases never announce a departure, so a customer
counts as lapsed once ``lapse`` days pass without a purchase: their time is first → last purchase,
an event. A customer who bought within ``lapse`` days of the as-of day is still retained: their
time is first purchase → as-of, censored. S(t) is the share of customers retained t days after
their first purchase.

Why no library: lifelines pulls in matplotlib and autograd, statsmodels is not installed and is
heavy for one estimator; the Kaplan–Meier product and Greenwood's variance are a few array
operations. The band is the log(−log) transform of Greenwood's variance (Kalbfleisch & Prentice),
which stays inside [0, 1]: lifelines' default, R survival's conf.type = "log-log".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Z95 = 1.959963984540054
LAPSE_DAYS = 180  # no purchase for this long: the customer has lapsed (docs/loyalty.md)


@dataclass(frozen=True)
class Curve:
    """S(t) as a step function: at each ``time`` (days) where someone lapsed, the share retained."""

    n: int  # customers in the curve
    lapsed: int  # of whom lapsed (events)
    time: npt.NDArray[np.float64]
    survival: npt.NDArray[np.float64]
    low: npt.NDArray[np.float64]
    high: npt.NDArray[np.float64]
    at_risk: npt.NDArray[np.int64]


def durations(
    first: npt.ArrayLike, last: npt.ArrayLike, as_of: int, lapse: int = LAPSE_DAYS
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
    """(days retained, lapsed?) per customer from first and last purchase days (integers)."""
    f = np.asarray(first, dtype=np.float64)
    last_day = np.asarray(last, dtype=np.float64)
    lapsed = (as_of - last_day) > lapse
    return np.where(lapsed, last_day - f, as_of - f), lapsed


def kaplan_meier(duration: npt.ArrayLike, event: npt.ArrayLike) -> Curve:
    """The Kaplan–Meier estimate with a 95 % log(−log) Greenwood band."""
    t = np.asarray(duration, dtype=np.float64)
    e = np.asarray(event, dtype=bool)
    n = len(t)
    if n == 0:
        empty = np.zeros(0)
        return Curve(0, 0, empty, empty, empty, empty, np.zeros(0, dtype=np.int64))
    times, inverse = np.unique(t, return_inverse=True)
    deaths = np.bincount(inverse, weights=e.astype(np.float64), minlength=len(times))
    leaving = np.bincount(inverse, minlength=len(times))
    # at risk at each time: everyone whose time is that or later
    at_risk = n - np.concatenate(([0], np.cumsum(leaving)[:-1]))
    keep = deaths > 0
    times, d, r = times[keep], deaths[keep], at_risk[keep].astype(np.float64)
    s = np.cumprod(1.0 - d / r)
    with np.errstate(divide="ignore", invalid="ignore"):
        # Greenwood: Var[log S] = Σ d / (r (r − d)); infinite once everyone has lapsed
        green = np.cumsum(np.where(r > d, d / (r * (r - d)), np.inf))
        log_s = np.log(s)
        se = np.sqrt(green) / np.abs(log_s)
        low = s ** np.exp(Z95 * se)
        high = s ** np.exp(-Z95 * se)
    # S = 1 (nobody lapsed yet) or 0 (everyone has): the band collapses to the estimate's bounds
    low = np.where(np.isfinite(low), low, 0.0)
    high = np.where(np.isfinite(high) & (s < 1), high, 1.0)
    low = np.where(s >= 1, s, low)
    return Curve(
        n,
        int(e.sum()),
        times,
        np.asarray(s, dtype=np.float64),
        np.clip(low, 0, 1).astype(np.float64),
        np.clip(high, 0, 1).astype(np.float64),
        r.astype(np.int64),
    )


def at(curve: Curve, day: float) -> tuple[float, float, float]:
    """(S, low, high) at ``day``: the step function's value there."""
    i = int(np.searchsorted(curve.time, day, side="right")) - 1
    if i < 0:
        return 1.0, 1.0, 1.0
    return float(curve.survival[i]), float(curve.low[i]), float(curve.high[i])
