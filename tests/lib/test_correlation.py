"""Pearson's r with its Fisher z interval, against scipy and a published example."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from servicegap.lib.correlation import MIN_PAIRS, fisher_interval, pearson


def test_a_published_example():
    # Howell, "Statistical Methods for Psychology": r = .50 of n = 50 pairs; the 95 % interval
    # from z' = .549 ± 1.96/√47 back-transformed is .26 to .68.
    low, high = fisher_interval(0.5, 50)
    assert (round(low, 2), round(high, 2)) == (0.26, 0.68)


def test_it_agrees_with_scipy():
    xs = [12.0, 30.0, -5.0, 44.0, 20.0, 8.0, 51.0]
    ys = [-10.0, 14.0, -30.0, 21.0, 2.0, 5.0, 18.0]
    got = pearson(xs, ys)
    want = stats.pearsonr(xs, ys)
    ci = want.confidence_interval(0.95)
    assert got.n == 7
    assert got.r == pytest.approx(want.statistic, abs=1e-12)
    assert (got.ci_low, got.ci_high) == pytest.approx((ci.low, ci.high), abs=1e-9)


def test_under_four_units_there_are_too_few_to_tell():
    assert pearson([1.0, 2.0, 3.0], [2.0, 1.0, 3.0]).r is None
    assert pearson([1.0, 1.0, 1.0, 1.0], [1.0, 2.0, 3.0, 4.0]).r is None  # no variation
    with pytest.raises(ValueError):
        fisher_interval(0.3, MIN_PAIRS - 1)


finite = st.floats(min_value=-100, max_value=100, allow_nan=False)


@given(st.lists(st.tuples(finite, finite), min_size=MIN_PAIRS, max_size=40))
def test_the_interval_holds_r_and_stays_within_minus_one_and_one(pairs):
    xs, ys = [p[0] for p in pairs], [p[1] for p in pairs]
    got = pearson(xs, ys)
    if got.r is None:
        return
    assert -1.0 <= got.ci_low <= got.r + 1e-12
    assert got.r - 1e-12 <= got.ci_high <= 1.0
    flipped = pearson(xs, [-y for y in ys])  # the sign of r flips, the interval mirrors
    assert flipped.r == pytest.approx(-got.r, abs=1e-9)
    assert flipped.ci_low == pytest.approx(-got.ci_high, abs=1e-9)


@given(st.floats(min_value=-0.99, max_value=0.99), st.integers(min_value=4, max_value=500))
def test_more_units_give_a_narrower_interval(r, n):
    low, high = fisher_interval(r, n)
    wider = fisher_interval(r, n + 10)
    assert high - low > wider[1] - wider[0]
    assert math.isclose(math.atanh(low) + math.atanh(high), 2 * math.atanh(r), abs_tol=1e-9)
