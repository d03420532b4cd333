"""lib.consistency: the share below target, ties by overlapping intervals, eta squared."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from servicegap.lib.consistency import below_target, between_share, ties


def test_below_target_uses_the_wilson_interval():
    got = below_target([3, 4, 5, 6, 7, 2, 6, 6, 6, 6], [6] * 10)
    assert (got.n, got.k, got.share) == (10, 4, 0.4)
    # statsmodels proportion_confint(4, 10, method="wilson") = (0.168180, 0.687326)
    assert (got.ci_low, got.ci_high) == pytest.approx((0.168180, 0.687326), abs=1e-5)
    assert below_target([], []).share is None


def test_overlapping_intervals_are_ties_and_separate_ones_are_not():
    found = ties({"A": (0.1, 0.3), "B": (0.25, 0.5), "C": (0.6, 0.9), "D": (None, None)})
    assert found == {"A": ["B"], "B": ["A"], "C": [], "D": []}


def test_eta_squared_against_scipy_and_exact_fractions():
    # Three groups of five, checked against SciPy's one-way ANOVA (eta² = F·df_b / (F·df_b +
    # df_w)) and against SS_between / SS_total in exact fractions: (686/15) / (214/3) = 343/535.
    groups = {"a": [9, 8, 6, 8, 10], "b": [7, 9, 6, 6, 6], "c": [4, 3, 5, 6, 2]}
    res = stats.f_oneway(*groups.values())
    got = between_share(groups)
    assert got.share == pytest.approx(res.statistic * 2 / (res.statistic * 2 + 12))
    assert got.p == pytest.approx(res.pvalue)
    assert got.share == pytest.approx(343 / 535, rel=1e-12)
    assert (got.n, got.groups) == (15, 3)


@given(st.lists(st.lists(st.integers(1, 7), min_size=1, max_size=12), min_size=2, max_size=5))
def test_eta_squared_matches_scipy(values):
    groups = {str(i): v for i, v in enumerate(values)}
    got = between_share(groups)
    n, k = sum(map(len, values)), len(values)
    spread = len({x for v in values for x in v}) > 1
    if n <= k or not spread:
        assert got.share is None
        return
    assert 0 <= got.share <= 1
    within = sum(sum((x - sum(v) / len(v)) ** 2 for x in v) for v in values)
    if within > 1e-9:
        f = stats.f_oneway(*values).statistic
        assert got.share == pytest.approx(f * (k - 1) / (f * (k - 1) + n - k), rel=1e-6)
    else:
        assert got.share == pytest.approx(1.0)


def test_one_group_or_no_variation_has_no_share():
    assert between_share({"a": [1, 2, 3]}).share is None
    assert between_share({"a": [4, 4], "b": [4, 4]}).share is None
