"""Recurring sends: each due schedule starts one send per period, whoever checks and how often."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.utils import timezone

from servicegap.core.models import Workspace
from servicegap.invitations.models import Schedule, Send
from servicegap.lib.cadence import next_run, period_of

AUDIENCE_FIELDS = (
    "person_kind",
    "unit_id",
    "attribute",
    "attribute_value",
    "sample_size",
    "sample_share",
    "reminder_after_days",
)


def enqueue(send: Send) -> None:
    from servicegap.invitations.tasks import deliver_send
    from servicegap.runtime import taskqueue

    taskqueue.enqueue(deliver_send, send.pk)


def start_send(workspace: Workspace, created_by: str, **fields) -> Send:
    """Create a queued send and hand it to the worker in the same transaction."""
    with transaction.atomic():
        send = Send.objects.create(workspace=workspace, created_by=created_by, **fields)
        enqueue(send)
    return send


def _zone(workspace: Workspace) -> ZoneInfo:
    try:
        return ZoneInfo(workspace.time_zone or "UTC")
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


def fire(schedule: Schedule, now: datetime) -> Send | None:
    """Start this period's send of a due schedule; None if the period has already been sent."""
    due = schedule.next_run_at
    assert due is not None
    period = period_of(schedule.cadence, due.astimezone(_zone(schedule.workspace)))
    send = None
    try:
        with transaction.atomic():
            send = Send.objects.create(
                workspace=schedule.workspace,
                survey=schedule.survey,
                schedule=schedule,
                period=period,
                created_by=f"schedule:{schedule.pk}",
                **{f: getattr(schedule, f) for f in AUDIENCE_FIELDS},
            )
            enqueue(send)
    except IntegrityError:
        send = None  # (schedule, period) is unique: this period's run exists already
    following = next_run(schedule.cadence, due, now)
    Schedule.objects.filter(pk=schedule.pk, next_run_at=due).update(
        next_run_at=following, active=following is not None
    )
    return send


def run_due(now: datetime | None = None) -> list[Send]:
    """Fire every active schedule whose next run time has come, in every workspace."""
    now = now or timezone.now()
    started = []
    for workspace in Workspace.objects.all():
        due = (
            Schedule.objects.of(workspace)
            .filter(active=True, next_run_at__lte=now)
            .select_related("workspace", "survey")
        )
        for schedule in due:
            send = fire(schedule, now)
            if send is not None:
                started.append(send)
    return started
