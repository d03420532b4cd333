"""The checks behind ``/readyz`` and `servicegap status`: the database, the task backend (Redis
when it is used) and the workers' heartbeat. ``readiness.verdict`` turns them into the answer.

``/healthz`` stays the cheap liveness check (the database answers); this one tells whether the
installation does its work: a web server whose tasks nobody runs is alive but not ready.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Min
from django.utils import timezone

from servicegap.runtime import readiness

# When this web server's code was loaded: `servicegap serve` loads it once before forking its
# web workers, so a recycled web worker does not start the grace minute again.
LOADED_AT = time.monotonic()
REDIS_TIMEOUT_S = 2.0


def uptime_s() -> float:
    return time.monotonic() - LOADED_AT


def check_database() -> dict[str, Any]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means not ready
        return {"status": "error", "vendor": connection.vendor, "error": _error(exc)}
    return {"status": "ok", "vendor": connection.vendor}


def check_task_backend(database_ok: bool = True) -> dict[str, Any]:
    """Redis answers a PING (backend ``redis``), and how many tasks wait: in the queue, and for
    Redis to come back (pushes kept in the database)."""
    found: dict[str, Any] = {"backend": settings.TASK_BACKEND}
    if database_ok:
        found.update(_waiting())
    if settings.TASK_BACKEND != "redis":
        return {"status": "ok" if database_ok else "unknown", **found}
    import redis

    client = redis.Redis.from_url(
        settings.REDIS_URL, socket_connect_timeout=REDIS_TIMEOUT_S, socket_timeout=REDIS_TIMEOUT_S
    )
    try:
        client.ping()
        found["queued"] = sum(client.llen(f"rq:queue:{name}") for name in settings.TASK_QUEUES)
    except Exception as exc:  # noqa: BLE001 - unreachable, refused, wrong password…
        return {"status": "error", **found, "error": _error(exc)}
    finally:
        client.close()
    return {"status": "ok", **found}


def _waiting() -> dict[str, Any]:
    from servicegap.runtime.models import PendingPush

    found: dict[str, Any] = {}
    if settings.TASK_BACKEND == "database":
        from django_tasks_db.models import DBTaskResult

        ready = DBTaskResult.objects.filter(status="READY", backend_name="default")
        found["queued"] = ready.count()
        oldest = ready.aggregate(at=Min("enqueued_at"))["at"]
        found["oldest_queued_s"] = _age(oldest)
    pending = PendingPush.objects.aggregate(at=Min("created_at"))["at"]
    found["waiting_for_redis"] = PendingPush.objects.count() if pending else 0
    found["oldest_waiting_for_redis_s"] = _age(pending)
    return found


def check_worker(uptime: float | None, database_ok: bool = True) -> dict[str, Any]:
    if not database_ok:
        return {"status": "unknown", "note": "the heartbeat is kept in the database"}
    from servicegap.runtime.heartbeat import newest

    age, fresh = newest()
    status = readiness.worker_status(age, uptime)
    found: dict[str, Any] = {
        "status": status,
        "last_heartbeat_s": None if age is None else round(age, 1),
        "workers": fresh,
    }
    if status == "starting" and uptime is not None:
        found["server_up_s"] = round(uptime, 1)  # "starting" ends at WORKER_FRESH_S
    if status == "error":
        found["error"] = (
            "no worker has been heard from"
            if age is None
            else f"no worker heard from for {age:.0f} s (more than {readiness.WORKER_FRESH_S:.0f})"
        )
    return found


def report(uptime: float | None) -> dict[str, Any]:
    """The body of ``/readyz`` (``uptime``: this server's; None from the CLI)."""
    database = check_database()
    ok = database["status"] == "ok"
    checks = {
        "database": database,
        "task_backend": check_task_backend(ok),
        "worker": check_worker(uptime, ok),
    }
    return readiness.verdict(checks)


def _age(at: Any) -> float | None:
    return None if at is None else round((timezone.now() - at).total_seconds(), 1)


def _error(exc: Exception) -> str:
    """The exception in one line, without anything after the first line (a driver may add the
    connection string's details)."""
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {first}"[:300]
