"""The recovery report (cases/report.py): its rows by unit and month, the Wilson interval of the
recovery rate, and the recovery paradox, through the CLI, the API and the page."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from scipy.stats import binomtest

from servicegap.cases.models import Case, CaseStatus
from servicegap.lib.proportions import share
from servicegap.lib.recovery import median_ci
from servicegap.loyalty.models import Transaction
from servicegap.people.models import Person, Unit
from servicegap.surveys.contract import record_response
from tests.report_support import cli, cli_json

OPENED = datetime(2025, 3, 3, 9, tzinfo=UTC)


def test_the_recovery_rates_interval_is_wilsons_as_published_and_as_scipy():
    # Newcombe (1998), Statistics in Medicine 17:857, table I: 81/263, score method
    got = share(81, 263)
    assert (round(got.ci_low / 100, 4), round(got.ci_high / 100, 4)) == (0.2553, 0.3662)
    for k, n in [(3, 4), (0, 7), (12, 12), (40, 57)]:
        ci = binomtest(k, n).proportion_ci(method="wilson")
        s = share(k, n)
        assert s.ci_low / 100 == pytest.approx(ci.low, abs=1e-12)
        assert s.ci_high / 100 == pytest.approx(ci.high, abs=1e-12)


def test_the_median_interval_uses_order_statistics():
    got = median_ci(range(1, 21))  # n = 20: the 6th and 15th values (coverage 95.9 %)
    assert (got.median, got.ci_low, got.ci_high) == (10.5, 6, 15)
    assert median_ci([1, 2, 3, 4, 5]).ci_low is None  # under 6 values no 95 % interval


def customer(ws, code):
    return Person.objects.create(workspace=ws, code=code, kind="customer")


def recommend(ws, code, score, at):
    record_response(
        ws,
        {
            "submitted_at": at.isoformat(),
            "perspective": "customer",
            "respondent": code,
            "answers": [{"kind": "nps", "value": score}],
        },
    )


def make_case(ws, number, unit, person=None, hours=None, sla=72, **over):
    opened = over.pop("opened", OPENED)
    return Case.objects.create(
        workspace=ws,
        number=number,
        title="Complaint",
        status=CaseStatus.CLOSED if hours is not None else CaseStatus.OPEN,
        unit=Unit.objects.of(ws).get(code=unit) if unit else None,
        customer=person,
        opened_at=opened,
        due_at=opened + timedelta(hours=sla),
        closed_at=opened + timedelta(hours=hours) if hours is not None else None,
        **over,
    )


@pytest.fixture
def cases(workspace):
    ws = workspace
    saved = [customer(ws, f"S{i}") for i in range(3)]
    for i, p in enumerate(saved):
        make_case(ws, i + 1, "SALES", p, hours=10 * (i + 1), recovery_answer=5)
        recommend(ws, p.code, 10, OPENED + timedelta(days=20))
    lost = customer(ws, "L1")
    Transaction.objects.create(
        workspace=ws, customer=lost, date=date(2024, 12, 1), amount=Decimal(9)
    )
    make_case(ws, 4, "SALES", lost, hours=100)  # closed after its 72 h, never came back
    make_case(ws, 5, "SALES", customer(ws, "O1"))  # still open
    make_case(ws, 6, "SERVICE", customer(ws, "X1"), hours=5, opened=OPENED + timedelta(days=40))
    make_case(ws, 7, None, None, hours=1)  # the triage queue
    for i, score in enumerate([10, 9, 8, 3, 2]):
        code = f"N{i}"
        customer(ws, code)
        recommend(ws, code, score, OPENED)
    return ws


@pytest.mark.django_db
def test_rows_by_unit_and_month_with_the_rate_and_its_interval(cases):
    doc = cli_json("acme", "recovery")
    rows = {(r["unit"], r["month"]): r for r in doc["rows"]}
    assert set(rows) == {(None, "2025-03"), ("SALES", "2025-03"), ("SERVICE", "2025-04")}
    sales = rows[("SALES", "2025-03")]
    assert (sales["opened"], sales["closed"], sales["closed_within_sla"]) == (5, 4, 3)
    assert sales["median_hours_to_close"] == 25.0  # 10, 20, 30, 100
    assert (sales["saved"], sales["lost"], sales["n"]) == (3, 1, 4)
    assert sales["recovery_rate"] == 75.0
    ci = binomtest(3, 4).proportion_ci(method="wilson")
    assert sales["ci_low"] == pytest.approx(100 * ci.low)
    assert sales["ci_high"] == pytest.approx(100 * ci.high)
    service = rows[("SERVICE", "2025-04")]
    assert (service["saved"], service["lost"], service["recovery_rate"]) == (0, 0, None)
    assert service["ci_low"] is None


@pytest.mark.django_db
def test_the_paradox_compares_recovered_and_never_complained_customers(cases):
    p = cli_json("acme", "recovery")["paradox"]
    assert set(p) == {"recovered", "never_complained", "difference", "holds", "sentence"}
    assert (p["recovered"]["n"], p["recovered"]["nps"]) == (3, 100.0)
    never = p["never_complained"]
    assert (never["n"], never["promoters"], never["detractors"], never["nps"]) == (5, 2, 2, 0.0)
    diff = p["difference"]
    assert diff["estimate"] == 100.0 and diff["ci_low"] < diff["estimate"] < diff["ci_high"]
    assert isinstance(p["holds"], bool) and "recommend" in p["sentence"]
    assert ("holds here" in p["sentence"]) == p["holds"]


@pytest.mark.django_db
def test_filters_unit_and_dates_and_refuses_what_does_not_apply(cases):
    doc = cli_json("acme", "recovery", "--unit", "SERVICE")
    assert [r["unit"] for r in doc["rows"]] == ["SERVICE"]
    doc = cli_json("acme", "recovery", "--from", "2025-04-01")
    assert [r["month"] for r in doc["rows"]] == ["2025-04"]
    for args, field in [
        (["--unit", "NOPE"], "unit"),
        (["--from", "2025-13-01"], "from"),
        (["--from", "2025-05-01", "--to", "2025-04-01"], "to"),
    ]:
        got = cli("acme", "recovery", *args, "--json")
        assert got.exit_code != 0 and f"--{field}" in got.output
    assert cli("acme", "recovery", "--touchpoint", "X").exit_code != 0  # not an option of it


@pytest.mark.django_db
def test_the_api_and_the_page_show_the_same_document(client, cases, api_key, login):
    got = client.get("/api/v1/reports/recovery", HTTP_AUTHORIZATION=f"Bearer {api_key}")
    assert got.status_code == 200 and got.json() == cli_json("acme", "recovery")
    bad = client.get("/api/v1/reports/recovery?unit=NOPE", HTTP_AUTHORIZATION=f"Bearer {api_key}")
    assert bad.status_code == 422 and bad.json()["field"] == "unit"
    page = login("leader").get("/w/acme/reports/recovery/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "The recovery paradox" in text and "recovery rate" in text and "<svg" in text
    csv = login("leader").get("/w/acme/reports/recovery/?format=csv")
    assert csv.content.decode().splitlines()[0].startswith("unit_name,unit,month,opened")


@pytest.mark.django_db
def test_a_manager_sees_the_rows_of_their_units_only(cases, login):
    page = login("manager").get("/w/acme/reports/recovery/?format=csv")
    units = {line.split(",")[1] for line in page.content.decode().splitlines()[1:]}
    # Their own unit's figures (docs/security.md, "Who sees what"): not the triage queue's,
    # which are the workspace's.
    assert units == {"SALES"}
