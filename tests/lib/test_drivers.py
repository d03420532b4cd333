"""LMG relative importance equals the Shapley decomposition of R², checked from first principles.

relaimpo's published figures need R data sets that are not available offline, so the check is
built from the definition (Grömping 2006): LMG_j is the average over all orderings of the
predictors of the R² that j adds when it enters; the LMG values sum to the full R².
"""

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicegap.lib.drivers import lmg


def r2_ols(X, y, cols):
    """R² of an OLS fit with intercept, from the raw data (independent of the module)."""
    design = np.column_stack([np.ones(len(y)), X[:, list(cols)]])
    beta = np.linalg.lstsq(design, y, rcond=None)[0]
    resid = y - design @ beta
    return 1.0 - resid @ resid / ((y - y.mean()) @ (y - y.mean()))


def shapley_by_orderings(X, y):
    k = X.shape[1]
    values = np.zeros(k)
    orders = list(itertools.permutations(range(k)))
    for order in orders:
        for pos, j in enumerate(order):
            values[j] += r2_ols(X, y, order[: pos + 1]) - r2_ols(X, y, order[:pos])
    return values / len(orders)


def correlated_data(seed, n=200, k=3):
    rng = np.random.default_rng(seed)
    base = rng.normal(size=(n, 1))
    X = 0.6 * base + rng.normal(size=(n, k))
    y = X @ rng.uniform(0.2, 1.5, size=k) + rng.normal(scale=1.5, size=n)
    return X, y


def test_two_predictors_match_the_closed_form():
    # LMG_1 = (R²(1) + (R²(12) − R²(2))) / 2, LMG_2 likewise.
    X, y = correlated_data(1, k=2)
    got = lmg(X, y)
    full = r2_ols(X, y, (0, 1))
    lmg1 = (r2_ols(X, y, (0,)) + full - r2_ols(X, y, (1,))) / 2
    assert got.method == "lmg" and got.n == 200
    assert got.r2 == pytest.approx(full)
    assert got.shares[0] == pytest.approx(lmg1 / full)
    assert got.shares[1] == pytest.approx(1 - lmg1 / full)


def test_three_and_five_predictors_match_the_shapley_value_over_all_orderings():
    for k in (3, 5):
        X, y = correlated_data(k, k=k)
        got = lmg(X, y)
        expected = shapley_by_orderings(X, y)
        assert sum(expected) == pytest.approx(got.r2)
        assert got.shares == pytest.approx(list(expected / expected.sum()), abs=1e-10)


def test_uncorrelated_predictors_get_their_squared_standardised_betas():
    # With orthogonal predictors R² = Σ β_j² (standardised) and LMG_j = β_j².
    rng = np.random.default_rng(7)
    raw = rng.normal(size=(120, 3))
    raw -= raw.mean(axis=0)
    q, _ = np.linalg.qr(raw)  # exactly uncorrelated, mean-zero columns
    X = q * [3.0, 1.0, 0.5]
    y = X @ [0.2, 1.0, -2.0] + rng.normal(scale=0.5, size=120)
    beta = np.linalg.lstsq(np.column_stack([np.ones(120), X]), y, rcond=None)[0][1:]
    std_beta_sq = (beta * X.std(axis=0) / y.std()) ** 2
    got = lmg(X, y)
    assert got.r2 == pytest.approx(std_beta_sq.sum())
    assert got.shares == pytest.approx(list(std_beta_sq / std_beta_sq.sum()))


def test_rows_with_a_missing_value_are_dropped_and_counted_out():
    X, y = correlated_data(3, n=50, k=2)
    X[0, 1] = np.nan
    y[1] = np.nan
    assert lmg(X, y).n == 48


def test_too_little_data_or_a_constant_outcome_has_no_r2():
    assert lmg(np.ones((3, 2)), np.arange(3.0)).r2 is None
    X, _ = correlated_data(4, n=30, k=2)
    got = lmg(X, np.full(30, 4.0))
    assert got.r2 is None and got.shares == []


def test_a_constant_predictor_gets_no_share():
    X, y = correlated_data(5, k=3)
    X[:, 1] = 3.0
    got = lmg(X, y)
    assert got.shares[1] == pytest.approx(0.0, abs=1e-12)
    assert sum(got.shares) == pytest.approx(1.0)


def test_more_than_15_predictors_use_johnsons_relative_weights():
    X, y = correlated_data(6, n=300, k=16)
    got = lmg(X, y)
    assert got.method == "relative_weights"
    assert sum(got.shares) == pytest.approx(1.0) and min(got.shares) >= 0.0
    assert got.r2 == pytest.approx(r2_ols(X, y, range(16)))


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=2, max_value=5))
def test_shares_are_non_negative_sum_to_one_and_follow_a_column_permutation(seed, k):
    X, y = correlated_data(seed, n=60, k=k)
    got = lmg(X, y)
    assert got.r2 is not None and 0.0 <= got.r2 <= 1.0
    assert min(got.shares) >= 0.0 and math.isclose(sum(got.shares), 1.0)
    perm = np.random.default_rng(seed).permutation(k)
    permuted = lmg(X[:, perm], y)
    assert permuted.shares == pytest.approx([got.shares[j] for j in perm], abs=1e-9)
