"""What ``/readyz`` and `servicegap status` conclude from their checks. Pure: no Django import.

A check is a dict with a ``status`` of ``ok``, ``starting``, ``unknown`` or ``error`` and what it
saw. The installation is ready when no check is ``error``; ``starting`` (the first minute of a
web server before any worker has beaten) and ``unknown`` (the worker's heartbeat cannot be read
because the database is down, which is itself the failure) do not fail it on their own.
"""

from __future__ import annotations

from typing import Any

# A worker beats every HEARTBEAT_EVERY_S; one not heard from for this long is taken for gone.
WORKER_FRESH_S = 60.0
HEARTBEAT_EVERY_S = 10.0
# Pauses between tries of a push that failed: 5 s, 10 s, 20 s, 40 s, then every minute, so a
# task runs within two minutes of Redis coming back (a minute, plus the worker's own look).
PUSH_RETRY_FIRST_S = 5.0
PUSH_RETRY_MAX_S = 60.0


def worker_status(age_s: float | None, uptime_s: float | None) -> str:
    """``ok`` with a heartbeat under a minute old; ``starting`` in the first minute of a server
    that has not heard one yet (``uptime_s`` None: no server, as for the CLI); else ``error``."""
    if age_s is not None and age_s < WORKER_FRESH_S:
        return "ok"
    if uptime_s is not None and uptime_s < WORKER_FRESH_S:
        return "starting"
    return "error"


def verdict(checks: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The body of ``/readyz``: overall status, the names of the failed checks, the checks."""
    failed = [name for name, check in checks.items() if check["status"] == "error"]
    if failed:
        status = "error"
    elif any(check["status"] == "starting" for check in checks.values()):
        status = "starting"
    else:
        status = "ok"
    return {"status": status, "failed": failed, "checks": checks}


def http_status(body: dict[str, Any]) -> int:
    return 503 if body["failed"] else 200


def push_retry_delay_s(attempts: int) -> float:
    """The pause before the next try of a push that has failed ``attempts`` times."""
    return min(PUSH_RETRY_MAX_S, PUSH_RETRY_FIRST_S * 2 ** max(0, attempts - 1))
