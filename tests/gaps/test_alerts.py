"""The alerts report: control-chart alerts per standard, touchpoint and unit on real data."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest

from servicegap.gaps.kinds import run
from tests.report_support import cli_json

MONTHS = range(1, 10)  # 2025-01 … 2025-09: six baseline months, then three more


def bulk(ws, rows):
    """Responses straight into the tables (alerts scan the answers; no aggregates needed).

    ``rows``: (month, perspective, unit, touchpoint, respondent code, experience, moment).
    """
    from servicegap.people.models import Person
    from servicegap.surveys.models import Answer, Response

    people = {}
    for *_, who, _, _ in rows:
        if who and who not in people:
            people[who] = Person.objects.create(workspace=ws, code=who, kind="employee")
    responses = Response.objects.bulk_create(
        Response(
            workspace=ws,
            submitted_at=datetime(2025, month, 10 + i % 15, 10, tzinfo=UTC),
            perspective=perspective,
            scale_max=7,
            respondent=people.get(who),
            unit=unit,
            touchpoint=touchpoint,
        )
        for i, (month, perspective, unit, touchpoint, who, _, _) in enumerate(rows)
    )
    answers = []
    for r, (*_, experience, moment) in zip(responses, rows, strict=True):
        answers.append(Answer(workspace=ws, response=r, item="GREET", kind="experience",
                              value_num=experience, value_text=""))  # fmt: skip
        if moment:
            answers.append(Answer(workspace=ws, response=r, item="", kind="moment",
                                  value_text=moment))  # fmt: skip
    Answer.objects.bulk_create(answers)


@pytest.fixture
def places(workspace):
    from servicegap.journeys.models import Journey, Touchpoint
    from servicegap.people.models import Unit

    journey = Journey.objects.create(workspace=workspace, code="BUY", name="Buying")
    touchpoints = {
        code: Touchpoint.objects.create(
            workspace=workspace, journey=journey, code=code, name=code.title(), step=step
        )
        for step, code in ((1, "VISIT"), (2, "CALL"))
    }
    units = {u.code: u for u in Unit.objects.of(workspace)}
    units["PARTS"] = Unit.objects.create(
        workspace=workspace, code="PARTS", name="Parts", parent=units["HQ"]
    )
    return units, touchpoints


def customers(units, touchpoints, *, misery_at_visit=None, sales_experience=None):
    """30 answers a month per touchpoint, half at SALES, half at SERVICE, in control unless
    ``misery_at_visit`` / ``sales_experience`` (month → value) say otherwise."""
    rows = []
    for month in MONTHS:
        for tp in ("VISIT", "CALL"):
            misery = 7 + month % 2  # 7 or 8 of 30: about 25 %
            if tp == "VISIT" and misery_at_visit:
                misery = misery_at_visit.get(month, misery)
            for i in range(30):
                unit = "SALES" if i % 2 else "SERVICE"
                x = 4 + i % 3
                if unit == "SALES" and sales_experience:
                    x = sales_experience.get(month, x) + i % 3 - 1
                moment = "misery" if i < misery else ("magic" if i % 3 else "mediocrity")
                rows.append((month, "customer", units[unit], touchpoints[tp], None, x, moment))
    return rows


def kinds(doc, kind):
    key = {"standard": "item", "touchpoint": "touchpoint", "unit": "unit"}[kind]
    return [(r[key], r["period"], r["direction"]) for r in doc["rows"] if r["kind"] == kind]


@pytest.mark.django_db
def test_a_shift_at_one_touchpoint_and_one_unit_raises_alerts_for_them_only(
    workspace, standards, places
):
    units, touchpoints = places
    rows = customers(units, touchpoints, misery_at_visit={8: 21, 9: 22},
                     sales_experience={8: 2, 9: 2})  # fmt: skip
    bulk(workspace, rows)
    doc = run(workspace, "alerts", {})
    assert kinds(doc, "touchpoint") == [("VISIT", "2025-08", "up"), ("VISIT", "2025-09", "up")]
    visit = next(r for r in doc["rows"] if r["kind"] == "touchpoint")
    assert visit["method"] == "p-chart"
    assert visit["value"] == pytest.approx(70.0) and visit["expected"] == pytest.approx(25.0)
    by_unit = kinds(doc, "unit")
    assert ("SALES", "2025-08", "down") in by_unit
    assert {u for u, _, _ in by_unit} <= {"SALES", "HQ"}  # HQ holds SALES; SERVICE is steady
    assert all(r["method"] == "ewma" for r in doc["rows"] if r["kind"] != "touchpoint")
    assert [r["kind"] for r in doc["rows"]] == sorted(
        (r["kind"] for r in doc["rows"]), key=("standard", "touchpoint", "unit").index
    )
    assert doc["rows"] == sorted(
        doc["rows"],
        key=lambda r: (("standard", "touchpoint", "unit").index(r["kind"]),
                       r.get("item") or r.get("touchpoint") or r.get("unit"), r["period"]),
    )  # fmt: skip


@pytest.mark.django_db
def test_filters_narrow_the_alerts_to_the_unit_and_touchpoint_asked_for(
    workspace, standards, places
):
    units, touchpoints = places
    rows = customers(units, touchpoints, misery_at_visit={8: 21, 9: 22},
                     sales_experience={8: 2, 9: 2})  # fmt: skip
    bulk(workspace, rows)
    service = run(workspace, "alerts", {"unit": "SERVICE"})
    assert kinds(service, "unit") == [] and kinds(service, "standard") == []
    call = run(workspace, "alerts", {"touchpoint": "CALL"})
    assert kinds(call, "touchpoint") == []
    sales = run(workspace, "alerts", {"unit": "SALES"})
    assert {u for u, _, _ in kinds(sales, "unit")} == {"SALES"}  # not its parent HQ
    early = run(workspace, "alerts", {"to": "2025-07-31"})
    assert early["rows"] == []


@pytest.mark.django_db
def test_in_control_noise_raises_no_alert(workspace, standards, places):
    units, touchpoints = places
    rnd = random.Random(4)
    rows = []
    for month in MONTHS:
        for i in range(60):
            unit, tp = units[("SALES", "SERVICE")[i % 2]], touchpoints[("VISIT", "CALL")[i // 30]]
            x = max(1, min(7, round(rnd.gauss(4.8, 1.2))))
            moment = rnd.choices(("misery", "mediocrity", "magic"), (0.25, 0.35, 0.4))[0]
            rows.append((month, "customer", unit, tp, None, x, moment))
    bulk(workspace, rows)
    assert run(workspace, "alerts", {})["rows"] == []


def employees(units, counts, shifted):
    """Each employee of ``counts`` (unit → how many) answers every month; the units in
    ``shifted`` (unit → value) rate GREET that low in months 8 and 9."""
    rows = []
    for month in MONTHS:
        for unit, how_many in counts.items():
            for e in range(how_many):
                x = 5 + e % 3 - 1
                if month >= 8 and unit in shifted:
                    x = shifted[unit]
                rows.append((month, "employee", units[unit], None, f"{unit}-{e}", x, ""))
    return rows


@pytest.mark.django_db
def test_a_unit_below_the_anonymity_threshold_raises_no_alert_that_reveals_it(
    workspace, standards, places
):
    units, _ = places
    # SERVICE has 2 employees (threshold 5); PARTS (6) is hidden with it, so that SERVICE is not
    # HQ minus SALES minus PARTS. All three shift; only SALES (20) may be shown.
    bulk(workspace, employees(units, {"SALES": 20, "SERVICE": 2, "PARTS": 6},
                              {"SALES": 2, "SERVICE": 1, "PARTS": 2}))  # fmt: skip
    doc = run(workspace, "alerts", {"perspective": "employee"})
    shown = {u for u, _, _ in kinds(doc, "unit")}
    assert "SALES" in shown
    assert not shown & {"SERVICE", "PARTS"}
    assert kinds(doc, "touchpoint") == []  # employee data is never sliced by touchpoint
    alone = run(workspace, "alerts", {"perspective": "employee", "unit": "SERVICE"})
    assert alone["rows"] == []
    sales = run(workspace, "alerts", {"perspective": "employee", "unit": "SALES"})
    assert {u for u, _, _ in kinds(sales, "unit")} == {"SALES"}
    assert all("SERVICE" not in r.values() for r in sales["rows"] + doc["rows"])


@pytest.mark.django_db
def test_cli_and_api_give_the_same_alerts(client, api_key, workspace, standards, places):
    units, touchpoints = places
    rows = customers(units, touchpoints, misery_at_visit={8: 21, 9: 22},
                     sales_experience={8: 2, 9: 2})  # fmt: skip
    bulk(workspace, rows)
    response = client.get("/api/v1/reports/alerts", HTTP_AUTHORIZATION=f"Bearer {api_key}")
    assert response.status_code == 200
    body = response.json()
    assert {r["kind"] for r in body["rows"]} == {"standard", "touchpoint", "unit"}
    assert cli_json("acme", "alerts") == body


@pytest.mark.django_db
def test_the_alerts_page_names_what_each_alert_is_about(login, workspace, standards, places):
    units, touchpoints = places
    rows = customers(units, touchpoints, misery_at_visit={8: 21, 9: 22},
                     sales_experience={8: 2, 9: 2})  # fmt: skip
    bulk(workspace, rows)
    html = login("owner").get("/w/acme/reports/alerts/").content.decode()
    assert "touchpoint VISIT" in html and "unit SALES" in html and "standard GREET" in html
    assert "share of misery moments" in html and "p-chart" in html
    manager = login("manager").get("/w/acme/reports/alerts/").content.decode()
    assert "unit SALES" in manager and "unit HQ" not in manager  # their units only


def test_each_alert_is_described_in_words_with_its_kind_and_whether_it_is_good_news():
    from servicegap.gaps.kinds.alerts import describe

    misery = {"kind": "touchpoint", "touchpoint": "VISIT", "period": "2025-08", "value": 70.0,
              "expected": 25.0, "direction": "up", "method": "p-chart"}  # fmt: skip
    got = describe(misery)
    assert got["alert"] == "touchpoint VISIT" and got["change"] == "up (worse)"
    assert got["value"] == "70.0\u00a0%" and got["measure"].startswith("share of misery")
    unit = {"kind": "unit", "unit": "SALES", "period": "2025-08", "value": 4.4, "expected": 5.0,
            "direction": "down", "method": "ewma"}  # fmt: skip
    assert describe(unit)["alert"] == "unit SALES" and describe(unit)["change"] == "down (worse)"
    standard = {**unit, "kind": "standard", "item": "GREET", "direction": "up"}
    assert describe(standard)["alert"] == "standard GREET"
    assert describe(standard)["change"] == "up (better)" and describe(standard)["value"] == "4.40"
