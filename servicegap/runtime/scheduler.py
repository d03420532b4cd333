"""The scheduler loop: runs in a thread of each `servicegap worker` process.

Every ``interval`` seconds it looks which jobs of ``servicegap.runtime.schedule`` are due and tries to
*claim* each due run by inserting its ``ScheduledRun`` row, unique on (job, due_at). Only the
process whose insert commits runs the job; every other worker gets an IntegrityError and skips
it, so a run fires once however many workers there are. After a pause (no worker running) only
the most recent missed run of a job fires, not every one missed.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime

from django.db import IntegrityError, close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from servicegap.core.models import ScheduledRun
from servicegap.runtime import schedule

logger = logging.getLogger("servicegap.scheduler")

CHECK_INTERVAL_S = 30.0
OUTCOME_MAX = 2000


def claim(job_name: str, due_at: datetime) -> ScheduledRun | None:
    """The new run if this process got it; None if another process already has it."""
    # The read avoids a failed insert (and a server-side error log) on every check after the
    # run was claimed; the unique insert below is what decides between racing processes.
    if ScheduledRun.objects.filter(job=job_name, due_at=due_at).exists():
        return None
    return insert_claim(job_name, due_at)


def insert_claim(job_name: str, due_at: datetime) -> ScheduledRun | None:
    try:
        with transaction.atomic():
            return ScheduledRun.objects.create(job=job_name, due_at=due_at)
    except IntegrityError:
        return None


def execute(job: schedule.Job, run: ScheduledRun) -> ScheduledRun:
    """Run a claimed job and record its outcome; a failure is recorded, never raised."""
    try:
        target = import_string(job.target)
        result = target.call() if hasattr(target, "call") else target()
        run.outcome = f"ok: {result}" if result is not None else "ok"
    except Exception as exc:  # noqa: BLE001 - one failing job must not stop the scheduler
        logger.exception("scheduled job %s (due %s) failed", job.name, run.due_at)
        run.outcome = f"failed: {type(exc).__name__}: {exc}"
    run.outcome = run.outcome[:OUTCOME_MAX]
    run.finished_at = timezone.now()
    # An update, not save(): a pruning job may have deleted old records, this one included.
    ScheduledRun.objects.filter(pk=run.pk).update(outcome=run.outcome, finished_at=run.finished_at)
    return run


def tick(now: datetime | None = None) -> list[ScheduledRun]:
    """Claim and run every due job once; returns the runs this process executed."""
    now = now or timezone.now()
    done = []
    for job, due_at in schedule.due(now):
        run = claim(job.name, due_at)
        if run is not None:
            logger.info("running scheduled job %s due %s", job.name, due_at.isoformat())
            done.append(execute(job, run))
    return done


class Scheduler(threading.Thread):
    """A daemon thread calling ``tick`` every ``interval`` seconds until ``stop()``."""

    def __init__(self, interval: float = CHECK_INTERVAL_S) -> None:
        super().__init__(name="servicegap-scheduler", daemon=True)
        self.interval = interval
        self._stopping = threading.Event()

    def stop(self, timeout: float | None = 10.0) -> None:
        self._stopping.set()
        if self.is_alive() and threading.current_thread() is not self:
            self.join(timeout)

    def run(self) -> None:
        try:
            while not self._stopping.is_set():
                close_old_connections()
                try:
                    tick()
                except Exception:  # noqa: BLE001 - e.g. database briefly unreachable: retry
                    logger.exception("scheduler tick failed; retrying in %ss", self.interval)
                self._stopping.wait(self.interval)
        finally:
            connection.close()
