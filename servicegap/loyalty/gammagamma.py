"""The Gamma-Gamma model of spend per purchase (Fader, Hardie & Lee 2005, "RFM and CLV").

A customer's purchase amounts vary around their own mean, gamma-distributed with shape ``p``; the
means vary across customers (scale ``q``, ``gamma``). Fitted on repeat buyers only (their mean
repeat purchase-day total, the first purchase excluded, as the published CDNOW fit). Plain
NumPy/SciPy, no Django; optimised on the parameters' logarithms inside bounds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import optimize, special

Floats = npt.NDArray[np.float64]

LOG_BOUNDS = [(np.log(1e-5), np.log(1e5))] * 3


@dataclass(frozen=True)
class Fit:
    p: float
    q: float
    gamma: float


def log_likelihood(params: tuple[float, float, float], x: Floats, m: Floats) -> Floats:
    """Each repeat buyer's log-likelihood of their mean spend ``m`` over ``x`` purchases."""
    p, q, v = params
    px = p * x
    return np.asarray(
        special.gammaln(px + q)
        - special.gammaln(px)
        - special.gammaln(q)
        + q * np.log(v)
        + (px - 1) * np.log(m)
        + px * np.log(x)
        - (px + q) * np.log(x * m + v)
    )


def fit(x: Floats, m: Floats) -> Fit:
    """Maximum-likelihood (p, q, gamma) from the repeat buyers (x > 0, m > 0)."""
    keep = (x > 0) & (m > 0)
    x, m = x[keep], m[keep]
    if len(x) < 2:
        raise ValueError("the spend model needs at least two customers with repeat purchases")
    # amounts scaled to a mean of 1 (gamma is a money scale, scaled back at the end)
    scale = 1.0 / float(np.mean(m))
    ms = m * scale

    def negative(logp: Floats) -> float:
        value = -np.sum(log_likelihood(tuple(np.exp(logp)), x, ms))  # type: ignore[arg-type]
        return float(value) if np.isfinite(value) else 1e300

    found = optimize.minimize(
        negative,
        np.log([1.0, 2.0, 1.0]),
        method="L-BFGS-B",
        bounds=LOG_BOUNDS,
        options={"ftol": 1e-13, "gtol": 1e-9, "maxiter": 2000},
    )
    polish = optimize.minimize(
        negative,
        found.x,
        method="Nelder-Mead",
        bounds=LOG_BOUNDS,  # spend that hardly varies between customers stops at the bound
        options={"xatol": 1e-9, "fatol": 1e-10},
    )
    best = polish.x if polish.fun <= found.fun else found.x
    p, q, v = (float(value) for value in np.exp(best))
    if q <= 1:
        # the population's mean spend p·gamma/(q − 1) does not exist: spend is too dispersed
        raise ValueError(
            "spend per purchase varies too much between customers to estimate an expected spend"
        )
    return Fit(p=p, q=q, gamma=v / scale)


def expected_spend(f: Fit, x: Floats, m: Floats) -> Floats:
    """Each customer's expected spend per purchase: their own mean weighed against the
    population's, ``p (gamma + x m) / (p x + q − 1)``; the population mean for x = 0."""
    m = np.where(x > 0, m, 0.0)
    return np.asarray(f.p * (f.gamma + x * m) / (f.p * x + f.q - 1))
