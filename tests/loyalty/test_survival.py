"""Kaplan–Meier retention curves: a hand-worked case and the curve's properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicegap.loyalty import survival


def test_a_hand_worked_curve():
    # times 2.5 4 4 5 6 6, the second 6 censored: S = 5/6, 5/6·3/5, ·2/3, ·1/2
    c = survival.kaplan_meier([5, 6, 6, 2.5, 4, 4], [1, 0, 1, 1, 1, 1])
    assert c.time.tolist() == [2.5, 4, 5, 6]
    assert c.survival == pytest.approx([5 / 6, 1 / 2, 1 / 3, 1 / 6])
    assert c.at_risk.tolist() == [6, 5, 3, 2] and (c.n, c.lapsed) == (6, 5)
    # Greenwood at t=2.5: Var log S = 1/(6·5); log(−log) band (lifelines' default)
    se = np.sqrt(1 / 30) / abs(np.log(5 / 6))
    assert c.low[0] == pytest.approx((5 / 6) ** np.exp(1.959964 * se), rel=1e-5)
    assert c.high[0] == pytest.approx((5 / 6) ** np.exp(-1.959964 * se), rel=1e-5)
    assert survival.at(c, 1) == (1.0, 1.0, 1.0) and survival.at(c, 4.5)[0] == 0.5


def test_durations_lapse_after_180_days():
    t, lapsed = survival.durations([0, 0], [100, 300], as_of=400)
    assert t.tolist() == [100, 400] and lapsed.tolist() == [True, False]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 400), st.booleans()), min_size=1, max_size=60))
def test_the_curve_never_rises_and_its_band_holds_it(data):
    t, e = zip(*data, strict=True)
    c = survival.kaplan_meier(t, e)
    assert np.all(np.diff(c.survival) <= 1e-12)
    assert np.all((c.survival >= 0) & (c.survival <= 1))
    assert np.all(c.low <= c.survival + 1e-12) and np.all(c.survival <= c.high + 1e-12)
    assert c.n == len(t) and c.lapsed == sum(e)


@pytest.mark.django_db
def test_curves_by_unit_and_by_segment(workspace):
    from datetime import date

    from servicegap.loyalty import retention
    from servicegap.loyalty.models import Transaction
    from servicegap.people.models import Person, Unit

    sales = Unit.objects.of(workspace).get(code="SALES")
    for i in range(8):
        region = "north" if i < 5 else "south"
        p = Person.objects.create(workspace=workspace, code=f"K{i}", kind="customer",
                                  attributes={"region": region})  # fmt: skip
        for day in (date(2025, 1, 1 + i), date(2025, 3 + i, 1)):
            Transaction.objects.create(workspace=workspace, customer=p, date=day, amount=10,
                                       unit=sales if i % 2 else None)  # fmt: skip
    by_region = retention.curves(workspace, date(2026, 6, 1), "segment:region")
    assert [(g["name"], g["n"]) for g in by_region] == [("north", 5), ("south", 3)]
    assert all(g["lapsed"] == g["n"] for g in by_region)  # nobody bought in the last 180 days
    by_unit = retention.curves(workspace, date(2026, 6, 1), "unit")
    assert sorted((g["name"], g["n"]) for g in by_unit) == [("No unit recorded", 4), ("Sales", 4)]
    year = retention.curves(workspace, date(2026, 6, 1))[0]["year"]
    assert year["ci_low"] <= year["retained"] <= year["ci_high"]
