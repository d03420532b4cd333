"""The BG/NBD model of repeat purchases (Fader, Hardie & Lee 2005), fitted by maximum likelihood.

While alive a customer buys at a Poisson rate λ (gamma-distributed across customers: shape ``r``,
scale ``alpha``); after each purchase they drop out with probability p (beta-distributed: ``a``,
``b``). Plain NumPy/SciPy on whole arrays, no Django. The log-likelihood is the paper's closed
form (its equation 6); the optimiser works on the parameters' logarithms inside bounds, so data
that is nearly Poisson (hardly anyone drops out: ``a`` → 0) fits at the bound instead of failing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import optimize, special

Floats = npt.NDArray[np.float64]

# log-parameter bounds: 1e-5 … 1e5 after the times are scaled to at most 10 units; wide enough for
# any real fit, narrow enough that a degenerate direction stops instead of overflowing
LOG_BOUNDS = [(np.log(1e-5), np.log(1e5))] * 4


@dataclass(frozen=True)
class Fit:
    r: float
    alpha: float
    a: float
    b: float
    log_likelihood: float


def log_likelihood(
    params: tuple[float, float, float, float], x: Floats, tx: Floats, T: Floats
) -> Floats:
    """Each customer's log-likelihood given (r, alpha, a, b), frequency, recency and T."""
    r, alpha, a, b = params
    a1 = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha)
    a2 = (
        special.gammaln(a + b)
        + special.gammaln(b + x)
        - special.gammaln(b)
        - special.gammaln(a + b + x)
    )
    a3 = -(r + x) * np.log(alpha + T)
    repeat = x > 0
    # the second term exists only for repeat buyers; log(b + x − 1) is undefined otherwise
    with np.errstate(divide="ignore", invalid="ignore"):
        a4 = np.where(
            repeat,
            np.log(a) - np.log(np.where(repeat, b + x - 1, 1.0)) - (r + x) * np.log(alpha + tx),
            -np.inf,
        )
    return a1 + a2 + np.logaddexp(a3, a4)


def fit(x: Floats, tx: Floats, T: Floats) -> Fit:
    """Maximum-likelihood (r, alpha, a, b); raises ValueError when the data cannot inform it."""
    if len(x) < 2 or not np.any(x > 0):
        raise ValueError("the purchase model needs customers with repeat purchases")
    # Times scaled so the longest T is 10: the optimiser then starts near the answer whatever the
    # unit (days or weeks); alpha is a time scale and is scaled back at the end.
    scale = 10.0 / max(float(np.max(T)), 1e-9)
    xs, txs, Ts = x, tx * scale, T * scale

    def negative(logp: Floats) -> float:
        value = -np.sum(log_likelihood(tuple(np.exp(logp)), xs, txs, Ts))  # type: ignore[arg-type]
        return float(value) if np.isfinite(value) else 1e300

    start = np.log([1.0, 1.0, 1.0, 1.0])
    found = optimize.minimize(
        negative,
        start,
        method="L-BFGS-B",
        bounds=LOG_BOUNDS,
        options={"ftol": 1e-13, "gtol": 1e-9, "maxiter": 2000},
    )
    # a second, derivative-free pass from there polishes a flat optimum (CDNOW's b is flat-ish)
    polish = optimize.minimize(
        negative,
        found.x,
        method="Nelder-Mead",
        bounds=LOG_BOUNDS,
        options={"xatol": 1e-9, "fatol": 1e-10, "maxiter": 4000},
    )
    best = polish.x if polish.fun <= found.fun else found.x
    lo, hi = LOG_BOUNDS[0]
    best = np.clip(best, lo, hi)
    r, alpha, a, b = (float(v) for v in np.exp(best))
    # reported on the caller's time unit (the scaled fit's likelihood differs by a constant)
    ll = float(np.sum(log_likelihood((r, alpha / scale, a, b), x, tx, T)))
    if not np.isfinite(ll):
        raise ValueError("the purchase model could not be fitted to these transactions")
    return Fit(r=r, alpha=alpha / scale, a=a, b=b, log_likelihood=ll)


def _core(f: Fit, x: Floats, tx: Floats, T: Floats) -> Floats:
    """a / (b + x − 1) · ((alpha + T) / (alpha + tx))^(r + x) for repeat buyers, else 0."""
    repeat = x > 0
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        log_ratio = (f.r + x) * (np.log(f.alpha + T) - np.log(f.alpha + tx))
        core = np.where(repeat, f.a / np.where(repeat, f.b + x - 1, 1.0) * np.exp(log_ratio), 0.0)
    return np.asarray(core, dtype=np.float64)


def p_alive(f: Fit, x: Floats, tx: Floats, T: Floats) -> Floats:
    """The probability each customer is still "alive" (will buy again) at T (paper eq. 11)."""
    return 1.0 / (1.0 + _core(f, x, tx, T))


def expected_purchases(f: Fit, t: float, x: Floats, tx: Floats, T: Floats) -> Floats:
    """Expected purchases in the next ``t`` time units given the history (paper eq. 10)."""
    if t <= 0:
        return np.zeros_like(np.asarray(x, dtype=np.float64))
    z = t / (f.alpha + T + t)
    hyper = special.hyp2f1(f.r + x, f.b + x, f.a + f.b + x - 1, z)
    lead = (f.a + f.b + x - 1) / (f.a - 1)
    body = 1.0 - ((f.alpha + T) / (f.alpha + T + t)) ** (f.r + x) * hyper
    found = lead * body / (1.0 + _core(f, x, tx, T))
    return np.asarray(np.clip(np.nan_to_num(found, nan=0.0, posinf=0.0), 0.0, None))
