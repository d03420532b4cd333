"""Background tasks of the core app (django-tasks; run by `servicegap worker`).

Each task can be enqueued (``prune_task_results.enqueue()``) or run inline (``.call()``); the
scheduler runs the housekeeping ones on their cadence (``servicegap.core.schedule``).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

SCHEDULED_RUN_RETENTION_DAYS = 90


@task()
def prune_task_results() -> str:
    """Delete finished background-task results older than SERVICEGAP_TASK_RETENTION_DAYS."""
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - timedelta(days=settings.TASK_RETENTION_DAYS)
    deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    return f"deleted {deleted} task results finished before {cutoff:%Y-%m-%d %H:%M} UTC"


@task()
def prune_scheduled_runs() -> str:
    """Delete the record of scheduled runs older than 90 days."""
    from servicegap.core.models import ScheduledRun

    cutoff = timezone.now() - timedelta(days=SCHEDULED_RUN_RETENTION_DAYS)
    deleted, _ = ScheduledRun.objects.filter(due_at__lt=cutoff).delete()
    return f"deleted {deleted} scheduled runs due before {cutoff:%Y-%m-%d}"
