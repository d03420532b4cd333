"""Monitoring: control charts over calendar periods (statistical process control).

Two charts, both pure functions returning one ``ControlPoint`` per period; alerts come only from
points outside their control limits, never from a fixed threshold. Method, sources and the
measured false-alarm rates are in ``docs/monitoring.md``.

**EWMA chart** (``ewma_chart``) of period means: Roberts (1959), with the exact time-varying
limits of Lucas & Saccucci (1990), "Exponentially weighted moving average control schemes:
properties and enhancements", Technometrics 32(1); Montgomery, *Introduction to Statistical
Quality Control*, §9.2. With λ = 0.2 and L = 3:

    z_t = λ·x̄_t + (1 − λ)·z_{t−1},   z_0 = μ̂0
    limits = μ̂0 ± L·√Var(z_t − μ̂0)

μ̂0 is the answer-weighted mean of the first ``baseline_periods`` periods with data (N0 answers).
Because μ̂0 is itself estimated, the variance is that of z_t − μ̂0, not of z_t alone: writing
z_t − μ̂0 = Σ_i c_i·x̄_i with c_i = w_i − W·n_i/N0·[i in the baseline] (w_i the EWMA weights,
W = Σ w_i), Var = σ²·Σ c_i²/n_i = σ²·(Σ w_i²/n_i − 2·W·Σ_baseline w_i/N0 + W²/N0). Without the
last two terms a six-period baseline gave 3.3 % alarms per in-control period after the baseline
(simulation, σ known) instead of the nominal 0.2 %; with them, 0.2–0.3 %. σ is the per-answer
standard deviation: given by the caller (pooled from the answers within periods), or estimated
from the baseline period means as s² = Σ n_i (x̄_i − μ̂0)² / (B − 1) raised to its upper 95 %
confidence bound s·√((B − 1)/χ²_{0.05, B−1}) (Jones, Champ & Rigdon 2001, "The performance of
EWMA charts with estimated parameters", Technometrics 43(2)). A period without answers leaves
z unchanged and cannot alarm. With μ0 and σ known the in-control ARL0 is about 560 periods
(Lucas & Saccucci 1990, Table 3), and a sustained shift of 1.5 standard errors is found after
about 5.6 periods on average.

**p-chart** (``p_chart``) of a share per period with varying n (Montgomery §7.2.1–7.2.2):
p̂_i = k_i/n_i against p̄ ± L·√(p̄(1 − p̄)·v_i), clipped to 0..1, where p̄ = Σk/Σn over the first
``baseline_periods`` periods with data and v_i = 1/n_i − 1/N0 inside the baseline and
1/n_i + 1/N0 after it (the variance of p̂_i − p̄ when p̄ is estimated from N0 answers); with a
known ``p0`` (or ``phase_one``: Montgomery's trial limits) v_i = 1/n_i. The 3σ limits assume a
normal approximation to the binomial that fails for small n·p (Joekes & Barbosa 2013, "An
improved attribute control chart for monitoring non-conforming proportion in high quality
processes", Control Engineering Practice 21: 3.6 % false alarms at p = 0.015, n = 20), so a
period alarms only when n_i·p̄·(1 − p̄) ≥ ``min_npq`` (default 5); below that it has limits but
is "too few answers to tell". ``false_alarm_probability`` gives the exact binomial risk.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from scipy.stats import binom as _binom
from scipy.stats import chi2 as _chi2

ARL0 = {(0.2, 3.0): 560.0}


@dataclass(frozen=True)
class ControlPoint:
    period: str
    n: int
    value: float | None  # the charted statistic: EWMA z_t, or the share p̂_t (None: no answers)
    expected: float | None  # the baseline: μ̂0 or p̄
    ucl: float | None
    lcl: float | None
    out_of_control: bool
    direction: str | None  # "up" / "down" when out of control
    mean: float | None = None  # the period's own mean x̄_t (or share p̂_t)


def _baseline(
    means: Sequence[float | None], ns: Sequence[int], periods: int, sigma: float | None
) -> tuple[float | None, float | None, set[int], int]:
    """μ̂0, σ, the indices of the baseline periods and their number of answers N0."""
    pairs = [(i, m, n) for i, (m, n) in enumerate(zip(means, ns, strict=True)) if m is not None]
    used = [(i, m, n) for i, m, n in pairs if n > 0][:periods]
    if not used:
        return None, None, set(), 0
    total = sum(n for _, _, n in used)
    mu0 = sum(m * n for _, m, n in used) / total
    if sigma is None and len(used) >= 2:
        df = len(used) - 1
        ss = sum(n * (m - mu0) ** 2 for _, m, n in used)
        # Upper 95 % confidence bound of σ (χ² with B − 1 df) against estimation error.
        sigma = math.sqrt(ss / df) * math.sqrt(df / float(_chi2.ppf(0.05, df)))
    if sigma is None or not sigma > 0 or not math.isfinite(sigma):
        return mu0, None, {i for i, _, _ in used}, total
    return mu0, sigma, {i for i, _, _ in used}, total


def ewma_chart(
    periods: Sequence[str],
    means: Sequence[float | None],
    ns: Sequence[int],
    sigma: float | None = None,
    lam: float = 0.2,
    L: float = 3.0,
    baseline_periods: int = 6,
) -> list[ControlPoint]:
    """EWMA chart of the period means (see module doc); one ControlPoint per period.

    Without a usable baseline (no data, or σ unknown and fewer than two baseline periods,
    or σ = 0) the points carry the values but no limits and never alarm.
    """
    if not (len(periods) == len(means) == len(ns)):
        raise ValueError("periods, means and ns must have the same length")
    if not 0 < lam <= 1 or L <= 0 or baseline_periods < 1:
        raise ValueError("need 0 < lam <= 1, L > 0 and baseline_periods >= 1")
    mu0, sd, base, n0 = _baseline(means, ns, baseline_periods, sigma)
    out: list[ControlPoint] = []
    z = mu0
    s2 = sb = w = 0.0  # Σ w_i²/n_i, Σ_baseline w_i, W = Σ w_i
    for i, (period, mean, n) in enumerate(zip(periods, means, ns, strict=True)):
        has_data = mean is not None and n > 0
        if mu0 is None or z is None:
            out.append(ControlPoint(period, n, None, None, None, None, False, None, mean))
            continue
        if has_data and mean is not None:
            z = lam * mean + (1 - lam) * z
            s2 = (1 - lam) ** 2 * s2 + lam**2 / n
            sb = (1 - lam) * sb + (lam if i in base else 0.0)
            w = (1 - lam) * w + lam
        var = 0.0 if sd is None else sd**2 * (s2 - 2 * w * sb / n0 + w * w / n0)
        if var <= 1e-12 * (sd or 0.0) ** 2 or sd is None:
            value = z if has_data else None
            out.append(ControlPoint(period, n, value, mu0, None, None, False, None, mean))
            continue
        half = L * math.sqrt(var)
        ucl, lcl = mu0 + half, mu0 - half
        if not has_data:
            out.append(ControlPoint(period, n, None, mu0, ucl, lcl, False, None, mean))
            continue
        direction = "up" if z > ucl else "down" if z < lcl else None
        out.append(
            ControlPoint(period, n, z, mu0, ucl, lcl, direction is not None, direction, mean)
        )
    return out


def p_limits(p: float, n: int, L: float = 3.0, extra: float = 0.0) -> tuple[float, float]:
    """(LCL, UCL) of a p-chart: p ± L·√(p(1 − p)·(1/n + extra)), clipped to 0..1."""
    half = L * math.sqrt(max(p * (1 - p) * (1 / n + extra), 0.0))
    return max(p - half, 0.0), min(p + half, 1.0)


def false_alarm_probability(p: float, n: int, lcl: float, ucl: float) -> float:
    """Exact probability that an in-control Binomial(n, p) share falls outside (lcl, ucl)."""
    above = float(_binom.sf(math.floor(n * ucl + 1e-9), n, p)) if ucl < 1 else 0.0
    below = float(_binom.cdf(math.ceil(n * lcl - 1e-9) - 1, n, p)) if lcl > 0 else 0.0
    return above + below


def p_chart(
    periods: Sequence[str],
    counts: Sequence[int],
    ns: Sequence[int],
    p0: float | None = None,
    L: float = 3.0,
    baseline_periods: int = 6,
    min_npq: float = 5.0,
    phase_one: bool = False,
) -> list[ControlPoint]:
    """p-chart of k_i/n_i (see module doc); one ControlPoint per period.

    ``p0``: a known in-control share (a standard given); otherwise p̄ from the baseline. Without
    a baseline, or with p̄ of 0 or 1, there are no limits and no alarms.
    """
    if not (len(periods) == len(counts) == len(ns)):
        raise ValueError("periods, counts and ns must have the same length")
    if any(n < 0 or not 0 <= k <= n for k, n in zip(counts, ns, strict=True)):
        raise ValueError("need 0 <= count <= n in every period")
    if L <= 0 or baseline_periods < 1 or (p0 is not None and not 0 <= p0 <= 1):
        raise ValueError("need L > 0, baseline_periods >= 1 and 0 <= p0 <= 1")
    base = [i for i, n in enumerate(ns) if n > 0][:baseline_periods]
    n0 = sum(ns[i] for i in base)
    p = p0 if p0 is not None else (sum(counts[i] for i in base) / n0 if n0 else None)
    known = p0 is not None or phase_one
    out: list[ControlPoint] = []
    for i, (period, k, n) in enumerate(zip(periods, counts, ns, strict=True)):
        share = k / n if n else None
        if p is None or n == 0 or p in (0.0, 1.0):
            out.append(ControlPoint(period, n, share, p, None, None, False, None, share))
            continue
        extra = 0.0 if known else (-1.0 if i in base else 1.0) / n0
        if 1 / n + extra <= 0:  # the only baseline period: p̂ is p̄
            out.append(ControlPoint(period, n, share, p, None, None, False, None, share))
            continue
        lcl, ucl = p_limits(p, n, L, extra)
        direction = None
        if n * p * (1 - p) >= min_npq and share is not None:
            direction = "up" if share > ucl else "down" if share < lcl else None
        out.append(
            ControlPoint(period, n, share, p, ucl, lcl, direction is not None, direction, share)
        )
    return out
