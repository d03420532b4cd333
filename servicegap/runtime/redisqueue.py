"""The Redis task backend (SERVICEGAP_TASK_BACKEND=redis): RQ through django-tasks-rq.

Imported only when that backend is configured, so the `redis` extra stays optional.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage
from django.db import close_old_connections
from django_rq.queues import DjangoRQ, get_queues
from django_tasks_rq import Job, RQBackend
from rq.worker import SimpleWorker

logger = logging.getLogger("servicegap.worker")


class RedisBackend(RQBackend):
    """django-tasks-rq's backend without its demand for the ``django_rq`` app.

    That app only adds an admin page, and its migrations would make a backup taken on Redis
    unrestorable on a database-backend installation; django-rq's queues need nothing but the
    ``RQ_QUEUES`` setting.
    """

    def check(self, **kwargs: Any) -> Iterable[CheckMessage]:
        for message in super().check(**kwargs):
            if "django_rq app not installed" not in message.msg:
                yield message


class Queue(DjangoRQ):
    """django-rq's queue, keeping finished and failed jobs for SERVICEGAP_TASK_RETENTION_DAYS
    (RQ's own defaults: 8 minutes and a year)."""

    def create_job(self, *args: Any, **kwargs: Any) -> Any:
        keep = settings.TASK_RETENTION_DAYS * 86400
        for name in ("result_ttl", "failure_ttl"):
            if kwargs.get(name) is None:
                kwargs[name] = keep
        return super().create_job(*args, **kwargs)


class Worker(SimpleWorker):
    """RQ's worker running each job inside the worker process (no fork per job), as
    django-tasks-db's loop does, so the scheduler thread beside it and the child handling of
    `servicegap serve` stay the same on both backends. The database connection is renewed around
    each job, as that loop does too; the job timeout (``RQ_QUEUES[...]["DEFAULT_TIMEOUT"]``, by
    SIGALRM) still applies."""

    stop_requested = False
    # RQ waits up to a minute between tries to reach Redis again; 10 s keeps a task from waiting
    # long after Redis is back (the pushes kept in the database arrive within the minute too).
    max_connection_wait_time = 10.0

    def execute_job(self, job: Any, queue: Any) -> None:
        close_old_connections()
        try:
            super().execute_job(job, queue)
        finally:
            close_old_connections()

    def _install_signal_handlers(self) -> None:
        super()._install_signal_handlers()
        # From here a SIGTERM lets the running job finish (RQ logs its start earlier than this).
        logger.info("RQ worker %s taking tasks from %s", self.name, ",".join(self.queue_names()))

    def request_stop(self, signum: Any, frame: Any) -> None:
        self.stop_requested = True
        super().request_stop(signum, frame)


def make_worker(queues: list[str]) -> Worker:
    """An RQ worker on the named queues ('*': every configured queue)."""
    names = sorted(settings.RQ_QUEUES) if "*" in queues else queues
    found = get_queues(*names, job_class=Job)
    return Worker(found, connection=found[0].connection, job_class=Job, queue_class=type(found[0]))


def waiting_calls(queues: list[str]) -> set[tuple[str | None, tuple]]:
    """(task path, args) of every job waiting in the named queues."""
    calls = set()
    for queue in get_queues(*queues, job_class=Job):
        for job in Job.fetch_many(queue.get_job_ids(), connection=queue.connection):
            if job is not None:
                calls.add((job.func_name, tuple(job.args)))
    return calls
