import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from servicegap.lib.stats import mean_interval, mean_interval_of

ratings = st.lists(st.integers(min_value=1, max_value=7).map(float), min_size=2, max_size=300)


@given(ratings)
def test_the_interval_matches_scipys_t_interval(values):
    got = mean_interval_of(values)
    arr = np.array(values)
    assert math.isclose(got.mean, arr.mean(), abs_tol=1e-9)
    if arr.std() == 0:
        assert math.isclose(got.ci_low, got.mean, abs_tol=1e-9)
        assert math.isclose(got.ci_high, got.mean, abs_tol=1e-9)
    else:
        low, high = stats.t.interval(0.95, len(arr) - 1, loc=arr.mean(), scale=stats.sem(arr))
        assert math.isclose(got.ci_low, low, rel_tol=1e-7, abs_tol=1e-9)
        assert math.isclose(got.ci_high, high, rel_tol=1e-7, abs_tol=1e-9)


@given(ratings)
def test_the_interval_always_contains_the_mean_and_is_never_nan(values):
    got = mean_interval_of(values)
    assert got.ci_low <= got.mean <= got.ci_high
    assert not any(math.isnan(x) for x in (got.mean, got.ci_low, got.ci_high))


def test_one_answer_has_a_mean_but_no_interval():
    got = mean_interval(1, 5.0, 25.0)
    assert got.mean == 5.0 and got.ci_low is None and got.ci_high is None


def test_no_answers_has_no_mean():
    got = mean_interval(0, 0.0, 0.0)
    assert got.n == 0 and got.mean is None and got.ci_low is None


def test_a_published_textbook_interval_is_reproduced():
    # Student's sleep data (Cushny & Peebles, as in R's t.test(extra ~ 1, data = sleep[1:10,])):
    # mean 0.75, 95 % CI -0.5297804 .. 2.0297804.
    extra = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
    got = mean_interval_of(extra)
    assert math.isclose(got.mean, 0.75)
    assert math.isclose(got.ci_low, -0.5297804, abs_tol=1e-6)
    assert math.isclose(got.ci_high, 2.0297804, abs_tol=1e-6)
