"""Background tasks of invitations (django-tasks; run by `servicegap worker`)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from servicegap.core.models import Workspace


@task()
def deliver_send(send_id: int) -> str:
    """Send the invitations of one send (queued by a page or a schedule)."""
    from servicegap.invitations.delivery import deliver

    return deliver(send_id)


@task()
def run_invitation_schedules() -> str:
    """The hourly job: start the sends of due schedules, then send due reminders."""
    from servicegap.invitations.delivery import send_reminders
    from servicegap.invitations.schedules import run_due

    now = timezone.now()
    started = run_due(now)
    reminded = sum(send_reminders(ws, now) for ws in Workspace.objects.all())
    return f"{len(started)} scheduled sends started, {reminded} reminders sent"
