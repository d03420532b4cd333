"""The worker's heartbeat thread: proof of life for ``/readyz``, and the retries of pushes.

Every ``HEARTBEAT_EVERY_S`` each `servicegap worker` process touches its ``WorkerHeartbeat`` row
(with the database's clock), pushes again the tasks that could not reach Redis
(``runtime/pushes.py``) and, on Redis, restarts RQ's scheduler child when it has died (it dies
when Redis goes away; RQ itself would look only every ten minutes, and until then the dead child
is a zombie and tasks queued to run later stay in Redis's schedule).
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta
from typing import Any

from django.db import close_old_connections, connection
from django.db.models.functions import Now

from servicegap.runtime.models import WorkerHeartbeat
from servicegap.runtime.readiness import HEARTBEAT_EVERY_S

logger = logging.getLogger("servicegap.worker")

# Rows of workers that died without saying so (SIGKILL, power loss) are deleted after a day.
FORGET_AFTER = timedelta(days=1)


def beat(name: str, backend: str, queues: list[str]) -> None:
    touched = WorkerHeartbeat.objects.filter(name=name).update(seen_at=Now())
    if not touched:
        WorkerHeartbeat.objects.create(
            name=name, backend=backend, queues=",".join(queues), started_at=Now(), seen_at=Now()
        )


def forget(name: str) -> None:
    WorkerHeartbeat.objects.filter(name=name).delete()


def newest() -> tuple[float | None, int]:
    """(seconds since the newest heartbeat by the database's clock, or None when there is none;
    how many workers have beaten within the last minute)."""
    row = (
        WorkerHeartbeat.objects.annotate(now=Now())
        .order_by("-seen_at")
        .values_list("seen_at", "now")
        .first()
    )
    if row is None:
        return None, 0
    seen_at, now = row
    fresh = WorkerHeartbeat.objects.filter(seen_at__gte=Now() - timedelta(seconds=60)).count()
    return max(0.0, (now - seen_at).total_seconds()), fresh


class Heartbeat(threading.Thread):
    """A daemon thread beating until ``stop()``, which also deletes the row."""

    def __init__(
        self, name: str, backend: str, queues: list[str], every_s: float = HEARTBEAT_EVERY_S
    ) -> None:
        super().__init__(name="servicegap-heartbeat", daemon=True)
        self.worker_name, self.backend, self.queues = name, backend, queues
        self.every_s = every_s
        self.rq_worker: Any = None  # set by the RQ loop: whose scheduler child to look after
        self._stopping = threading.Event()

    def stop(self, timeout: float | None = 10.0) -> None:
        self._stopping.set()
        if self.is_alive():
            self.join(timeout)
        try:  # in the caller's thread, with its connection (the thread's own is closed)
            forget(self.worker_name)
        except Exception:  # noqa: BLE001 - the database is gone too; the row ages out
            logger.warning("could not remove the heartbeat of %s", self.worker_name)

    def run(self) -> None:
        try:
            while not self._stopping.is_set():
                close_old_connections()
                self.once()
                self._stopping.wait(self.every_s)
        finally:
            connection.close()

    def once(self) -> None:
        from servicegap.runtime import pushes

        try:
            beat(self.worker_name, self.backend, self.queues)
            WorkerHeartbeat.objects.filter(seen_at__lt=Now() - FORGET_AFTER).delete()
            if self.backend == "redis":
                pushes.retry_due()
        except Exception:  # noqa: BLE001 - e.g. the database briefly unreachable: next beat
            logger.exception("worker heartbeat failed; trying again in %.0f s", self.every_s)
        if self.rq_worker is not None:
            restart_rq_scheduler(self.rq_worker)


def restart_rq_scheduler(worker: Any) -> bool:
    """Start RQ's scheduler child again when it has died; True when it was restarted."""
    scheduler = getattr(worker, "scheduler", None)  # None: started without a scheduler
    process = getattr(scheduler, "_process", None)  # RQ's own handle on the child
    if scheduler is None or (process is not None and process.is_alive()):  # reaps a zombie
        return False
    try:
        scheduler.acquire_locks(auto_start=True)
    except Exception as exc:  # noqa: BLE001 - Redis still away: the next beat tries again
        logger.warning("RQ scheduler is down and cannot restart yet: %s", exc)
        return False
    # No lock, no child: another worker's scheduler serves the queue.
    started = scheduler._process
    restarted = started is not None and started is not process and started.is_alive()
    if restarted:
        logger.warning("RQ scheduler child (re)started as pid %s", started.pid)
    return restarted
