"""An action's effect measured on the stored responses (servicegap/actions/measure.py): its
windows, its units' subtrees, the control (neither in them nor above them), the rescaling of
other scales, touchpoints when it names no standard, and the verdicts on real rows."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest

from servicegap.actions.measure import measured, tree, windows
from servicegap.people.models import Unit
from servicegap.surveys.models import Response
from tests.actions.support import START, make_action, rated

pytestmark = pytest.mark.django_db
LATER = date(2026, 6, 1)  # "today" for the tests: the after window is over


@pytest.fixture
def tree_units(workspace, standards):
    """HQ > SALES > SALES-N, HQ > SERVICE."""
    sales = Unit.objects.of(workspace).get(code="SALES")
    Unit.objects.create(workspace=workspace, code="SALES-N", name="Sales north", parent=sales)
    return workspace


def fill(ws, unit, *, before: float, after: float, n: int = 60, seed: int = 1, **kw) -> None:
    rng = np.random.default_rng(seed)
    for first, level in ((START - timedelta(days=80), before), (START + timedelta(days=20), after)):
        values = np.clip(np.round(rng.normal(level, 1.0, n)), 1, 7)
        for i, v in enumerate(values):
            rated(ws, unit, first + timedelta(days=i % 60), [v], **kw)


def test_the_default_windows_follow_the_start_and_settable_ones_win(workspace, standards):
    action = make_action(workspace)
    got = windows(action, LATER)
    assert (got.before_from, got.before_to) == (date(2025, 10, 3), date(2025, 12, 31))
    assert (got.after_from, got.after_to) == (date(2026, 1, 15), date(2026, 4, 14))
    assert got.after_days == 90
    early = windows(action, date(2026, 2, 1))
    assert early.after_to == date(2026, 2, 1) and early.after_days == 18
    action.after_to, action.before_from = date(2026, 3, 1), date(2025, 12, 1)
    got = windows(action, LATER)
    assert got.before_from == date(2025, 12, 1) and got.after_to == date(2026, 3, 1)
    action.started_on = None
    assert windows(action, LATER) is None


def test_unchanged_data_is_no_change_with_the_other_units_as_control(tree_units):
    ws = tree_units
    for unit, seed in (("SALES", 1), ("SALES-N", 2), ("SERVICE", 3), ("HQ", 4)):
        fill(ws, unit, before=4.0, after=4.0, seed=seed)
    action = make_action(ws, units=("SALES",))
    row = measured(action, tree(ws), LATER)
    assert row["verdict"] == "no_change"
    assert row["before"]["n"] == 120 and row["after"]["n"] == 120  # SALES and its subtree
    assert row["change_ci_low"] < 0 < row["change_ci_high"]
    did = row["did"]
    assert did["control_units"] == 1  # SERVICE; HQ is above SALES, so neither side
    assert did["control_before_n"] == 60 and did["control_after_n"] == 60
    assert did["ci_low"] < 0 < did["ci_high"]
    assert row["measure"] == "experience on CALLBACK in SALES and below"


def test_a_lift_where_the_action_was_is_worked_and_the_same_lift_everywhere_is_not(tree_units):
    ws = tree_units
    fill(ws, "SALES", before=3.0, after=4.0, seed=1)
    fill(ws, "SERVICE", before=3.0, after=3.0, seed=2)
    action = make_action(ws, units=("SALES",))
    row = measured(action, tree(ws), LATER)
    assert row["verdict"] == "worked" and row["change_ci_low"] > 0 and row["did"]["ci_low"] > 0
    Response.objects.of(ws).filter(unit__code="SERVICE").delete()
    fill(ws, "SERVICE", before=3.0, after=4.0, seed=3)  # now the control rose as much
    row = measured(action, tree(ws), LATER)
    assert row["change_ci_low"] > 0 and row["did"]["ci_low"] < 0
    assert row["verdict"] == "no_change"


def test_an_action_for_every_unit_has_no_control_and_a_drop_is_worse(tree_units):
    ws = tree_units
    fill(ws, "SALES", before=5.0, after=4.0)
    row = measured(make_action(ws), tree(ws), LATER)
    assert row["did"] is None and row["verdict"] == "worse" and row["change_ci_high"] < 0
    assert row["measure"] == "experience on CALLBACK in every unit"


def test_only_customer_answers_in_the_windows_on_its_standards_count(tree_units):
    ws = tree_units
    rated(ws, "SALES", START - timedelta(days=10), [2, 2], expect=6)
    rated(ws, "SALES", START + timedelta(days=30), [4, 4, 4], expect=6)
    rated(ws, "SALES", START + timedelta(days=5), [7] * 5)  # between the windows
    rated(ws, "SALES", START - timedelta(days=200), [7] * 5)  # before the before window
    rated(ws, "SALES", START + timedelta(days=30), [7] * 5, perspective="employee")
    rated(ws, "SALES", START + timedelta(days=30), [7] * 5, item="GREET")
    row = measured(make_action(ws), tree(ws), LATER)
    assert (row["before"]["n"], row["after"]["n"]) == (2, 3)
    assert row["change"] == pytest.approx(2.0)
    assert row["gap_before"]["mean"] == pytest.approx(-4.0)
    assert row["gap_change"] == pytest.approx(2.0)
    assert row["verdict"] == "too_early"  # 3 responses after


def test_other_scales_are_rescaled_to_the_workspace_scale(tree_units):
    ws = tree_units  # a 7-point workspace
    rated(ws, "SALES", START - timedelta(days=10), [1, 1], scale_max=5)
    rated(ws, "SALES", START + timedelta(days=30), [5, 3], scale_max=5)
    row = measured(make_action(ws), tree(ws), LATER)
    assert row["before"]["mean"] == pytest.approx(1.0)
    assert row["after"]["mean"] == pytest.approx((7.0 + 4.0) / 2)


def test_without_standards_its_touchpoints_are_measured(tree_units):
    from servicegap.journeys.models import Journey, Touchpoint

    ws = tree_units
    journey = Journey.objects.create(workspace=ws, code="BUY", name="Buying")
    desk = Touchpoint.objects.create(workspace=ws, journey=journey, step=1, code="DESK", name="D")
    rated(ws, "SALES", START - timedelta(days=10), [3, 3], item="GREET", touchpoint=desk)
    rated(ws, "SALES", START + timedelta(days=30), [5, 5], item="CLEAN", touchpoint=desk)
    rated(ws, "SALES", START + timedelta(days=30), [1, 1], item="CLEAN")  # not at DESK
    row = measured(make_action(ws, standards=(), touchpoints=(desk,)), tree(ws), LATER)
    assert (row["before"]["n"], row["after"]["n"]) == (2, 2) and row["change"] == pytest.approx(2)
    assert row["measure"] == "experience at DESK in every unit"


def test_an_action_without_a_start_is_not_measured_yet(workspace, standards):
    row = measured(make_action(workspace, start=None), tree(workspace), LATER)
    assert row["verdict"] == "too_early" and row["before"]["n"] == 0 and row["windows"] is None
