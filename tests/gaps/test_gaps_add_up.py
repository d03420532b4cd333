"""Gaps that add up: a gaps row's two means cover the same responses as its gap, and the gap
against the standard's target is a separate figure with its own n (issue 14, item 2)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicegap.aggregates import cells
from servicegap.aggregates.models import CellState
from servicegap.gaps.filters import parse
from servicegap.gaps.kinds import fast, run
from servicegap.reports import registry
from tests.aggregates.test_cells import make_workspace, response, store
from tests.report_support import unnamed

BYS = ({}, {"by": "unit"}, {"by": "touchpoint"}, {"by": "period", "period": "month"},
       {"by": "dimension"})  # fmt: skip


def _both(ws, params: dict) -> list[dict]:
    """The document from the cells (where they apply) and from a full scan of the answers."""
    f = parse("gaps", params)
    declared = registry.get("gaps")
    assert declared is not None and declared.build_fast is not None
    docs = [declared.build(ws, f)]
    if fast.applicable(ws, f):
        docs.append(declared.build_fast(ws, f))
    return docs


@pytest.mark.django_db
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(response, min_size=1, max_size=25))
def test_experience_mean_minus_expectation_mean_is_the_gap(responses):
    ws = make_workspace()
    for r in responses:
        store(ws, r)
    for params in BYS:
        for doc in _both(ws, params):
            for row in doc["rows"]:
                if row["n"] == 0:
                    assert row["gap"] is row["expectation_mean"] is row["experience_mean"] is None
                    continue
                diff = row["experience_mean"] - row["expectation_mean"]
                assert diff == pytest.approx(row["gap"], abs=0.01), (params, row)
                assert row["ci_low"] is None or row["ci_low"] <= row["gap"] <= row["ci_high"]
                assert row["target_n"] >= 0
                if row["target_n"] > 1:
                    assert row["target_ci_low"] <= row["gap_vs_target"] <= row["target_ci_high"]


@pytest.mark.django_db
def test_own_expectation_and_target_gaps_are_over_their_own_responses():
    """BOOKING once showed expected 5.30, experienced 5.49, gap −0.01: the gap mixed responses
    compared with their own expectation and responses compared with the target."""
    ws = make_workspace()  # CALLBACK's target is 5
    for day, answers in ((1, {"expectation": 6, "experience": 3}),
                         (2, {"expectation": 4, "experience": 5}),
                         (3, {"experience": 7}), (4, {"experience": 2})):  # fmt: skip
        store(ws, {"day": day, "unit": None, "touchpoint": None, "respondent": None,
                   "items": {"CALLBACK": answers}})  # fmt: skip
    for doc in _both(ws, {"by": "item"}):
        (row,) = doc["rows"]
        assert row["n"] == 2 and row["expectation_mean"] == 5.0 and row["experience_mean"] == 4.0
        assert row["gap"] == pytest.approx(-1.0)
        assert row["target_n"] == 4
        assert row["gap_vs_target"] == pytest.approx(((3 + 5 + 7 + 2) / 4) - 5)
        assert row["target_ci_low"] < row["gap_vs_target"] < row["target_ci_high"]
    # CLEAN has no target: no gap against it, and no row of n 0 is dropped.
    store(ws, {"day": 5, "unit": None, "touchpoint": None, "respondent": None,
               "items": {"CLEAN": {"experience": 6}}})  # fmt: skip
    clean = next(r for r in run(ws, "gaps", {})["rows"] if r["item"] == "CLEAN")
    assert clean["n"] == clean["target_n"] == 0 and clean["gap_vs_target"] is None


@pytest.mark.django_db
def test_employee_rows_below_the_threshold_stay_hidden_with_both_gaps():
    ws = make_workspace()
    ws.anonymity_threshold = 3
    ws.save()
    for person in ("E1", "E2"):
        store(ws, {"day": 2, "unit": "SALES", "touchpoint": None, "respondent": person,
                   "perspective": "employee", "items": {"GREET": {"experience": 4}}})  # fmt: skip
    for doc in _both(ws, {"perspective": "employee", "by": "unit"}):
        assert unnamed(doc["rows"]) == [{"unit": "SALES", "suppressed": True}]


@pytest.mark.django_db
def test_the_migration_marks_old_cells_stale():
    """Cells written before the paired measures are rebuilt, not read (aggregates 0002)."""
    from importlib import import_module

    from django.apps import apps

    ws = make_workspace()
    store(ws, {"day": 2, "unit": None, "touchpoint": None, "respondent": None,
               "items": {"GREET": {"expectation": 6, "experience": 4}}})  # fmt: skip
    assert cells.usable(ws)
    module = import_module("servicegap.aggregates.migrations.0002_paired_gap_measures")
    module.mark_stale(apps, None)
    assert CellState.objects.get(workspace=ws).stale and not cells.usable(ws)
    assert run(ws, "gaps", {})["rows"][0]["gap"] == -2  # answered by the scan meanwhile
