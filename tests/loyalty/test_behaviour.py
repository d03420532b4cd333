"""rfm.summarise: the published definitions the CDNOW fit depends on."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicegap.loyalty import rfm

D = date(2026, 1, 1).toordinal()


def test_same_day_purchases_merge_and_later_ones_are_ignored():
    # customer 7: two purchases on day 0 (one purchase day), one on day 14, one after as-of
    s = rfm.summarise(
        [7, 7, 7, 7, 3], [D, D, D + 14, D + 40, D + 3], [10, 5, 30, 99, 8], D + 21, "weeks"
    )
    assert s.customer.tolist() == [3, 7]
    assert s.frequency.tolist() == [0, 1]  # distinct purchase days − 1
    assert s.recency.tolist() == [0, 2.0]  # 14 days = 2 weeks
    assert s.T.tolist() == pytest.approx([18 / 7, 3.0])  # fractional weeks, not calendar weeks
    assert s.monetary.tolist() == [0, 30]  # the first day's 15 excluded
    assert s.total.tolist() == [8, 45]  # the 99 after as-of ignored


def test_days_and_an_unknown_unit():
    s = rfm.summarise([1, 1], [D, D + 10], [1, 1], D + 12, "days")
    assert (s.recency[0], s.T[0]) == (10, 12)
    with pytest.raises(ValueError, match="days or weeks"):
        rfm.summarise([1], [D], [1], D, "months")


def test_nobody_before_as_of_is_an_empty_summary():
    s = rfm.summarise([1], [D + 5], [1], D, "weeks")
    assert len(s) == 0 and rfm.repeat_rate(s) == 0


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 5), st.integers(0, 60), st.floats(0.01, 500)),
        min_size=1,
        max_size=40,
    )
)
def test_summary_properties(purchases):
    c, d, m = (np.array(v) for v in zip(*purchases, strict=True))
    as_of = D + 50
    s = rfm.summarise(c, D + d, m, as_of, "days")
    before = d <= 50
    assert sorted(s.customer.tolist()) == sorted(set(c[before].tolist()))
    for i, who in enumerate(s.customer):
        mine = before & (c == who)
        days = np.unique(d[mine])
        assert s.frequency[i] == len(days) - 1
        assert s.recency[i] == days.max() - days.min() and s.T[i] == 50 - days.min()
        assert 0 <= s.recency[i] <= s.T[i]
        assert s.total[i] == pytest.approx(m[mine].sum())
        if s.frequency[i]:
            repeat = m[mine & (d != days.min())].sum() / s.frequency[i]
            assert s.monetary[i] == pytest.approx(repeat)
