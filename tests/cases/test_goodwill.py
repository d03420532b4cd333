"""Front-line authority: goodwill within a role's limit, above it approved by a manager
(cases/goodwill.py, lib/goodwill.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from servicegap.accounts.models import Membership
from servicegap.accounts.services import set_membership
from servicegap.cases import goodwill, service
from servicegap.cases.models import CaseEvent, Goodwill
from servicegap.lib.errors import FieldError
from servicegap.lib.goodwill import parse_amount
from servicegap.people.models import Unit
from tests.conftest import PASSWORD


def open_case(ws, unit="SALES"):
    return service.open_case(
        ws, trigger="complaint", severity="normal", unit=Unit.objects.of(ws).get(code=unit),
        title="Complaint: scratched door",
    )  # fmt: skip


def member(ws, name: str) -> Membership:
    return Membership.objects.get(workspace=ws, user__email=f"{name}@acme.test")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("25", Decimal("25.00")), ("12.5", Decimal("12.50")), (7, Decimal("7.00"))],
)
def test_an_amount_is_a_positive_decimal_with_at_most_two_decimals(raw, expected):
    assert parse_amount(raw) == expected


@pytest.mark.parametrize(
    "raw", ["", None, "0", "-5", "1.234", "ten", "12,50", "NaN", "Infinity", "1e20"]
)
def test_a_bad_amount_is_refused_naming_the_field(raw):
    with pytest.raises(FieldError) as got:
        parse_amount(raw)
    assert got.value.field == "amount"


@pytest.mark.django_db
def test_within_the_limit_it_is_granted_and_recorded_with_who_and_how_much(workspace, users):
    case = open_case(workspace)
    row = goodwill.grant(case, member(workspace, "employee"), "gesture", "25", "Free car wash")
    assert (row.state, row.amount, row.currency) == ("granted", Decimal("25.00"), "EUR")
    assert row.granted_by == users["employee"] and row.approved_by is None
    line = CaseEvent.objects.get(case=case, kind="goodwill")
    assert line.actor == users["employee"]
    assert (line.detail["amount"], line.detail["state"]) == ("25.00", "granted")


@pytest.mark.django_db
def test_above_the_limit_it_waits_and_a_manager_approves(workspace, users):
    case = open_case(workspace)
    row = goodwill.grant(case, member(workspace, "employee"), "refund", "25.01")
    assert row.state == "pending"
    goodwill.decide(row, member(workspace, "manager"), approve=True)
    row.refresh_from_db()
    assert (row.state, row.approved_by) == ("approved", users["manager"])
    states = [e.detail["state"] for e in CaseEvent.objects.filter(case=case, kind="goodwill")]
    assert states == ["pending", "approved"]


@pytest.mark.django_db
def test_no_one_approves_their_own_grant(workspace, users):
    case = open_case(workspace)
    row = goodwill.grant(case, member(workspace, "manager"), "credit", "300")  # limit 250
    assert row.state == "pending"
    with pytest.raises(FieldError) as got:
        goodwill.decide(row, member(workspace, "manager"), approve=True)
    assert got.value.status == 403 and "own grant" in got.value.message
    goodwill.decide(row, member(workspace, "leader"), approve=False)
    row.refresh_from_db()
    assert (row.state, row.approved_by) == ("declined", users["leader"])


@pytest.mark.django_db
def test_an_employee_or_a_manager_under_the_amount_or_of_another_unit_may_not_approve(
    workspace, users
):
    case = open_case(workspace)
    row = goodwill.grant(case, member(workspace, "employee"), "refund", "500")
    for name, why in [("employee", "only a manager"), ("manager", "above your own limit")]:
        with pytest.raises(FieldError) as got:
            goodwill.decide(row, member(workspace, name), approve=True)
        assert why in got.value.message
    set_membership(workspace, "service-boss@acme.test", "manager", ["SERVICE"], PASSWORD)
    small = goodwill.grant(case, member(workspace, "employee"), "refund", "30")
    with pytest.raises(FieldError) as got:
        goodwill.decide(small, member(workspace, "service-boss"), approve=True)
    assert "unit" in got.value.message
    goodwill.decide(row, member(workspace, "leader"), approve=True)  # limit 1000
    with pytest.raises(FieldError) as got:
        goodwill.decide(row, member(workspace, "owner"), approve=False)
    assert got.value.status == 409  # decided already
    assert Goodwill.objects.get(pk=row.pk).state == "approved"


@pytest.mark.django_db
def test_the_limits_follow_the_case_settings(workspace, users):
    settings = service.settings_of(workspace)
    settings.limit_employee = Decimal("100")
    settings.save()
    case = open_case(workspace)
    assert (
        goodwill.grant(case, member(workspace, "employee"), "gesture", "99.99").state == "granted"
    )


@pytest.mark.django_db
def test_the_case_page_grants_approves_and_names_the_field_at_fault(client, workspace, users):
    case = open_case(workspace)
    url = f"/w/acme/cases/{case.number}/goodwill/"
    client.force_login(users["employee"])
    page = client.get(f"/w/acme/cases/{case.number}/")
    assert b"25.00 EUR" in page.content  # the employee's limit
    bad = client.post(url, {"kind": "refund", "amount": "12.345", "note": ""})
    assert bad.status_code == 400 and b"at most two decimals" in bad.content
    assert not Goodwill.objects.exists()
    assert client.post(url, {"kind": "refund", "amount": "40", "note": ""}).status_code == 302
    row = Goodwill.objects.get()
    assert row.state == "pending"
    decide = f"{url}{row.pk}/decide/"
    assert client.post(decide, {"decision": "approve"}).status_code == 400  # an employee
    client.force_login(users["manager"])
    assert b"Approve" in client.get(f"/w/acme/cases/{case.number}/").content
    assert client.post(decide, {"decision": "approve"}).status_code == 302
    row.refresh_from_db()
    assert (row.state, row.approved_by) == ("approved", users["manager"])
