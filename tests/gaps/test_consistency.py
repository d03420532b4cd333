"""The consistency report (issue 14, item 8): the share of customer experiences below the
standard's target per unit or employee who served, ties by overlapping intervals, and the share
of variance between units; through the engine, the CLI, the API, the page and the CSV."""

from __future__ import annotations

import csv
import io
import json

import pytest
from scipy import stats

from servicegap.gaps.kinds import ReportError, run
from servicegap.lib.proportions import wilson
from servicegap.people.models import Person
from servicegap.surveys.contract import record_response

SALES = [7, 7, 7, 6, 5, 7]  # one of six below the target of 6
SERVICE = [2, 3, 2, 7, 6, 1]  # four of six below it


def rate(ws, unit, value, item="GREET", perspective="customer", employee=None, respondent=None):
    payload = {
        "submitted_at": "2026-03-02T10:00:00Z",
        "perspective": perspective,
        "unit": unit,
        "respondent": respondent,
        "answers": [{"item": item, "kind": "experience", "value": value}],
    }
    if employee:
        payload["employee"] = employee
    record_response(ws, payload)


@pytest.fixture
def rated(workspace, standards):
    for unit, values in (("SALES", SALES), ("SERVICE", SERVICE)):
        for v in values:
            rate(workspace, unit, v)
    return workspace


@pytest.mark.django_db
def test_share_below_target_per_unit_with_wilson_interval_ties_and_eta_squared(rated):
    doc = run(rated, "consistency", {})
    rows = {r["unit"]: r for r in doc["rows"]}
    assert rows.keys() == {"SALES", "SERVICE"}
    for unit, k in (("SALES", 1), ("SERVICE", 4)):
        r = rows[unit]
        assert r["standard"] == "GREET" and r["n"] == 6
        assert r["below_target_share"] == pytest.approx(k / 6)
        assert (r["ci_low"], r["ci_high"]) == pytest.approx(wilson(k, 6))
    # 1/6 and 4/6 of six each: the Wilson intervals overlap, so the units are tied, not ranked.
    assert rows["SALES"]["tied_with"] == ["SERVICE"] and rows["SERVICE"]["tied_with"] == ["SALES"]
    (standard,) = doc["standards"]
    f = stats.f_oneway(SALES, SERVICE).statistic
    assert standard["standard"] == "GREET"
    assert standard["between_unit_share"] == pytest.approx(f / (f + len(SALES + SERVICE) - 2))
    assert standard["n"] == 12 and standard["groups"] == 2


@pytest.mark.django_db
def test_units_far_apart_are_not_tied(workspace, standards):
    for _ in range(40):
        rate(workspace, "SALES", 7)
        rate(workspace, "SERVICE", 1)
    rows = run(workspace, "consistency", {})["rows"]
    assert [r["tied_with"] for r in rows] == [[], []]
    assert [r["below_target_share"] for r in rows] == [0.0, 1.0]


@pytest.mark.django_db
def test_rows_per_employee_who_served_only_from_customer_responses(rated):
    for code in ("ANNA", "BEN"):
        Person.objects.create(workspace=rated, code=code, kind="employee")
    for v in (7, 7, 6):
        rate(rated, "SALES", v, employee="ANNA")
    for v in (1, 2):
        rate(rated, "SALES", v, employee="BEN")
    rows = run(rated, "consistency", {"by": "employee"})["rows"]
    assert [(r["employee"], r["n"], r["below_target_share"]) for r in rows] == [
        ("ANNA", 3, 0.0),
        ("BEN", 2, 1.0),
    ]
    # Each employee's row names the unit served in: a manager limited to other units sees none.
    assert [r["unit"] for r in rows] == ["SALES", "SALES"]
    assert rows[0]["tied_with"] == ["BEN · SALES"]  # 0 of 3 vs 2 of 2: too few to tell apart
    with pytest.raises(ReportError) as refused:
        run(rated, "consistency", {"perspective": "employee"})
    assert refused.value.field == "perspective"


@pytest.mark.django_db
def test_cli_api_page_and_csv_answer(rated, client, api_key, login):
    from click.testing import CliRunner

    from servicegap.cli import main_group

    result = CliRunner().invoke(
        main_group, ["--workspace", rated.slug, "report", "consistency", "--json"]
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["rows"] and doc["standards"][0]["between_unit_share"] is not None
    api = client.get("/api/v1/reports/consistency", HTTP_AUTHORIZATION=f"Bearer {api_key}")
    assert api.status_code == 200 and api.json() == doc
    bad = client.get("/api/v1/reports/consistency?by=team", HTTP_AUTHORIZATION=f"Bearer {api_key}")
    assert bad.status_code == 422 and bad.json()["field"] == "by"
    page = login("owner").get("/w/acme/reports/consistency/").content.decode()
    assert "listed as tied" in page and "Tied with (overlapping intervals)" in page
    assert "16.7\u00a0%" in page  # one of six, as a percentage
    got = client.get("/w/acme/reports/consistency/?format=csv").content.decode()
    sales = next(r for r in csv.DictReader(io.StringIO(got)) if r["unit"] == "SALES")
    assert sales["tied_with"] == "SERVICE"
    assert float(sales["below_target_share"]) == pytest.approx(1 / 6, abs=0.05)  # CSV: rounded


def test_a_manager_limited_to_some_units_sees_no_other_units_employees_in_tied_with():
    from servicegap.core.web import visible_rows

    doc = {"rows": [
        {"standard": "S", "employee": "ANN", "unit": "SALES", "tied_with": ["BEN · SERVICE"]},
        {"standard": "S", "employee": "BEN", "unit": "SERVICE", "tied_with": ["ANN · SALES"]},
        {"standard": "S", "employee": "CAT", "unit": "SALES", "tied_with": ["ANN · SALES"]},
    ]}  # fmt: skip
    shown = visible_rows(doc, frozenset({"SALES"}))["rows"]
    assert [r["employee"] for r in shown] == ["ANN", "CAT"]
    assert shown[0]["tied_with"] == [] and shown[1]["tied_with"] == ["ANN · SALES"]
    by_unit = {"rows": [{"unit": "SALES", "tied_with": ["SERVICE"]},
                        {"unit": "SERVICE", "tied_with": ["SALES"]}]}  # fmt: skip
    assert visible_rows(by_unit, frozenset({"SALES"}))["rows"] == [
        {"unit": "SALES", "tied_with": []}
    ]
