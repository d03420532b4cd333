"""The EWMA chart stays quiet in control, catches a 1.5-σ shift, and has its documented ARL0."""

import numpy as np
import pytest

from servicegap.lib.spc import ewma_chart

SE = 0.2  # standard error of a period mean: sigma 1.0 with 25 answers per period


def series(rng, periods, shift_at=None, shift=0.0, n=25, mu=4.0, sigma=1.0):
    means = rng.normal(mu, sigma / np.sqrt(n), size=periods)
    if shift_at is not None:
        means[shift_at:] += shift
    labels = [f"p{i:03d}" for i in range(periods)]
    return labels, [float(m) for m in means], [n] * periods


def test_a_stable_in_control_series_raises_no_alarm():
    rng = np.random.default_rng(11)
    labels, means, ns = series(rng, 36)
    points = ewma_chart(labels, means, ns)
    assert len(points) == 36
    assert not any(p.out_of_control for p in points)
    assert all(p.lcl < p.value < p.ucl for p in points)
    assert points[0].expected == pytest.approx(np.mean(means[:6]))


@pytest.mark.parametrize(("shift", "direction"), [(1.5 * SE, "up"), (-1.5 * SE, "down")])
def test_a_sustained_shift_of_one_and_a_half_standard_errors_alarms_within_a_few_periods(
    shift, direction
):
    rng = np.random.default_rng(5)
    labels, means, ns = series(rng, 30, shift_at=12, shift=shift)
    points = ewma_chart(labels, means, ns, sigma=1.0)
    assert not any(p.out_of_control for p in points[:12])
    alarms = [i for i, p in enumerate(points) if p.out_of_control]
    assert alarms and alarms[0] - 12 <= 10  # ARL at 1.5 σ is about 5.6 periods
    assert points[alarms[0]].direction == direction
    assert points[alarms[0]].mean == means[alarms[0]]


def test_the_false_alarm_rate_is_about_one_in_560_periods():
    # Lucas & Saccucci (1990): lam = 0.2, L = 3.0 -> ARL0 about 560 (0.18 % per period).
    # 400 in-control runs of 150 periods with a known sigma, fixed seed.
    rng = np.random.default_rng(1990)
    alarms = points = 0
    for _ in range(400):
        labels, means, ns = series(rng, 150)
        chart = ewma_chart(labels, means, ns, sigma=1.0, baseline_periods=150)
        alarms += sum(p.out_of_control for p in chart)
        points += len(chart)
    assert alarms / points < 0.01
    assert 0.0005 < alarms / points < 0.005


def test_periods_without_answers_carry_no_value_and_never_alarm():
    labels = ["2026-01", "2026-02", "2026-03", "2026-04"]
    points = ewma_chart(
        labels, [4.0, None, 4.2, 9.0], [10, 0, 10, 10], sigma=1.0, baseline_periods=2
    )
    assert points[1].value is None and not points[1].out_of_control
    assert points[1].ucl == points[0].ucl  # nothing new: the EWMA and its variance stand still
    assert points[3].out_of_control and points[3].direction == "up"


def test_without_a_usable_baseline_there_are_no_limits_and_no_alarms():
    one = ewma_chart(["a", "b"], [4.0, 1.0], [10, 10], baseline_periods=1)
    assert all(p.ucl is None and not p.out_of_control for p in one)
    flat = ewma_chart(["a", "b", "c"], [4.0, 4.0, 1.0], [10, 10, 10], baseline_periods=2)
    assert all(p.ucl is None and not p.out_of_control for p in flat)
    empty = ewma_chart(["a"], [None], [0])
    assert empty[0].expected is None and empty[0].value is None


def test_mismatched_inputs_are_refused():
    with pytest.raises(ValueError):
        ewma_chart(["a"], [1.0, 2.0], [1, 1])
    with pytest.raises(ValueError):
        ewma_chart(["a"], [1.0], [1], lam=0.0)


def test_an_estimated_sigma_keeps_false_alarms_near_one_percent_per_period():
    # Six baseline periods, σ from their spread raised to its upper 95 % bound.
    rng = np.random.default_rng(2001)
    alarms = 0
    for _ in range(300):
        labels, means, ns = series(rng, 36)
        alarms += sum(p.out_of_control for p in ewma_chart(labels, means, ns))
    assert alarms / (300 * 36) < 0.02  # 1.0 % with this seed; 7.7 % with a plain estimate
