"""The `servicegap worker` process: django-tasks-db's worker loop plus the scheduler thread."""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import time

from django_tasks_db.management.commands.db_worker import Worker

from servicegap.core.scheduler import CHECK_INTERVAL_S, Scheduler

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
    the worker. An unexpected error in the loop (database gone for a moment) restarts it. With
    ``parent_pid`` (set by `servicegap serve`) the worker also stops when that process is gone.
    """
    for name in ("django_tasks", "django_tasks_db"):
        logging.getLogger(name).setLevel(logging.INFO)
    worker = make_worker(queues, interval, batch)
    scheduler = Scheduler(scheduler_interval) if with_scheduler and not batch else None
    if parent_pid:
        watch_parent(parent_pid)
    worker.configure_signals()
    if scheduler is not None:
        scheduler.start()
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
        if scheduler is not None:
            scheduler.stop()


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
