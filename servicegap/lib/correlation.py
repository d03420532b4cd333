"""Pearson's correlation with its 95 % interval by Fisher's z transformation.

r is the sample correlation of paired values; its interval is tanh(atanh(r) ± z/√(n − 3))
(Fisher 1921; e.g. Howell, "Statistical Methods for Psychology", ch. 9), the same as R's
``cor.test`` and scipy's ``pearsonr(...).confidence_interval()``. Under ``MIN_PAIRS`` pairs
nothing is said: "too few units to tell". Plain Python, no Django.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from servicegap.lib.proportions import Z95

MIN_PAIRS = 4  # with n − 3 < 1 the interval is not defined; 4 gives a (wide) one


@dataclass(frozen=True)
class Correlation:
    n: int
    r: float | None
    ci_low: float | None
    ci_high: float | None


def fisher_interval(r: float, n: int, z: float = Z95) -> tuple[float, float]:
    """The 95 % interval of a correlation ``r`` of ``n`` pairs (n >= 4)."""
    if n < MIN_PAIRS:
        raise ValueError(f"need at least {MIN_PAIRS} pairs, got {n}")
    if abs(r) >= 1.0:  # atanh is infinite: the interval collapses onto r
        return r, r
    centre, half = math.atanh(r), z / math.sqrt(n - 3)
    return math.tanh(centre - half), math.tanh(centre + half)


def pearson(xs: Sequence[float], ys: Sequence[float]) -> Correlation:
    """r of paired ``xs`` and ``ys`` with its interval; None figures under ``MIN_PAIRS`` pairs or
    where one side does not vary (r is not defined)."""
    if len(xs) != len(ys):
        raise ValueError("xs and ys must be paired (the same length)")
    n = len(xs)
    if n < MIN_PAIRS:
        return Correlation(n, None, None, None)
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0.0 or syy == 0.0:
        return Correlation(n, None, None, None)
    r = max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))
    low, high = fisher_interval(r, n)
    return Correlation(n, r, low, high)
