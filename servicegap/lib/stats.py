"""Means and their 95 % intervals from sufficient statistics (n, sum, sum of squares).

Working from moments lets the database do the scanning (one pass, any size) while the
interval is computed here, in one tested place.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy import stats as _st


@dataclass(frozen=True)
class MeanInterval:
    n: int
    mean: float | None
    ci_low: float | None
    ci_high: float | None
    sd: float | None


def mean_interval(n: int, total: float, total_sq: float, level: float = 0.95) -> MeanInterval:
    """One-sample t interval for the mean; bounds are None (never NaN) when n < 2."""
    if n <= 0:
        return MeanInterval(0, None, None, None, None)
    mean = total / n
    if n < 2:
        return MeanInterval(n, mean, None, None, None)
    # Guard against tiny negative variances from floating-point cancellation.
    var = max((total_sq - n * mean * mean) / (n - 1), 0.0)
    sd = math.sqrt(var)
    half = float(_st.t.ppf(0.5 + level / 2, n - 1)) * sd / math.sqrt(n)
    return MeanInterval(n, mean, mean - half, mean + half, sd)


def mean_interval_of(values: list[float], level: float = 0.95) -> MeanInterval:
    return mean_interval(len(values), sum(values), sum(v * v for v in values), level)
