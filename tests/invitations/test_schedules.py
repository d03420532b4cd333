"""Recurring schedules: the hourly job starts one send per period, run by the worker."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.invitation_support import make_people, make_survey, run_worker
from tests.mail_support import smtp  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def _schedule(workspace, cadence="monthly", **fields):
    from servicegap.invitations.models import Schedule

    return Schedule.objects.create(
        workspace=workspace,
        name="Monthly pulse",
        survey=make_survey(workspace),
        cadence=cadence,
        next_run_at=timezone.now() - timedelta(hours=1),
        **fields,
    )


def test_the_hourly_invitation_job_is_registered():
    from servicegap.runtime import schedule

    job = {j.name: j for j in schedule.jobs()}["invitation_schedules"]
    assert job.cadence == schedule.hourly(5)
    assert job.target == "servicegap.invitations.tasks.run_invitation_schedules"


def test_a_schedule_fires_once_per_period_even_if_the_job_runs_twice(workspace):
    from servicegap.invitations.models import Schedule, Send
    from servicegap.invitations.schedules import fire, run_due

    schedule = _schedule(workspace)
    due = schedule.next_run_at
    now = timezone.now()
    assert len(run_due(now)) == 1
    assert run_due(now) == []  # the job ran again (a second worker, the next hour)
    schedule.refresh_from_db()
    assert schedule.next_run_at > now and schedule.active
    # A worker that read the schedule before it moved on still cannot start the period again.
    stale = Schedule.objects.get(pk=schedule.pk)
    stale.next_run_at = due
    assert fire(stale, now) is None
    assert Send.objects.filter(schedule=schedule).count() == 1
    send = Send.objects.get()
    assert send.period == f"{due:%Y-%m}" and send.state == "queued"


def test_a_once_schedule_runs_one_time_and_then_finishes(workspace):
    from servicegap.invitations.schedules import run_due

    schedule = _schedule(workspace, cadence="once")
    assert len(run_due()) == 1
    schedule.refresh_from_db()
    assert schedule.next_run_at is None and not schedule.active
    assert run_due(timezone.now() + timedelta(days=400)) == []


def test_a_paused_schedule_does_not_fire(workspace):
    from servicegap.invitations.schedules import run_due

    _schedule(workspace, active=False)
    assert run_due() == []


def test_the_worker_runs_the_scheduled_send_and_mails_a_sample(smtp, workspace, monkeypatch):  # noqa: F811
    from servicegap.invitations.models import Send
    from servicegap.invitations.tasks import run_invitation_schedules

    make_people(workspace, 10)
    _schedule(workspace, sample_share=30, reminder_after_days=5)
    outcome = run_invitation_schedules.call()
    assert outcome.startswith("1 scheduled sends started")
    run_worker(monkeypatch)
    send = Send.objects.get()
    assert (send.state, send.planned, send.sent) == ("done", 3, 3)
    assert len(smtp.messages) == 3 and send.reminder_after_days == 5
    assert run_invitation_schedules.call().startswith("0 scheduled sends started")
