"""Each customer's purchase history in the form the BG/NBD and Gamma-Gamma models read.

Plain NumPy, no Django. The definitions are those the published CDNOW fit used (Fader, Hardie &
Lee 2005), so changing any of them changes the fitted parameters:

- purchases on the same day are merged into one (their amounts added);
- ``frequency`` = distinct purchase days − 1 (repeat purchases);
- ``recency`` = last purchase − first purchase, ``T`` = as-of − first purchase, in the time unit:
  ``days`` or ``weeks`` (days / 7, fractional, not calendar weeks);
- transactions after the as-of day are ignored; a customer with none before it is absent;
- ``monetary`` = the mean of the repeat purchase days' totals, the first purchase day excluded
  (0 for a customer without a repeat purchase).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

UNITS = {"days": 1.0, "weeks": 7.0}

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Summary:
    """One entry per customer who bought on or before the as-of day, in ``customer`` order."""

    customer: Ints  # the caller's customer index
    frequency: Floats
    recency: Floats
    T: Floats
    monetary: Floats
    first: Ints  # first purchase day (the caller's day numbers, e.g. date ordinals)
    total: Floats  # everything they spent up to the as-of day, first purchase included

    def __len__(self) -> int:
        return len(self.customer)


def summarise(
    customer: npt.ArrayLike,
    day: npt.ArrayLike,
    amount: npt.ArrayLike,
    as_of: int,
    unit: str = "weeks",
) -> Summary:
    """Summarise transactions (parallel arrays; ``day`` as integers, e.g. ``date.toordinal()``)."""
    if unit not in UNITS:
        raise ValueError(f"time unit must be days or weeks, not {unit!r}")
    c = np.asarray(customer, dtype=np.int64)
    d = np.asarray(day, dtype=np.int64)
    m = np.asarray(amount, dtype=np.float64)
    keep = d <= as_of
    c, d, m = c[keep], d[keep], m[keep]
    if not len(c):
        empty_f, empty_i = np.zeros(0), np.zeros(0, dtype=np.int64)
        return Summary(empty_i, empty_f, empty_f, empty_f, empty_f, empty_i, empty_f)
    # Merge same-day purchases: sort by (customer, day), then sum each run of equal pairs.
    order = np.lexsort((d, c))
    c, d, m = c[order], d[order], m[order]
    new_pair = np.ones(len(c), dtype=bool)
    new_pair[1:] = (c[1:] != c[:-1]) | (d[1:] != d[:-1])
    starts = np.flatnonzero(new_pair)
    pc, pd, pm = c[starts], d[starts], np.add.reduceat(m, starts)
    # Per customer: its run of purchase days.
    new_cust = np.ones(len(pc), dtype=bool)
    new_cust[1:] = pc[1:] != pc[:-1]
    cstart = np.flatnonzero(new_cust)
    days_count = np.diff(np.append(cstart, len(pc)))
    first = pd[cstart]
    last = pd[np.append(cstart[1:], len(pc)) - 1]
    totals = np.add.reduceat(pm, cstart)
    first_amount = pm[cstart]
    frequency = (days_count - 1).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        monetary = np.where(frequency > 0, (totals - first_amount) / np.maximum(frequency, 1), 0.0)
    scale = UNITS[unit]
    return Summary(
        customer=pc[cstart],
        frequency=frequency,
        recency=(last - first) / scale,
        T=(as_of - first) / scale,
        monetary=monetary,
        first=first,
        total=totals,
    )


def repeat_rate(summary: Summary) -> float:
    """The share of customers who came back at least once (frequency > 0)."""
    return float(np.mean(summary.frequency > 0)) if len(summary) else 0.0
