"""The `servicegap worker` process: the task backend's worker loop plus the scheduler thread.

On the database backend the loop is django-tasks-db's; on Redis (SERVICEGAP_TASK_BACKEND=redis)
it is an RQ worker (``servicegap.runtime.redisqueue``). The scheduler thread is the same on both: it
claims each scheduled run with a unique row in the database, so a run fires once however many
workers, on however many machines, are running.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import time

from django.conf import settings
from django_tasks_db.management.commands.db_worker import Worker

from servicegap.runtime.heartbeat import Heartbeat
from servicegap.runtime.scheduler import CHECK_INTERVAL_S, Scheduler

logger = logging.getLogger("servicegap.worker")

RESTART_DELAY_S = 5.0


def worker_id() -> str:
    return f"{socket.gethostname()[:40]}-{os.getpid()}"


def make_worker(queues: list[str], interval: float = 1.0, batch: bool = False) -> Worker:
    """django-tasks-db's own worker loop on the default (database) task backend."""
    return Worker(
        queue_names=queues,
        interval=interval,
        batch=batch,
        backend_name="default",
        startup_delay=not batch,
        max_tasks=None,
        worker_id=worker_id(),
        excluded_queue_names=[],
    )


def run_worker(
    queues: list[str],
    interval: float = 1.0,
    batch: bool = False,
    with_scheduler: bool = True,
    scheduler_interval: float = CHECK_INTERVAL_S,
    parent_pid: int | None = None,
) -> None:
    """Run tasks until SIGTERM/SIGINT (or, with ``batch``, until none is waiting).

    A signal lets a running task finish (a second one ends it); the scheduler thread stops with
    the worker. An unexpected error in the loop (database or Redis gone for a moment) restarts it.
    With ``parent_pid`` (set by `servicegap serve`) the worker also stops when that process is
    gone. ``interval`` is the database backend's polling period; an RQ worker blocks on Redis.
    """
    for name in ("django_tasks", "django_tasks_db"):
        logging.getLogger(name).setLevel(logging.INFO)
    scheduler = Scheduler(scheduler_interval) if with_scheduler and not batch else None
    # A batch run is not a serving worker: it beats no heartbeat (``/readyz`` asks for one).
    heart = None if batch else Heartbeat(worker_id(), settings.TASK_BACKEND, queues)
    if parent_pid:
        watch_parent(parent_pid)
    for thread in (scheduler, heart):
        if thread is not None:
            thread.start()
    try:
        if settings.TASK_BACKEND == "redis":
            run_rq_worker(queues, batch, heart)
        else:
            run_db_worker(queues, interval, batch)
    finally:
        for thread in (scheduler, heart):
            if thread is not None:
                thread.stop()


def run_db_worker(queues: list[str], interval: float, batch: bool) -> None:
    worker = make_worker(queues, interval, batch)
    worker.configure_signals()
    try:
        while worker.running:
            try:
                worker.run()
                return
            except Exception:  # noqa: BLE001 - keep serving; the error is logged
                logger.exception("worker loop failed; restarting in %.0f s", RESTART_DELAY_S)
                time.sleep(RESTART_DELAY_S)
    finally:
        worker.reset_signals()


def run_rq_worker(queues: list[str], batch: bool, heart: Heartbeat | None = None) -> None:
    """RQ's loop (it handles SIGTERM/SIGINT itself while it runs); between a failure and the
    restart our own handler lets a signal stop the worker at once. The heartbeat thread looks
    after the RQ scheduler child of the current loop."""
    from servicegap.runtime import redisqueue

    stopping = threading.Event()
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}

    def stop(signum: int, frame: object) -> None:
        stopping.set()

    try:
        while not stopping.is_set():
            worker = redisqueue.make_worker(queues)
            if heart is not None:
                heart.rq_worker = worker
            try:
                # RQ's own scheduler (a child process) only moves deferred tasks (run_after) to
                # their queue; scheduled jobs are ours, in the thread beside this loop.
                worker.work(burst=batch, with_scheduler=not batch, logging_level="INFO")
            except Exception:  # noqa: BLE001 - Redis unreachable: retry, or fail a batch run
                if batch:
                    raise
                logger.exception("RQ worker failed; restarting in %.0f s", RESTART_DELAY_S)
            if batch or worker.stop_requested:
                return
            for sig in previous:
                signal.signal(sig, stop)
            logger.warning("RQ worker loop ended; restarting in %.0f s", RESTART_DELAY_S)
            stopping.wait(RESTART_DELAY_S)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def watch_parent(parent_pid: int, every_s: float = 1.0) -> threading.Thread:
    """SIGTERM ourselves once the parent process is gone, so a killed server leaves no orphan."""

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(every_s)
        logger.warning("server process %s is gone; stopping the worker", parent_pid)
        os.kill(os.getpid(), signal.SIGTERM)

    thread = threading.Thread(target=watch, name="servicegap-parent-watch", daemon=True)
    thread.start()
    return thread
