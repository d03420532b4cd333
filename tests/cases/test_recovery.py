"""The recovery survey: closing a case queues it (the real worker sends it to a real SMTP
server), the customer answers once, and the answer marks them saved (cases/recovery.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from servicegap.cases import service
from servicegap.cases.models import Case, CaseEvent, CaseLink
from servicegap.cases.outcome import outcome
from servicegap.cases.recovery import deliver, sweep_recovery
from servicegap.people.models import Person, Unit
from tests.cases.test_reply import link_path
from tests.invitation_support import run_worker
from tests.mail_support import smtp  # noqa: F401 - the fixture


def open_case(ws, contact="ann@example.com"):
    customer = Person.objects.create(workspace=ws, code="ANN", kind="customer")
    return service.open_case(
        ws, trigger="complaint", severity="normal", unit=Unit.objects.of(ws).get(code="SALES"),
        contact=contact, customer=customer, title="Complaint: the car was not ready",
    )  # fmt: skip


def close(case, user, django_capture_on_commit_callbacks, monkeypatch):
    with django_capture_on_commit_callbacks(execute=True):
        service.close(case, actor=user, resolution="Car delivered, wash on us.")
    run_worker(monkeypatch)
    case.refresh_from_db()


def recovery_lines(case):
    return list(CaseEvent.objects.filter(case=case, kind="recovery").order_by("id"))


@pytest.mark.django_db(transaction=True)
def test_closing_sends_the_survey_once_and_the_answer_saves_the_customer(
    client,
    workspace,
    users,
    smtp,  # noqa: F811
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    case = open_case(workspace)
    close(case, users["employee"], django_capture_on_commit_callbacks, monkeypatch)
    [message] = smtp.to("ann@example.com")
    assert message["Subject"] == "Acme Motors: did we put it right?"
    assert "Did we put it right?" in message.get_content()
    assert case.recovery_sent_at is not None and case.recovery_sent_at >= case.closed_at
    assert CaseLink.objects.get().purpose == "recovery"
    assert "already sent" in deliver(case.pk, case.closed_at.isoformat())
    assert len(smtp.messages) == 1  # a second delivery for the same closing sends nothing

    path = link_path(message)
    page = client.get(path)
    assert page.status_code == 200 and b"Did we put it right?" in page.content
    bad = client.post(path, {"answer": "6"})
    assert bad.status_code == 422 and b"from 1 to 5" in bad.content
    assert client.post(path, {"answer": "5", "nps": "11"}).status_code == 422
    assert client.post(path, {"answer": "5", "nps": "9"}).status_code == 200
    case.refresh_from_db()
    assert (case.recovery_answer, case.recovery_nps) == (5, 9)
    assert case.recovery_answered_at is not None
    assert recovery_lines(case)[-1].actor_label == "customer"
    assert outcome(case) == "saved"
    again = client.post(path, {"answer": "1"})
    assert again.status_code == 409 and b"This link has been used" in again.content
    case.refresh_from_db()
    assert case.recovery_answer == 5


@pytest.mark.django_db(transaction=True)
def test_an_expired_recovery_link_stores_nothing(
    client,
    workspace,
    users,
    smtp,  # noqa: F811
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    case = open_case(workspace)
    close(case, users["owner"], django_capture_on_commit_callbacks, monkeypatch)
    CaseLink.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    assert client.post(link_path(smtp.messages[0]), {"answer": "4"}).status_code == 410
    case.refresh_from_db()
    assert case.recovery_answer is None


@pytest.mark.django_db(transaction=True)
def test_no_contact_no_survey_logged_once_per_closing(
    workspace,
    users,
    smtp,  # noqa: F811
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    case = open_case(workspace, contact="")
    close(case, users["owner"], django_capture_on_commit_callbacks, monkeypatch)
    deliver(case.pk, case.closed_at.isoformat())  # a duplicate delivery logs nothing more
    sweep_recovery.call()
    run_worker(monkeypatch)
    [line] = recovery_lines(case)
    assert "no e-mail address" in line.text and line.detail["sent"] is False
    assert smtp.messages == [] and case.recovery_sent_at is None


@pytest.mark.django_db(transaction=True)
def test_a_reopened_case_closed_again_sends_a_new_survey(
    workspace,
    users,
    smtp,  # noqa: F811
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    case = open_case(workspace)
    close(case, users["owner"], django_capture_on_commit_callbacks, monkeypatch)
    service.reopen(case, actor=users["owner"])
    close(case, users["owner"], django_capture_on_commit_callbacks, monkeypatch)
    assert len(smtp.to("ann@example.com")) == 2
    assert CaseLink.objects.filter(purpose="recovery").count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_mail_server_that_is_down_is_tried_again_by_the_sweep(
    workspace,
    users,
    settings,
    smtp,  # noqa: F811
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = 1  # nothing listens there
    case = open_case(workspace)
    close(case, users["owner"], django_capture_on_commit_callbacks, monkeypatch)
    assert case.recovery_sent_at is None and not CaseLink.objects.exists()
    assert "could not be sent" in recovery_lines(case)[0].text
    settings.EMAIL_PORT = port
    assert sweep_recovery.call() == "1 recovery surveys queued again"
    run_worker(monkeypatch)
    assert len(smtp.to("ann@example.com")) == 1
    assert Case.objects.get(pk=case.pk).recovery_sent_at is not None
