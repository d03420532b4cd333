"""Driver analysis: relative importance of predictors as shares of the OLS R².

Method ``"lmg"`` — Lindeman, Merenda & Gold (1980), the Shapley-value decomposition of R²
(Shapley 1953; Grömping 2006, "Relative importance for linear regression in R: the package
relaimpo", J. Stat. Software 17(1)): predictor j receives

    LMG_j = Σ_{S ⊆ P∖{j}} |S|! (k − |S| − 1)! / k! · (R²(S ∪ {j}) − R²(S)),

exactly, over all 2^k subsets (k ≤ 15), with R² per subset memoised. The LMG values sum to
R² (the Shapley efficiency property); ``shares`` are LMG_j / R², which sum to 1.

Method ``"relative_weights"`` (k > 15 only, where 2^k subsets are too many) — Johnson (2000),
"A heuristic method for estimating the relative weight of predictor variables in multiple
regression", Multivariate Behavioral Research 35(1): regress y on the orthogonal
approximation Z = X·R_xx^{−1/2} and split its R² back through the squared loadings.

R² of a subset S is computed from the covariance matrix: R²(S) = c_Sᵀ C_SS⁺ c_S / var(y).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

MAX_EXACT = 15


@dataclass(frozen=True)
class DriverResult:
    method: str
    n: int
    r2: float | None
    shares: list[float] = field(default_factory=list)


def _complete_rows(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float).ravel()
    if X.ndim == 1:
        X = X.reshape(-1, 1)
    if X.ndim != 2 or X.shape[0] != y.shape[0]:
        raise ValueError("X must be n×k and y of length n")
    keep = np.isfinite(y) & np.all(np.isfinite(X), axis=1)
    return X[keep], y[keep]


def _subset_r2(cov_xx: np.ndarray, cov_xy: np.ndarray, var_y: float, cols: list[int]) -> float:
    if not cols:
        return 0.0
    c_ss = cov_xx[np.ix_(cols, cols)]
    c_s = cov_xy[cols]
    beta = np.linalg.lstsq(c_ss, c_s, rcond=None)[0]
    return float(min(max(c_s @ beta / var_y, 0.0), 1.0))


def _lmg_values(cov_xx: np.ndarray, cov_xy: np.ndarray, var_y: float) -> np.ndarray:
    k = cov_xx.shape[0]
    r2 = np.empty(1 << k)
    for mask in range(1 << k):
        r2[mask] = _subset_r2(cov_xx, cov_xy, var_y, [j for j in range(k) if mask >> j & 1])
    weight = [math.factorial(s) * math.factorial(k - s - 1) / math.factorial(k) for s in range(k)]
    values = np.zeros(k)
    for mask in range(1 << k):
        size = mask.bit_count()
        for j in range(k):
            if not mask >> j & 1:
                values[j] += weight[size] * (r2[mask | 1 << j] - r2[mask])
    return values


def _relative_weights(cov_xx: np.ndarray, cov_xy: np.ndarray, var_y: float) -> np.ndarray:
    sd_x = np.sqrt(np.diag(cov_xx))
    live = sd_x > 0
    out = np.zeros(cov_xx.shape[0])
    sd = sd_x[live]
    r_xx = cov_xx[np.ix_(live, live)] / np.outer(sd, sd)
    r_xy = cov_xy[live] / (sd * math.sqrt(var_y))
    evals, evecs = np.linalg.eigh(r_xx)
    lam = evecs @ np.diag(np.sqrt(np.clip(evals, 0.0, None))) @ evecs.T
    beta = np.linalg.lstsq(lam, r_xy, rcond=None)[0]
    out[live] = (lam**2) @ (beta**2)
    return out


def lmg(X: np.ndarray, y: np.ndarray) -> DriverResult:
    """Relative importance of the k columns of X for y, as shares of R² (see module doc).

    Rows with a missing (non-finite) value are dropped; ``n`` is the rows used. When R² is
    undefined or zero (n ≤ k + 1, y constant, no relation at all) ``r2`` is None and
    ``shares`` is empty.
    """
    X, y = _complete_rows(X, y)
    n, k = X.shape
    method = "lmg" if k <= MAX_EXACT else "relative_weights"
    if k == 0 or n <= k + 1:
        return DriverResult(method, n, None, [])
    data = np.column_stack([X, y])
    cov = np.cov(data, rowvar=False)
    cov_xx, cov_xy, var_y = cov[:k, :k], cov[:k, k], float(cov[k, k])
    if var_y <= 0:
        return DriverResult(method, n, None, [])
    total = _subset_r2(cov_xx, cov_xy, var_y, list(range(k)))
    if total <= 1e-12:
        return DriverResult(method, n, None, [])
    if method == "lmg":
        values = _lmg_values(cov_xx, cov_xy, var_y)
    else:
        values = _relative_weights(cov_xx, cov_xy, var_y)
    values = np.clip(values, 0.0, None)
    shares = values / values.sum()
    return DriverResult(method, n, total, [float(s) for s in shares])
