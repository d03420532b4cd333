"""Gap inference: paired t, Welch t, Benjamini–Hochberg, and the plain t interval.

Methods and sources:

* ``paired_gap`` — the one-sample (paired) Student t test and interval on the within-response
  differences experience − expectation (Student 1908; e.g. R's ``t.test(x, y, paired = TRUE)``).
* ``welch`` — Welch's unequal-variance t test with the Welch–Satterthwaite degrees of freedom
  (Welch 1947; R's ``t.test(a, b)`` default, scipy's ``ttest_ind(equal_var=False)``).
* ``bh_adjust`` — Benjamini & Hochberg (1995) step-up adjusted p-values ("q-values"), as
  R's ``p.adjust(method = "BH")``.

Every bound is ``None`` (never NaN) when it is undefined. A sample with zero spread has a
degenerate interval ``[mean, mean]`` and p = 0 when its mean differs from 0 (1 when it is 0):
the t statistic is then infinite (or 0/0, read as "no evidence of a difference").
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from scipy import stats as _st

LEVEL = 0.95


@dataclass(frozen=True)
class GapStat:
    n: int
    mean: float | None
    ci_low: float | None
    ci_high: float | None
    p: float | None


@dataclass(frozen=True)
class DiffStat:
    n_a: int
    n_b: int
    diff: float | None
    ci_low: float | None
    ci_high: float | None
    p: float | None


def _moments(values: Sequence[float]) -> tuple[int, float, float]:
    """n, mean and unbiased variance by the two-pass algorithm (no cancellation)."""
    n = len(values)
    mean = math.fsum(values) / n
    var = math.fsum((v - mean) ** 2 for v in values) / (n - 1) if n > 1 else 0.0
    return n, mean, var


def _t_result(est: float, se: float, df: float) -> tuple[float, float, float]:
    """Interval and two-sided p-value for estimate ``est`` with standard error ``se``."""
    if se == 0.0:
        return est, est, (1.0 if est == 0.0 else 0.0)
    crit = float(_st.t.ppf(0.5 + LEVEL / 2, df))
    p = float(2.0 * _st.t.sf(abs(est / se), df))
    return est - crit * se, est + crit * se, min(max(p, 0.0), 1.0)


def paired_gap(diffs: Sequence[float]) -> GapStat:
    """Paired t: mean of the within-response differences, its 95 % t interval and p (H0: 0).

    With n < 2 the mean is reported (n = 1) but the interval and p are None.
    """
    if not diffs:
        return GapStat(0, None, None, None, None)
    n, mean, var = _moments(diffs)
    if n < 2:
        return GapStat(n, mean, None, None, None)
    low, high, p = _t_result(mean, math.sqrt(var / n), n - 1)
    return GapStat(n, mean, low, high, p)


def mean_ci(values: Sequence[float]) -> GapStat:
    """Plain mean with its 95 % one-sample t interval; ``p`` is always None."""
    got = paired_gap(values)
    return GapStat(got.n, got.mean, got.ci_low, got.ci_high, None)


def welch(a: Sequence[float], b: Sequence[float]) -> DiffStat:
    """Welch two-sample t for mean(a) − mean(b) with Welch–Satterthwaite df.

    The difference is reported when both groups have an answer; the interval and p need
    at least two answers in each group.
    """
    n_a, n_b = len(a), len(b)
    if n_a == 0 or n_b == 0:
        return DiffStat(n_a, n_b, None, None, None, None)
    _, mean_a, var_a = _moments(a)
    _, mean_b, var_b = _moments(b)
    diff = mean_a - mean_b
    if n_a < 2 or n_b < 2:
        return DiffStat(n_a, n_b, diff, None, None, None)
    va, vb = var_a / n_a, var_b / n_b
    se = math.sqrt(va + vb)
    if se == 0.0:
        low, high, p = _t_result(diff, 0.0, 1.0)
    else:
        df = (va + vb) ** 2 / (va**2 / (n_a - 1) + vb**2 / (n_b - 1))
        low, high, p = _t_result(diff, se, df)
    return DiffStat(n_a, n_b, diff, low, high, p)


def bh_adjust(pvalues: Sequence[float | None]) -> list[float | None]:
    """Benjamini–Hochberg (1995) adjusted p-values over the non-None entries.

    q_(i) = min_{j ≥ i} (m / j) · p_(j), capped at 1, for the p-values sorted ascending;
    identical to R's ``p.adjust(p, method = "BH")``. None entries stay None and do not
    count towards m.
    """
    present = [(i, float(p)) for i, p in enumerate(pvalues) if p is not None]
    for _, p in present:
        if math.isnan(p) or not 0.0 <= p <= 1.0:
            raise ValueError(f"p-value out of range: {p!r}")
    out: list[float | None] = [None] * len(pvalues)
    m = len(present)
    running = 1.0
    descending = sorted(present, key=lambda t: t[1], reverse=True)
    for rank, (i, p) in zip(range(m, 0, -1), descending, strict=True):
        running = min(running, p * m / rank)
        out[i] = running
    return out
