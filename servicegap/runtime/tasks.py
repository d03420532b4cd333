"""The runtime's own background tasks (django-tasks; run by `servicegap worker`): pruning the
task results and the record of scheduled runs, and requeueing stalled work on Redis.

Each task can be enqueued (``prune_task_results.enqueue()``) or run inline (``.call()``); the
scheduler runs them on their cadence (``servicegap.runtime.apps``, ``servicegap.runtime.schedule``).
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


STALLED_AFTER = timedelta(minutes=15)


@task()
def requeue_stalled() -> str:
    """Redis backend: queue again each import and invitation send still waiting 15 minutes after
    it was created with no job for it in the queue: its push to Redis was lost (Redis unreachable
    at the commit, or the process ended between the commit and the push). Both tasks begin by
    claiming their row, so a push that was not lost after all runs once anyway. Nothing to do on
    the database backend, where the task row commits with the row it is for."""
    if settings.TASK_BACKEND != "redis":
        return "nothing to do: database-backend tasks commit with their rows"
    from servicegap.imports.models import ImportJob
    from servicegap.imports.tasks import run_import_job
    from servicegap.invitations.models import Send, SendState
    from servicegap.invitations.tasks import deliver_send
    from servicegap.runtime import redisqueue

    cutoff = timezone.now() - STALLED_AFTER
    waiting = redisqueue.waiting_calls(settings.TASK_QUEUES)
    stalled = [
        (run_import_job, pk)
        for pk in ImportJob.objects.filter(
            state=ImportJob.State.QUEUED, created_at__lt=cutoff
        ).values_list("pk", flat=True)
    ] + [
        (deliver_send, pk)
        for pk in Send.objects.filter(state=SendState.QUEUED, created_at__lt=cutoff).values_list(
            "pk", flat=True
        )
    ]
    again = [(t, pk) for t, pk in stalled if (t.module_path, (pk,)) not in waiting]
    for t, pk in again:
        t.enqueue(pk)
    return f"queued {len(again)} stalled imports and sends again"
