"""Past-due cases escalate to the unit's manager, then to the manager above, by e-mail through a
real SMTP server (cases/sla.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from servicegap.accounts.services import set_membership
from servicegap.cases import service
from servicegap.cases.models import CaseEvent
from servicegap.cases.sla import escalate_due
from servicegap.people.models import Unit
from servicegap.runtime.schedule import jobs
from tests.case_support import open_case
from tests.conftest import PASSWORD
from tests.mail_support import smtp  # noqa: F401 - the fixture


def escalations(case) -> list[dict]:
    return [e.detail for e in CaseEvent.objects.filter(case=case, kind="escalated")]


@pytest.mark.django_db
def test_a_breached_case_escalates_to_the_units_manager_then_to_the_parents(
    workspace,
    users,
    smtp,  # noqa: F811
):
    set_membership(workspace, "boss@acme.test", "manager", ["HQ"], PASSWORD)
    sales = Unit.objects.get(workspace=workspace, code="SALES")
    now = timezone.now()
    case = open_case(workspace, unit=sales, at=now - timedelta(hours=71))  # due in an hour
    assert escalate_due(now) == 0 and smtp.messages == []

    assert escalate_due(now + timedelta(hours=2)) == 1
    [mail] = smtp.messages
    assert mail["To"] == "manager@acme.test"
    assert f"Case {case.number} is past its due time" in mail["Subject"]
    assert f"/w/acme/cases/{case.number}/" in mail.get_content()
    case.refresh_from_db()
    assert case.escalation == 1
    assert escalations(case) == [{"level": 1, "unit": "SALES", "to": ["manager@acme.test"]}]

    assert escalate_due(now + timedelta(hours=3)) == 0  # no second mail for the same step
    assert escalate_due(now + timedelta(hours=74)) == 1  # one more SLA period (72 h)
    assert [m["To"] for m in smtp.messages] == ["manager@acme.test", "boss@acme.test"]
    case.refresh_from_db()
    assert case.escalation == 2
    assert escalations(case)[1] == {"level": 2, "unit": "HQ", "to": ["boss@acme.test"]}
    assert escalate_due(now + timedelta(days=30)) == 0  # two steps, then no more


@pytest.mark.django_db
def test_a_closed_case_never_escalates(workspace, users, smtp):  # noqa: F811
    sales = Unit.objects.get(workspace=workspace, code="SALES")
    case = open_case(workspace, unit=sales, at=timezone.now() - timedelta(days=10))
    service.close(case, actor=users["manager"], resolution="Called back.")
    assert escalate_due() == 0 and smtp.messages == []


@pytest.mark.django_db
def test_a_case_without_a_manager_above_goes_to_the_owners_once(workspace, users, smtp):  # noqa: F811
    case = open_case(workspace, at=timezone.now() - timedelta(days=10))  # triage, far past due
    assert escalate_due() == 2  # both steps are due; the owners are told once
    assert [m["To"] for m in smtp.messages] == ["owner@acme.test"]
    assert [d["to"] for d in escalations(case)] == [["owner@acme.test"], []]


@pytest.mark.django_db
def test_the_worker_checks_every_minute():
    job = next(j for j in jobs() if j.name == "escalate_cases")
    assert str(job.cadence) == "every minute"
    assert job.target == "servicegap.cases.tasks.escalate"
