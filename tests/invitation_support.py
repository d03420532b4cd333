"""Factories for the invitation tests: a published survey, people with addresses, the worker."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone


def make_survey(workspace, code: str = "PULSE"):
    from servicegap.surveys.models import Question, Survey

    survey = Survey.objects.create(
        workspace=workspace,
        code=code,
        title="Service pulse",
        status="published",
        perspective="customer",
        scale_max=5,
    )
    Question.objects.create(
        workspace=workspace,
        survey=survey,
        code=f"{code}_CSAT",
        kind="csat",
        text={"en": "How satisfied are you with our service?"},
        required=True,
        position=1,
    )
    Question.objects.create(
        workspace=workspace,
        survey=survey,
        code=f"{code}_WHY",
        kind="text",
        text={"en": "What could we do better?"},
        position=2,
    )
    return survey


def make_people(workspace, count: int = 3, kind: str = "customer", unit=None):
    from servicegap.people.models import Person

    return [
        Person.objects.create(
            workspace=workspace,
            code=f"{kind[0].upper()}{i}",
            name=f"{kind.capitalize()} {i}",
            kind=kind,
            unit=unit,
            email=f"{kind}{i}@example.test",
        )
        for i in range(1, count + 1)
    ]


def send_now(workspace, survey, **audience):
    """Create a send and run it inline, as the worker would."""
    from servicegap.invitations.delivery import deliver
    from servicegap.invitations.models import Send

    send = Send.objects.create(workspace=workspace, survey=survey, created_by="test", **audience)
    deliver(send.pk)
    send.refresh_from_db()
    return send


def run_worker(monkeypatch) -> None:
    """The real worker loop until the queue is empty (as tests/runtime/test_scheduler.py does)."""
    from django_tasks_db.management.commands import db_worker

    from servicegap.runtime.worker import make_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    make_worker(["default"], interval=0, batch=True).run()


def persona_samples(workspace) -> dict:
    """URL samples for the persona matrix: a send, a schedule and a live invitation token."""
    from servicegap.invitations.models import Invitation, Schedule, Send, new_token
    from servicegap.people.models import Person

    survey = make_survey(workspace, "PERSONA")
    person = Person.objects.create(
        workspace=workspace, code="PERSONA1", kind="customer", email="persona1@example.test"
    )
    send = Send.objects.create(workspace=workspace, survey=survey, state="done")
    schedule = Schedule.objects.create(
        workspace=workspace, name="Monthly", survey=survey, cadence="monthly"
    )
    raw, digest = new_token()
    Invitation.objects.create(
        workspace=workspace,
        send=send,
        survey=survey,
        person=person,
        email=person.email,
        token_hash=digest,
        state="sent",
        sent_at=timezone.now(),
        expires_at=timezone.now() + timedelta(days=30),
    )
    return {"send_id": send.pk, "schedule_id": schedule.pk, "token": raw}
