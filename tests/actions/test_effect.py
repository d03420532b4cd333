"""The statistics of an action's effect (servicegap/actions/effect.py): the change is Welch's
interval (scipy's ttest_ind(equal_var=False), R's sleep example), the difference-in-differences
is the contrast of four independent means with Satterthwaite's df, and the verdict follows the
intervals and the after window's size."""

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import stats

from servicegap.actions.effect import (
    MIN_DAYS,
    MIN_RESPONSES,
    Estimate,
    Pair,
    change,
    did,
    effect,
    verdict,
)
from servicegap.lib.inference import Moments

# R's `sleep` data set (Cushny & Peebles 1905, as in Student 1908).
SLEEP_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
SLEEP_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]

ratings = st.lists(
    st.floats(min_value=1, max_value=7, allow_nan=False).map(lambda v: round(v, 2)),
    min_size=2,
    max_size=40,
)


def spread(values) -> bool:
    return float(np.std(values)) > 1e-6


def m(values) -> Moments:
    return Moments.of(values)


def test_the_change_reproduces_r_welch_t_test_on_the_sleep_data():
    # R: t.test(extra ~ group, data = sleep) gives group 1 − group 2: -1.58,
    # 95 percent CI -3.3654832 0.2054832; after − before is its mirror image.
    got = change(m(SLEEP_1), m(SLEEP_2))
    assert got.estimate == pytest.approx(1.58)
    assert got.ci_low == pytest.approx(-0.2054832, abs=1e-7)
    assert got.ci_high == pytest.approx(3.3654832, abs=1e-7)
    assert not got.above_zero and not got.below_zero


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@given(ratings, ratings)
def test_the_change_is_scipy_ttest_ind_with_unequal_variances(before, after):
    assume(spread(before) or spread(after))
    got = change(m(before), m(after))
    low, high = stats.ttest_ind(after, before, equal_var=False).confidence_interval(0.95)
    assert got.estimate == pytest.approx(np.mean(after) - np.mean(before), abs=1e-9)
    assert got.ci_low == pytest.approx(low, rel=1e-7, abs=1e-9)
    assert got.ci_high == pytest.approx(high, rel=1e-7, abs=1e-9)


@given(ratings, ratings, ratings, ratings)
def test_the_did_is_the_contrast_of_four_means_with_satterthwaite_df(tb, ta, cb, ca):
    assume(any(spread(g) for g in (tb, ta, cb, ca)))
    got = did(m(tb), m(ta), m(cb), m(ca))
    means = [float(np.mean(g)) for g in (tb, ta, cb, ca)]
    assert got.estimate == pytest.approx((means[1] - means[0]) - (means[3] - means[2]), abs=1e-9)
    parts = [np.var(g, ddof=1) / len(g) for g in (tb, ta, cb, ca)]
    df = sum(parts) ** 2 / sum(
        p * p / (len(g) - 1) for p, g in zip(parts, (tb, ta, cb, ca), strict=True)
    )
    half = stats.t.ppf(0.975, df) * math.sqrt(sum(parts))
    assert got.ci_low == pytest.approx(got.estimate - half, rel=1e-7, abs=1e-9)
    assert got.ci_high == pytest.approx(got.estimate + half, rel=1e-7, abs=1e-9)


@given(ratings, ratings, ratings, ratings, st.floats(-3, 3), st.floats(-3, 3))
def test_the_did_moves_with_the_treated_and_not_with_a_shift_of_the_control(
    tb, ta, cb, ca, shift, lift
):
    assume(any(spread(g) for g in (tb, ta, cb, ca)))
    base = did(m(tb), m(ta), m(cb), m(ca))
    shifted = did(m(tb), m(ta), m([v + shift for v in cb]), m([v + shift for v in ca]))
    lifted = did(m(tb), m([v + lift for v in ta]), m(cb), m(ca))
    for got, by in ((shifted, 0.0), (lifted, lift)):
        assert got.estimate == pytest.approx(base.estimate + by, abs=1e-7)
        assert got.ci_low == pytest.approx(base.ci_low + by, abs=1e-7)
        assert got.ci_high == pytest.approx(base.ci_high + by, abs=1e-7)
    swapped = did(m(cb), m(ca), m(tb), m(ta))  # the control as the treated: the mirror image
    assert swapped.estimate == pytest.approx(-base.estimate, abs=1e-9)
    assert swapped.ci_low == pytest.approx(-base.ci_high, abs=1e-7)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@given(ratings, ratings, st.floats(1, 7), st.floats(-2, 2))
def test_against_a_control_without_spread_the_did_is_welchs_interval_shifted(
    before, after, level, moved
):
    """Constant control answers add no variance: the DiD is then Welch's interval of the change
    less the control's change, exactly (Satterthwaite's df reduces to Welch's)."""
    assume(spread(before) or spread(after))
    got = did(m(before), m(after), m([level] * 5), m([level + moved] * 7))
    low, high = stats.ttest_ind(after, before, equal_var=False).confidence_interval(0.95)
    assert got.ci_low == pytest.approx(low - moved, rel=1e-7, abs=1e-7)
    assert got.ci_high == pytest.approx(high - moved, rel=1e-7, abs=1e-7)


def test_the_did_interval_covers_the_true_effect_95_times_in_100():
    rng = np.random.default_rng(13)
    covered, runs = 0, 2000
    for _ in range(runs):
        sizes = rng.integers(8, 60, 4)
        sds = rng.uniform(0.5, 2.0, 4)
        truth = (0.0, 0.8, 0.2, 0.4)  # a true DiD of 0.6
        groups = [rng.normal(t, s, n) for t, s, n in zip(truth, sds, sizes, strict=True)]
        got = did(*(Moments.of(list(g)) for g in groups))
        covered += got.ci_low <= 0.6 <= got.ci_high
    assert 0.935 <= covered / runs <= 0.965


def test_too_few_answers_give_an_estimate_without_interval_never_nan():
    got = did(m([1.0]), m([2.0, 3.0]), m([1.0, 2.0]), m([2.0, 2.5]))
    assert got.estimate == pytest.approx(0.75) and got.ci_low is None and got.ci_high is None
    assert did(m([]), m([2.0, 3.0]), m([1.0, 2.0]), m([2.0])).estimate is None
    assert change(m([]), m([1.0, 2.0])) == Estimate(None, None, None)


estimates = st.tuples(st.floats(-3, 3), st.floats(0, 2)).map(
    lambda t: Estimate(t[0], t[0] - t[1], t[0] + t[1])
)


@settings(max_examples=300)
@given(st.integers(0, 200), st.integers(0, 200), estimates, st.none() | estimates)
def test_the_verdict_follows_the_rules(n, days, moved, against):
    got = verdict(n, days, moved, against)
    if n < MIN_RESPONSES or days < MIN_DAYS:
        assert got == "too_early"
        return
    both_above = moved.ci_low > 0 and (against is None or against.ci_low > 0)
    both_below = moved.ci_high < 0 and (against is None or against.ci_high < 0)
    assert got == ("worked" if both_above else "worse" if both_below else "no_change")


def test_an_effect_on_unchanged_data_is_no_change_and_a_real_lift_worked():
    rng = np.random.default_rng(5)
    flat = Pair(list(rng.normal(4, 1, 300)), list(rng.normal(4, 1, 300)))
    assert effect(flat, after_days=90).verdict == "no_change"
    lifted = Pair(flat.before, [v + 0.6 for v in flat.after])
    control = Pair(list(rng.normal(4, 1, 300)), list(rng.normal(4, 1, 300)))
    got = effect(lifted, after_days=90, control=control)
    assert got.verdict == "worked" and got.did is not None and got.did.ci_low > 0
    # The same lift everywhere is no effect of the action: the control moved as much.
    everywhere = Pair(control.before, [v + 0.6 for v in control.after])
    assert effect(lifted, after_days=90, control=everywhere).verdict == "no_change"
    assert effect(lifted, after_days=29).verdict == "too_early"
    assert effect(Pair(flat.before, flat.after[:29]), after_days=90).verdict == "too_early"


def test_the_gap_change_is_reported_only_where_responses_gave_their_expectation():
    got = effect(Pair([3.0, 4.0], [5.0, 6.0]), 60, gap=Pair([-2.0, -1.0], [0.0, 1.0]))
    assert got.gap_change is not None and got.gap_change.estimate == pytest.approx(2.0)
    assert got.gap_before is not None and got.gap_before.n == 2
    assert effect(Pair([3.0, 4.0], [5.0, 6.0]), 60, gap=Pair([], [])).gap_change is None


def test_a_control_too_small_for_an_interval_is_left_out():
    lifted = Pair([3.0, 4.0] * 20, [4.0, 5.0] * 20)
    got = effect(lifted, 60, control=Pair([3.0], [4.0, 4.5]))
    assert got.did is None and got.control_before is None and got.verdict == "worked"
