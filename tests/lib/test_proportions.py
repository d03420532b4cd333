"""NPS, Wilson shares and CSAT reproduce worked examples and published values."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicegap.lib.proportions import csat, nps, nps_from_counts, share, too_wide

counts = st.integers(min_value=0, max_value=500)


def test_nps_adjusted_wald_interval_on_a_worked_example():
    # 100 answers: 45 promoters, 35 passives, 20 detractors -> plain NPS = 45 - 20 = 25.
    # Rocks (2016): n' = 103, p = 45.75/103 = 0.444175, d = 20.75/103 = 0.201456,
    # p - d = 0.242718 (centre 24.2718), p + d = 0.645631, (p - d)^2 = 0.058912,
    # variance = (0.645631 - 0.058912)/103 = 0.0056963, sd = 0.075474,
    # half-width = 1.96 * 0.075474 = 0.147929 -> 14.7929; interval 9.479 .. 39.065.
    got = nps_from_counts(45, 35, 20)
    assert (got.n, got.promoters, got.passives, got.detractors) == (100, 45, 35, 20)
    assert got.nps == 25.0
    assert got.ci_low == pytest.approx(9.479, abs=1e-3)
    assert got.ci_high == pytest.approx(39.065, abs=1e-3)


def test_nps_from_scores_sorts_promoters_passives_and_detractors():
    got = nps([10, 9, 8, 7, 6, 0, 9.0])
    assert (got.promoters, got.passives, got.detractors) == (3, 2, 2)
    assert got.nps == pytest.approx(100 * 1 / 7)


def test_nps_interval_is_clipped_at_plus_100():
    # 5 promoters: n' = 8, p = 5.75/8, d = 0.75/8, centre 0.625,
    # half = 1.96 * sqrt((0.8125 - 0.390625)/8) = 0.45010 -> upper 107.5 clipped to 100.
    got = nps_from_counts(5, 0, 0)
    assert got.nps == 100.0
    assert got.ci_high == 100.0
    assert got.ci_low == pytest.approx(100 * (0.625 - 1.96 * math.sqrt(0.421875 / 8)))


def test_nps_interval_is_clipped_at_minus_100():
    got = nps_from_counts(0, 0, 5)
    assert got.nps == -100.0 and got.ci_low == -100.0


def test_no_answers_give_no_nps_and_bad_answers_are_refused():
    assert nps([]).nps is None and nps([]).ci_low is None
    with pytest.raises(ValueError):
        nps([11])
    with pytest.raises(ValueError):
        nps_from_counts(-1, 0, 0)


@given(counts, counts, counts)
def test_nps_and_its_interval_always_lie_within_minus_100_and_100(p, pa, d):
    got = nps_from_counts(p, pa, d)
    if p + pa + d == 0:
        assert got.nps is None
        return
    assert -100.0 <= got.nps <= 100.0
    assert -100.0 <= got.ci_low <= got.ci_high <= 100.0


def test_wilson_interval_reproduces_newcombe_1998():
    # Newcombe (1998), Stat. Med. 17:857, Table I: 81/263, Wilson score 0.2553 .. 0.3662.
    # By hand: p = 0.307985, z = 1.959964, z^2/n = 0.014606, denominator 1.014606,
    # centre = (0.307985 + 0.007303)/1.014606 = 0.310749,
    # half = (1.959964/1.014606) * sqrt(0.307985*0.692015/263 + 3.841459/(4*263^2))
    #      = 1.931747 * sqrt(0.00081038 + 0.00001388) = 0.055461 -> 0.255288 .. 0.366210
    got = share(81, 263)
    assert got.pct == pytest.approx(30.7985, abs=1e-4)
    assert got.ci_low == pytest.approx(25.5288, abs=1e-3)
    assert got.ci_high == pytest.approx(36.6210, abs=1e-3)
    assert round(got.ci_low / 100, 4) == 0.2553 and round(got.ci_high / 100, 4) == 0.3662


def test_wilson_interval_at_the_edges_stays_within_zero_and_100():
    # 0/10: upper = z^2/n / (1 + z^2/n) = 0.384146/1.384146 = 0.27753
    none = share(0, 10)
    assert none.ci_low == 0.0 and none.ci_high == pytest.approx(27.753, abs=1e-3)
    assert share(10, 10).ci_high == 100.0
    assert share(0, 0).pct is None
    with pytest.raises(ValueError):
        share(3, 2)


@given(
    st.integers(min_value=1, max_value=2000).flatmap(
        lambda n: st.tuples(st.just(n), st.integers(0, n))
    )
)
def test_a_share_always_lies_inside_its_wilson_interval(nk):
    n, k = nk
    got = share(k, n)
    assert 0.0 <= got.ci_low <= got.pct + 1e-9 and got.pct <= got.ci_high + 1e-9 <= 100.0 + 1e-9


def test_csat_counts_the_top_two_boxes_with_a_wilson_interval():
    got = csat([5, 4, 3, 2, 1, 5, 5, 4])
    assert (got.n, got.satisfied, got.csat_pct) == (8, 5, 62.5)
    ref = share(5, 8)
    assert (got.ci_low, got.ci_high) == (ref.ci_low, ref.ci_high)
    assert csat([]).csat_pct is None
    with pytest.raises(ValueError):
        csat([6])


def test_too_wide_means_too_few_answers_to_tell():
    assert too_wide(None, None, 20.0)
    assert too_wide(10.0, 40.0, 20.0)
    assert not too_wide(10.0, 25.0, 20.0)
