"""Tasks that could not be pushed to Redis, kept in the database and pushed again.

``taskqueue.enqueue`` pushes a task to Redis once the caller's transaction has committed. When
Redis cannot be reached then, ``record`` keeps the call as a ``PendingPush`` row, and every
worker's heartbeat thread calls ``retry_due``: each due row is claimed by a conditional update
(so two workers never push one row twice), pushed, and deleted; a push that fails again waits
longer (``readiness.push_retry_delay_s``: 5 s doubling to a minute). The import, send or delivery
the task is for stays committed meanwhile, and its page says the queue is unreachable
(``is_waiting``).
"""

from __future__ import annotations

import json
import logging
from datetime import timedelta
from typing import Any

from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import Task

from servicegap.runtime.models import PendingPush
from servicegap.runtime.readiness import push_retry_delay_s

logger = logging.getLogger("servicegap.worker")

# A claimed row is left alone by the other workers for this long (a push takes milliseconds;
# a worker killed between its claim and the push leaves the row to be tried after this).
CLAIM_S = 30.0
BATCH = 200


def call_key(task: Task, args: tuple | list) -> str:
    return f"{task.module_path}{json.dumps(list(args), default=str)}"[:400]


def record(task: Task, args: tuple, kwargs: dict[str, Any], error: Exception) -> PendingPush:
    now = timezone.now()
    return PendingPush.objects.create(
        task=task.module_path,
        call=call_key(task, args),
        args=list(args),
        kwargs=kwargs,
        queue_name=task.queue_name,
        priority=task.priority,
        run_after=task.run_after,
        created_at=now,
        attempts=1,
        next_try_at=now + timedelta(seconds=push_retry_delay_s(1)),
        last_error=f"{type(error).__name__}: {error}"[:500],
    )


def is_waiting(task: Task, *args: Any) -> bool:
    """Whether this call is waiting for Redis to come back (for the pages to say so)."""
    return PendingPush.objects.filter(call=call_key(task, args)).exists()


def retry_due() -> tuple[int, int]:
    """Push every due pending task once; returns (pushed, failed again)."""
    pushed = failed = 0
    now = timezone.now()
    due = PendingPush.objects.filter(next_try_at__lte=now).order_by("next_try_at")
    for row in due[:BATCH]:
        claimed = PendingPush.objects.filter(pk=row.pk, next_try_at=row.next_try_at).update(
            next_try_at=now + timedelta(seconds=CLAIM_S)
        )
        if not claimed:
            continue  # another worker has it
        try:
            _task(row).enqueue(*row.args, **row.kwargs)
        except Exception as exc:  # noqa: BLE001 - still unreachable: try again later
            attempts = row.attempts + 1
            PendingPush.objects.filter(pk=row.pk).update(
                attempts=attempts,
                next_try_at=timezone.now() + timedelta(seconds=push_retry_delay_s(attempts)),
                last_error=f"{type(exc).__name__}: {exc}"[:500],
            )
            failed += 1
            continue
        PendingPush.objects.filter(pk=row.pk).delete()
        pushed += 1
    if pushed:
        logger.info("pushed %d waiting tasks to the queue", pushed)
    return pushed, failed


def _task(row: PendingPush) -> Task:
    task = import_string(row.task)
    run_after = row.run_after if row.run_after and row.run_after > timezone.now() else None
    return task.using(queue_name=row.queue_name, priority=row.priority, run_after=run_after)
