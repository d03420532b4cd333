"""The events a workspace's webhooks can hear, and ``emit``, which every capability calls.

``emit`` is an outbox: it writes one ``Delivery`` per active webhook of the workspace that asked
for the event, in the caller's transaction, so a change that rolls back sends nothing. The first
attempt is queued once that transaction commits (within seconds on a running worker); the
minutely ``deliver_due`` job retries what failed and anything whose queueing was lost.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction
from django.utils import timezone

EVENTS = (
    "response.created",
    "feedback.created",
    "case.created",
    "case.updated",
    "case.closed",
    "alert.raised",
    "action.completed",
)


def new_msg_id() -> str:
    # The spec's webhook-id: unique per message, the same on every retry (receivers dedupe on it).
    return f"msg_{uuid.uuid4().hex}"


def emit(workspace: Any, event: str, data: dict[str, Any]) -> None:
    """Tell the workspace's webhooks that listen for ``event``; ``data`` must be JSON-able."""
    emit_many(workspace, event, [data])


def listening(workspace: Any, event: str) -> list[Any]:
    """The workspace's active webhooks that asked for ``event`` (one query; few rows)."""
    from servicegap.notifications.models import Webhook

    if event not in EVENTS:
        raise ValueError(f"unknown webhook event {event!r}; one of {', '.join(EVENTS)}")
    return [h for h in Webhook.objects.of(workspace).filter(active=True) if event in h.events]


def emit_many(
    workspace: Any, event: str, datas: list[dict[str, Any]], hooks: list[Any] | None = None
) -> None:
    """``emit`` for several events of one kind at once (a batch of responses)."""
    from servicegap.notifications.models import Delivery

    if hooks is None:
        hooks = listening(workspace, event)
    if not hooks or not datas:
        return
    now = timezone.now()
    rows = Delivery.objects.bulk_create(
        Delivery(
            workspace_id=workspace.pk,
            webhook=hook,
            event=event,
            msg_id=new_msg_id(),
            payload={"type": event, "timestamp": now.isoformat(), "data": data},
            created_at=now,
            next_attempt_at=now,
        )
        for data in datas
        for hook in hooks
    )
    ids = [row.pk for row in rows]
    transaction.on_commit(lambda: queue_attempts(ids))


def queue_attempts(ids: list[int], delay_s: float = 0) -> None:
    """Hand each delivery to the worker (after ``delay_s``). A lost push only delays it: the
    minutely sweep attempts every due delivery too, and each attempt claims its row first."""
    from datetime import timedelta

    from servicegap.notifications.tasks import attempt_delivery
    from servicegap.runtime import taskqueue

    task = attempt_delivery
    if delay_s:
        task = attempt_delivery.using(run_after=timezone.now() + timedelta(seconds=delay_s))
    for pk in ids:
        taskqueue.enqueue(task, pk)
