"""``Idempotency-Key`` for API writes: a retried request is answered once, never stored twice.

The key is per workspace and compared with the request as parsed JSON (canonical ``json.dumps``
with sorted keys, plus the endpoint), not as bytes. The first request inserts the key ``in_flight``
in its own short transaction, so a concurrent duplicate sees it and gets 409; the write and the
flip to ``done`` (with the status and body to replay) share one transaction, so a stored response
always has its key and a key marked done always has its response. When the write fails (a bad
body, a database error) the key is deleted, so the client may retry with the same key. Keys are
kept for SERVICEGAP_IDEMPOTENCY_RETENTION_HOURS (48 by default, never less than 24;
``prune_idempotency_keys``, run daily by the scheduler).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import socket
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from servicegap.api.errors import ApiError
from servicegap.core.models import IdempotencyKey, Workspace

HEADER = "Idempotency-Key"
KEY_PATTERN = re.compile(r"[\x20-\x7e]{1,255}")
# A key left in flight this long belongs to a request that died with its process; a retry takes
# it over instead of getting 409 until the key is pruned. Sooner when the process that claimed it
# ran on this host and is gone (killed, restarted): then the retry takes it over at once.
ABANDONED_AFTER = timedelta(minutes=5)
HOST = socket.gethostname()[:200]


def _owner() -> str:
    return f"{HOST}:{os.getpid()}"


def _owner_gone(owner: str) -> bool:
    host, _, pid = owner.rpartition(":")
    if host != HOST or not pid.isdigit():
        return False  # another machine's process: only the timeout can tell
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # alive, someone else's
    return False


Result = tuple[int, dict[str, Any]]


def request_hash(endpoint: str, data: Any) -> str:
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(f"{endpoint}\n{canonical}".encode("ascii")).hexdigest()


def run_once(
    request,
    endpoint: str,
    data: Any,
    write: Callable[[Any], Result],
    prepare: Callable[[], Any] | None = None,
) -> Result:
    """Run ``write(prepared)`` in a transaction, at most once per Idempotency-Key.

    ``prepare`` (checks that only read) runs before, outside the write transaction, so concurrent
    requests validate in parallel and the writer lock (one at a time on SQLite) is held only
    while rows are written. Refusals are ApiError.
    """
    raw = request.headers.get(HEADER)
    if raw is None:
        prepared = prepare() if prepare else None
        with transaction.atomic():
            return write(prepared)
    key = raw.strip()
    if not KEY_PATTERN.fullmatch(key):
        raise ApiError(422, "an Idempotency-Key is 1 to 255 printable ASCII characters", HEADER)
    claimed = _claim(request.workspace, key, request_hash(endpoint, data))
    if not isinstance(claimed, IdempotencyKey):
        return claimed  # the first request's answer, replayed
    try:
        prepared = prepare() if prepare else None
        with transaction.atomic():
            status, body = write(prepared)
            IdempotencyKey.objects.filter(pk=claimed.pk).update(
                state=IdempotencyKey.DONE, status_code=status, response_body=body
            )
    except BaseException:
        IdempotencyKey.objects.filter(pk=claimed.pk, state=IdempotencyKey.IN_FLIGHT).delete()
        raise
    return status, body


def _claim(workspace: Workspace, key: str, digest: str) -> IdempotencyKey | Result:
    """The new in-flight row this request owns, or the stored answer to replay."""
    for _ in range(3):
        existing = IdempotencyKey.objects.of(workspace).filter(key=key).first()
        if existing is None:
            try:
                with transaction.atomic():
                    return IdempotencyKey.objects.create(
                        workspace=workspace,
                        key=key,
                        request_hash=digest,
                        created_at=timezone.now(),
                        owner=_owner(),
                    )
            except IntegrityError:
                continue  # a concurrent request inserted it first: look at theirs
        if existing.request_hash != digest:
            raise ApiError(
                422,
                "this Idempotency-Key was already used for a different request; use a new key",
                HEADER,
            )
        if existing.state == IdempotencyKey.DONE:
            return existing.status_code or 201, existing.response_body or {}
        if _take_over(existing):
            return existing
        raise ApiError(
            409, "a request with this Idempotency-Key is still in progress; retry shortly", HEADER
        )
    raise ApiError(409, "this Idempotency-Key is being used concurrently; retry shortly", HEADER)


def _take_over(row: IdempotencyKey) -> bool:
    now = timezone.now()
    if row.created_at > now - ABANDONED_AFTER and not _owner_gone(row.owner):
        return False
    taken = IdempotencyKey.objects.filter(
        pk=row.pk, state=IdempotencyKey.IN_FLIGHT, created_at=row.created_at, owner=row.owner
    ).update(created_at=now, owner=_owner())
    return taken == 1


def prune_idempotency_keys() -> str:
    """Delete keys older than SERVICEGAP_IDEMPOTENCY_RETENTION_HOURS (scheduled daily)."""
    cutoff = timezone.now() - timedelta(hours=settings.IDEMPOTENCY_RETENTION_HOURS)
    deleted, _ = IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
    return f"deleted {deleted} idempotency keys created before {cutoff:%Y-%m-%d %H:%M} UTC"
