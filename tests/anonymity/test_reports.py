"""Anonymity of employee, leader and internal data in the measure reports (issue item 7)."""

from __future__ import annotations

import pytest

from servicegap.gaps.kinds import ReportError, run
from tests.report_support import respond, unnamed


def employees(ws, unit, count, prefix, value=5, perspective="employee"):
    for i in range(count):
        respond(
            ws,
            perspective,
            [("GREET", "experience", value), ("", "nps", 8)],
            respondent=f"{prefix}{i}",
            unit=unit,
        )


@pytest.fixture
def units(workspace):
    from servicegap.people.models import Unit

    return {u.code: u for u in Unit.objects.of(workspace)}


@pytest.mark.django_db
def test_employee_rows_below_the_threshold_are_suppressed_without_figures(
    workspace, standards, units
):
    employees(workspace, units["SALES"], 4, "E")
    rows = run(workspace, "gaps", {"perspective": "employee"})["rows"]
    assert unnamed(rows) == [{"item": "GREET", "suppressed": True}]
    assert run(workspace, "nps", {"perspective": "employee"}) == {"suppressed": True}
    employees(workspace, units["SALES"], 1, "F")
    shown = run(workspace, "gaps", {"perspective": "employee"})["rows"][0]
    assert shown["target_n"] == 5 and "suppressed" not in shown  # experiences vs the target


@pytest.mark.django_db
def test_repeat_answers_of_one_person_count_once_and_anonymous_responses_each(
    workspace, standards, units
):
    employees(workspace, units["SALES"], 4, "E")
    employees(workspace, units["SALES"], 4, "E")  # the same four people again
    assert run(workspace, "gaps", {"perspective": "employee"})["rows"][0].get("suppressed")
    respond(workspace, "employee", [("GREET", "experience", 3)], unit=units["SALES"])
    assert run(workspace, "gaps", {"perspective": "employee"})["rows"][0]["target_n"] == 9


@pytest.mark.django_db
def test_a_small_unit_hides_its_sibling_too_when_the_parent_is_shown(workspace, standards, units):
    employees(workspace, units["SALES"], 6, "S")
    employees(workspace, units["SERVICE"], 3, "V", value=1)
    rows = run(workspace, "gaps", {"perspective": "employee", "by": "unit", "unit": "HQ"})["rows"]
    assert unnamed(rows) == [
        {"unit": "SALES", "suppressed": True},
        {"unit": "SERVICE", "suppressed": True},
    ]
    whole = run(workspace, "gaps", {"perspective": "employee", "unit": "HQ"})["rows"][0]
    assert whole["target_n"] == 9
    # Customers are not protected: a unit of three customers is shown.
    for _ in range(3):
        respond(workspace, "customer", [("GREET", "experience", 2)], unit=units["SERVICE"])
    assert run(workspace, "gaps", {"by": "unit", "unit": "HQ"})["rows"][0]["target_n"] == 3


@pytest.mark.django_db
def test_by_perspective_suppresses_small_leader_groups_only(workspace, standards, units):
    employees(workspace, units["SALES"], 2, "L", perspective="leader")
    respond(workspace, "customer", [("GREET", "experience", 2)])
    rows = run(workspace, "gaps", {"by": "perspective"})["rows"]
    assert rows[0]["perspective"] == "customer" and rows[0]["target_n"] == 1
    assert unnamed(rows)[1] == {"perspective": "leader", "suppressed": True}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params, field",
    [
        ({"segment": "region=north"}, "segment"),
        ({"from": "2026-03-05"}, "from"),
        ({"to": "2026-03-30"}, "to"),
        ({"from": "2026-02-01", "period": "quarter"}, "from"),
        ({"touchpoint": "VISIT"}, "touchpoint"),
        ({"by": "touchpoint"}, "by"),
        ({"from": "2026-03-01"}, "to"),  # open-ended: from March minus from April = March
        ({"to": "2026-03-31"}, "from"),
        ({"from": "2026-02-01", "to": "2026-03-31"}, "to"),  # two months: not one period
        ({"from": "2026-01-01", "to": "2026-06-30", "period": "quarter"}, "to"),
    ],
)
def test_employee_data_refuses_free_slices_with_422_naming_what_is_allowed(
    client, api_key, workspace, params, field
):
    r = client.get(
        "/api/v1/reports/gaps",
        {"perspective": "employee", **params},
        HTTP_AUTHORIZATION=f"Bearer {api_key}",
    )
    assert r.status_code == 422
    assert r.json()["field"] == field
    assert "only by unit and by whole calendar periods" in r.json()["error"]


@pytest.mark.django_db
def test_whole_calendar_periods_and_segments_of_customers_are_allowed(workspace, standards):
    run(
        workspace,
        "gaps",
        {"perspective": "leader", "from": "2026-01-01", "to": "2026-03-31", "period": "quarter"},
    )
    with pytest.raises(ReportError):
        run(workspace, "perception", {"segment": "region=north"})
    from servicegap.people.models import Person

    north = Person.objects.create(
        workspace=workspace, code="C1", kind="customer", attributes={"region": "north"}
    )
    respond(workspace, answers=[("GREET", "experience", 2)], respondent=north)
    respond(workspace, answers=[("GREET", "experience", 6)])
    rows = run(workspace, "gaps", {"segment": "region=north"})["rows"]
    assert rows[0]["target_n"] == 1 and rows[0]["gap_vs_target"] == 2 - 6  # target 6


@pytest.mark.django_db
def test_a_unit_filter_is_suppressed_when_the_parent_minus_it_reveals_a_small_sibling(
    workspace, standards, units
):
    employees(workspace, units["SALES"], 6, "S")
    employees(workspace, units["SERVICE"], 3, "V", value=1)
    sales = {"perspective": "employee", "unit": "SALES"}
    assert unnamed(run(workspace, "gaps", sales)["rows"]) == [{"item": "GREET", "suppressed": True}]
    assert run(workspace, "nps", sales) == {"suppressed": True}
    perception = run(workspace, "perception", {"unit": "SALES"})["rows"][0]
    assert perception["employee"] == {"suppressed": True}
    employees(workspace, units["SERVICE"], 3, "W", value=1)  # now six in Service too
    assert run(workspace, "gaps", sales)["rows"][0]["target_n"] == 6


def _months(workspace, unit, sizes):
    from datetime import UTC, datetime

    for month, count in sizes.items():
        for i in range(count):
            respond(
                workspace,
                "employee",
                [("GREET", "experience", 1 + (i % 7)), ("", "nps", 8)],
                respondent=f"M{month}-{i}",
                unit=unit,
                when=datetime(2026, month, 10, 10, tzinfo=UTC),
            )


@pytest.mark.django_db
def test_a_quarter_minus_two_shown_months_never_gives_the_third(workspace, standards, units):
    _months(workspace, units["SALES"], {1: 8, 2: 9, 3: 2})

    def gaps(**window):
        return run(workspace, "gaps", {"perspective": "employee", **window})["rows"][0]

    quarter = gaps(**{"from": "2026-01-01", "to": "2026-03-31"})
    assert quarter["target_n"] == 19
    months = [
        gaps(**{"from": f"2026-0{m}-01", "to": f"2026-0{m}-{d}"})
        for m, d in ((1, 31), (2, 28), (3, 31))
    ]
    assert months[2].get("suppressed")  # two people in March
    # January is hidden with it (the smaller of the others), so quarter − Feb ≠ March alone.
    assert months[0].get("suppressed") and not months[1].get("suppressed")
    by_month = run(
        workspace,
        "gaps",
        {"perspective": "employee", "by": "period", "from": "2026-01-01", "to": "2026-03-31"},
    )["rows"]
    assert [r.get("suppressed", False) for r in by_month] == [True, False, True]
    # The aggregates answer the same as the scan (both read the rule of servicegap.anonymity.rule).
    from servicegap.gaps.filters import parse
    from servicegap.reports import registry

    nps = registry.get("nps")
    assert nps is not None and nps.build_fast is not None
    f = parse("nps", {"perspective": "employee", "from": "2026-01-01", "to": "2026-01-31"})
    assert nps.build_fast(workspace, f) == nps.build(workspace, f) == {"suppressed": True}
