"""Gap inference: paired t, Welch t, Benjamini–Hochberg, and the plain t interval.

Methods and sources:

* ``paired_gap`` — the one-sample (paired) Student t test and interval on the within-response
  differences experience − expectation (Student 1908; e.g. R's ``t.test(x, y, paired = TRUE)``).
* ``welch`` — Welch's unequal-variance t test with the Welch–Satterthwaite degrees of freedom
  (Welch 1947; R's ``t.test(a, b)`` default): the p-value is scipy's
  ``ttest_ind_from_stats(equal_var=False)``, the interval the t quantile at that df.
* ``bh_adjust`` — Benjamini & Hochberg (1995) step-up adjusted p-values ("q-values"), as
  R's ``p.adjust(method = "BH")``: scipy's ``false_discovery_control(method="bh")``.

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


@dataclass(frozen=True)
class Moments:
    """n, mean and unbiased variance of a sample (mean None and variance 0 when n = 0)."""

    n: int
    mean: float | None
    var: float

    @classmethod
    def of(cls, values: Sequence[float]) -> Moments:
        """By the two-pass algorithm (no cancellation)."""
        n = len(values)
        if n == 0:
            return cls(0, None, 0.0)
        mean = math.fsum(values) / n
        var = math.fsum((v - mean) ** 2 for v in values) / (n - 1) if n > 1 else 0.0
        return cls(n, mean, var)

    @classmethod
    def from_sums(cls, n: int, s1: float, s2: float) -> Moments:
        """From n, Σx and Σx² (the report aggregates). A spread below 1e-10 of the mean square is
        rounding, not data: ratings that differ that little do not exist, and reading it as 0
        keeps "all answers equal" exact (p = 1 or 0 as with the two-pass formula)."""
        if n == 0:
            return cls(0, None, 0.0)
        mean = s1 / n
        if n == 1:
            return cls(1, mean, 0.0)
        spread = s2 - s1 * s1 / n
        if spread <= 1e-10 * max(s2, 1e-300):
            spread = 0.0
        return cls(n, mean, spread / (n - 1))


def _interval(est: float, se: float, df: float) -> tuple[float, float]:
    """The 95 % t interval of estimate ``est`` with standard error ``se`` (> 0)."""
    crit = float(_st.t.ppf(0.5 + LEVEL / 2, df))
    return est - crit * se, est + crit * se


def _p(p: float) -> float:
    return min(max(float(p), 0.0), 1.0)


def _t_result(est: float, se: float, df: float) -> tuple[float, float, float]:
    """Interval and two-sided p-value for estimate ``est`` with standard error ``se``."""
    if se == 0.0:
        return est, est, (1.0 if est == 0.0 else 0.0)
    low, high = _interval(est, se, df)
    return low, high, _p(2.0 * _st.t.sf(abs(est / se), df))


def paired_gap(diffs: Sequence[float]) -> GapStat:
    """Paired t: mean of the within-response differences, its 95 % t interval and p (H0: 0).

    With n < 2 the mean is reported (n = 1) but the interval and p are None.
    """
    return gap_stat(Moments.of(diffs))


def gap_stat(m: Moments) -> GapStat:
    """``paired_gap`` of a sample given by its moments."""
    if m.n == 0 or m.mean is None:
        return GapStat(0, None, None, None, None)
    if m.n < 2:
        return GapStat(m.n, m.mean, None, None, None)
    low, high, p = _t_result(m.mean, math.sqrt(m.var / m.n), m.n - 1)
    return GapStat(m.n, m.mean, low, high, p)


def mean_ci(values: Sequence[float]) -> GapStat:
    """Plain mean with its 95 % one-sample t interval; ``p`` is always None."""
    return mean_stat(Moments.of(values))


def mean_stat(m: Moments) -> GapStat:
    """``mean_ci`` of a sample given by its moments."""
    got = gap_stat(m)
    return GapStat(got.n, got.mean, got.ci_low, got.ci_high, None)


def welch(a: Sequence[float], b: Sequence[float]) -> DiffStat:
    """Welch two-sample t for mean(a) − mean(b) with Welch–Satterthwaite df.

    The difference is reported when both groups have an answer; the interval and p need
    at least two answers in each group.
    """
    return welch_stat(Moments.of(a), Moments.of(b))


def welch_stat(a: Moments, b: Moments) -> DiffStat:
    """``welch`` of two samples given by their moments."""
    n_a, n_b = a.n, b.n
    if a.mean is None or b.mean is None:
        return DiffStat(n_a, n_b, None, None, None, None)
    var_a, var_b = a.var, b.var
    diff = a.mean - b.mean
    if n_a < 2 or n_b < 2:
        return DiffStat(n_a, n_b, diff, None, None, None)
    va, vb = var_a / n_a, var_b / n_b
    se = math.sqrt(va + vb)
    if se == 0.0:
        low, high, p = _t_result(diff, 0.0, 1.0)
    else:
        # scipy returns no df: the interval needs the Welch–Satterthwaite df, as scipy computes it.
        df = (va + vb) ** 2 / (va**2 / (n_a - 1) + vb**2 / (n_b - 1))
        low, high = _interval(diff, se, df)
        sd_a, sd_b = math.sqrt(var_a), math.sqrt(var_b)
        test = _st.ttest_ind_from_stats(a.mean, sd_a, n_a, b.mean, sd_b, n_b, equal_var=False)
        p = _p(test.pvalue)
    return DiffStat(n_a, n_b, diff, low, high, p)


def bh_adjust(pvalues: Sequence[float | None]) -> list[float | None]:
    """Benjamini–Hochberg (1995) adjusted p-values over the non-None entries.

    q_(i) = min_{j ≥ i} (m / j) · p_(j), capped at 1, for the p-values sorted ascending
    (scipy's ``false_discovery_control``, computed in the order R's ``p.adjust(p, method = "BH")``
    computes it). None entries stay None and do not count towards m.
    """
    present = [(i, float(p)) for i, p in enumerate(pvalues) if p is not None]
    for _, p in present:
        if math.isnan(p) or not 0.0 <= p <= 1.0:
            raise ValueError(f"p-value out of range: {p!r}")
    out: list[float | None] = [None] * len(pvalues)
    if present:
        adjusted = _st.false_discovery_control([p for _, p in present], method="bh")
        for (i, _), q in zip(present, adjusted.tolist(), strict=True):
            out[i] = q
    return out
