"""The case pages: the list and its figures, one case with its actions and log, the settings;
and who sees which cases (a manager: their units' only)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from servicegap.cases.models import Case, CaseEvent, CaseRule, CaseSettings
from servicegap.core.models import Workspace
from tests.case_support import case_of, complaint


def kinds(case) -> list[str]:
    return list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))


@pytest.mark.django_db
def test_the_list_shows_a_manager_the_cases_of_their_units_only(login, workspace):
    sales = case_of(complaint(workspace, unit="SALES", text="Sales were rude"))
    complaint(workspace, unit="SERVICE", text="Service was slow")
    complaint(workspace, text="Nobody knows where")  # the triage queue
    page = login("owner").get("/w/acme/cases/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "Sales were rude" in body and "Service was slow" in body and "Nobody knows" in body
    assert "past due" in body and "triage" in body  # the sentence on the figures
    body = login("manager").get("/w/acme/cases/").content.decode()
    assert "Sales were rude" in body
    assert "Service was slow" not in body and "Nobody knows" not in body
    assert login("manager").get(f"/w/acme/cases/{sales.number}/").status_code == 200
    other = Case.objects.get(unit__code="SERVICE")
    assert login("manager").get(f"/w/acme/cases/{other.number}/").status_code == 404
    assert login("employee").get(f"/w/acme/cases/{other.number}/").status_code == 404
    triage = Case.objects.get(unit__isnull=True)
    assert login("manager").get(f"/w/acme/cases/{triage.number}/").status_code == 404
    assert login("leader").get(f"/w/acme/cases/{triage.number}/").status_code == 200
    assert login("outsider").get("/w/acme/cases/").status_code == 404
    # Asking the list for another unit's cases is refused before the view runs.
    assert login("manager").get("/w/acme/cases/?unit=SERVICE").status_code == 404


@pytest.mark.django_db
def test_the_list_filters_and_refuses_a_bad_filter(login, workspace):
    complaint(workspace, unit="SALES", text="Sales were rude")
    complaint(workspace, unit="SERVICE", text="Service was slow")
    client = login("owner")
    body = client.get("/w/acme/cases/?unit=SERVICE&status=new").content.decode()
    assert "Service was slow" in body and "Sales were rude" not in body
    assert "No case matches" in client.get("/w/acme/cases/?status=closed").content.decode()
    assert client.get("/w/acme/cases/?severity=urgent").status_code == 400
    mine = client.get("/w/acme/cases/?mine=on").content.decode()
    assert "No case matches" in mine


@pytest.mark.django_db
def test_the_case_page_shows_what_the_customer_said_and_how_to_reach_them(login, workspace):
    case = case_of(complaint(workspace, unit="SALES", text="The car was dirty."))
    body = login("employee").get(f"/w/acme/cases/{case.number}/").content.decode()
    assert "The car was dirty." in body
    assert "No way to reply" in body
    fb = complaint(workspace, unit="SALES", contact="ann@example.com", consent=True)
    body = login("employee").get(f"/w/acme/cases/{case_of(fb).number}/").content.decode()
    assert "ann@example.com" in body


@pytest.mark.django_db
def test_every_action_on_the_page_is_logged(login, workspace, users):
    case = case_of(complaint(workspace))  # triage
    client = login("leader")
    url = f"/w/acme/cases/{case.number}/"
    assert client.post(url + "move/", {"unit": "SALES"}).status_code == 302
    assert client.post(url + "assign/", {"owner": users["employee"].pk}).status_code == 302
    assert client.post(url + "severity/", {"severity": "high"}).status_code == 302
    assert client.post(url + "status/", {"status": "waiting"}).status_code == 302
    assert client.post(url + "note/", {"text": "Rang twice, no answer."}).status_code == 302
    assert (
        client.post(url + "status/", {"status": "closed", "resolution": "Fixed"}).status_code == 302
    )
    assert client.post(url + "status/", {"status": "open"}).status_code == 302  # reopen
    case.refresh_from_db()
    assert (case.unit.code, case.owner, case.severity, case.status) == (
        "SALES", users["employee"], "high", "open",
    )  # fmt: skip
    assert case.resolution == "Fixed" and case.closed_at is None
    assert kinds(case) == [
        "opened", "unit", "owner", "status", "severity", "status", "note", "status", "status",
    ]  # fmt: skip
    events = CaseEvent.objects.filter(case=case)
    assert {e.actor_label for e in events[1:]} == {"leader@acme.test"}
    body = client.get(url).content.decode()
    assert "Rang twice, no answer." in body and "Internal note" in body


@pytest.mark.django_db
def test_a_refused_action_shows_its_error_and_changes_nothing(login, workspace, users):
    case = case_of(complaint(workspace, unit="SALES"))
    url = f"/w/acme/cases/{case.number}/"
    client = login("manager")
    r = client.post(url + "note/", {"text": ""})
    assert r.status_code == 400 and "This field is required" in r.content.decode()
    r = client.post(url + "assign/", {"owner": users["outsider"].pk})  # not a member
    assert r.status_code == 400
    assert client.post(url + "move/", {"unit": "SERVICE"}).status_code == 400  # not theirs
    assert client.get(url + "note/").status_code == 405
    assert kinds(case) == ["opened"]


@pytest.mark.django_db
def test_the_owner_sets_rules_service_levels_currency_limits_and_horizon(login, workspace):
    form = {
        "rule_complaint": "on", "severity_complaint": "high",
        "severity_detractor": "normal",  # detractor off: its box left unticked
        "rule_misery": "on", "severity_misery": "high",
        "rule_reply": "on", "severity_reply": "low",
        "sla_high_hours": "8", "sla_normal_hours": "48", "sla_low_hours": "120",
        "currency": "gbp", "limit_employee": "30", "limit_manager": "300",
        "limit_leader": "900", "limit_owner": "2000", "recovery_horizon_days": "90",
    }  # fmt: skip
    client = login("owner")
    assert client.get("/w/acme/cases/settings/").status_code == 200
    assert client.post("/w/acme/cases/settings/", form).status_code == 302
    rules = {r.trigger: (r.enabled, r.severity) for r in CaseRule.objects.all()}
    assert rules["detractor"] == (False, "normal") and rules["complaint"] == (True, "high")
    s = CaseSettings.objects.get(workspace=workspace)
    assert (s.sla_high_hours, s.limit_employee, s.recovery_horizon_days) == (8, Decimal(30), 90)
    assert Workspace.objects.get(pk=workspace.pk).currency == "GBP"
    case = case_of(complaint(workspace))
    assert (case.severity, (case.due_at - case.opened_at).total_seconds()) == ("high", 8 * 3600)
    bad = client.post("/w/acme/cases/settings/", {**form, "currency": "XYZ", "sla_low_hours": "7"})
    assert bad.status_code == 400 and "is not an ISO 4217 currency code" in bad.content.decode()
    assert Workspace.objects.get(pk=workspace.pk).currency == "GBP"
    assert login("leader").get("/w/acme/cases/settings/").status_code == 404
