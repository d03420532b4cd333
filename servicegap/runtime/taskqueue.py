"""Where background tasks wait: the database (default) or a Redis queue (SERVICEGAP_TASK_BACKEND).

``database``: a task is a row of django-tasks-db's table, written in the caller's transaction, and
`servicegap worker` runs django-tasks-db's worker loop. Nothing else to run; right for one machine.

``redis``: a task is an RQ job in Redis (django-tasks-rq; ``servicegap.runtime.redisqueue``), and
`servicegap worker` runs an RQ worker; any number of workers on any number of machines take from
the one queue. Redis is not part of the database transaction, so ``enqueue`` below pushes the job
only once the caller's transaction has committed (a worker must never look for a row that is not
there yet, or that was rolled back). A push that fails (Redis unreachable) is kept in the
database and pushed again by the workers within about a minute of Redis answering
(``servicegap.runtime.pushes``); the hourly ``requeue_stalled`` job (``servicegap.runtime.tasks``)
still catches the rarer loss, a process ending between the commit and the push.

Callers queue work with ``enqueue`` from here (not ``Task.enqueue``), so they never need to know
which backend runs.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django_tasks.base import Task

logger = logging.getLogger("servicegap.worker")


def enqueue(task: Task, *args: Any, **kwargs: Any) -> None:
    """Queue ``task(*args, **kwargs)`` for the worker, in step with the caller's transaction.

    On the database backend the task row is written in the open transaction, so it commits or
    rolls back with the caller's rows. On Redis the push waits for the commit (at once outside a
    transaction); if Redis cannot be reached then, the caller's work stays committed and the call
    is kept as a ``PendingPush`` row that the workers push again (``runtime/pushes.py``).
    """
    if settings.TASK_BACKEND == "database":
        task.enqueue(*args, **kwargs)
        return

    def push() -> None:
        try:
            task.enqueue(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - the caller's rows are committed: keep the call
            logger.warning(
                "could not queue %s%r on Redis (%s); it is pushed again once Redis answers",
                task.module_path,
                args,
                exc,
            )
            try:
                from servicegap.runtime import pushes

                pushes.record(task, args, kwargs, exc)
            except Exception:  # noqa: BLE001 - the database too: requeue_stalled is left
                logger.exception("could not record the waiting task %s%r", task.module_path, args)

    transaction.on_commit(push)
