"""Making the attempts of queued webhook deliveries (the worker runs this).

An attempt first claims its row (a conditional update pushes ``next_attempt_at`` past the
attempt), so the queued task and the minutely sweep never send one message twice; a worker that
dies mid-attempt leaves the row due again once the claim lapses.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from servicegap.notifications import addresses, retry, sending
from servicegap.notifications.events import queue_attempts
from servicegap.notifications.models import Delivery

CLAIM = timedelta(minutes=2)  # longer than an attempt can take (connect + answer timeouts)
SWEEP_BATCH = 200


def body_of(delivery: Delivery) -> bytes:
    return json.dumps(delivery.payload, separators=(",", ":"), ensure_ascii=False).encode()


def attempt(pk: int, now: datetime | None = None) -> str:
    """One attempt of delivery ``pk`` if it is due; says what happened."""
    now = now or timezone.now()
    claimed = Delivery.objects.filter(pk=pk, next_attempt_at__lte=now).update(
        next_attempt_at=now + CLAIM, attempts=F("attempts") + 1, last_attempt_at=now
    )
    if not claimed:
        return f"delivery {pk}: not due (delivered, given up or taken by another worker)"
    delivery = Delivery.objects.select_related("webhook").get(pk=pk)
    outcome = _send(delivery, now)
    if outcome.delivered:
        Delivery.objects.filter(pk=pk).update(
            next_attempt_at=None,
            delivered_at=timezone.now(),
            last_status=outcome.status,
            last_error="",
        )
        return f"delivery {pk}: delivered ({outcome.status})"
    delay = retry.next_delay(delivery.attempts)
    fields = {"last_status": outcome.status, "last_error": outcome.error}
    if delay is None or not delivery.webhook.active:
        Delivery.objects.filter(pk=pk).update(
            next_attempt_at=None, given_up_at=timezone.now(), **fields
        )
        return f"delivery {pk}: given up after {delivery.attempts} attempts: {outcome.error}"
    Delivery.objects.filter(pk=pk).update(next_attempt_at=now + delay, **fields)
    if delay < timedelta(minutes=1):
        queue_attempts([pk], delay_s=delay.total_seconds())  # sooner than the minutely sweep
    return f"delivery {pk}: failed ({outcome.error}); next attempt in {delay}"


def _send(delivery: Delivery, now: datetime) -> sending.Outcome:
    try:
        target = addresses.parse(delivery.webhook.url)
        address = addresses.checked_address(target, settings.WEBHOOK_ALLOW_PRIVATE)
    except addresses.TargetError as exc:
        return sending.Outcome(None, str(exc))
    body = body_of(delivery)
    headers = sending.signed_headers(delivery.webhook.secret, delivery.msg_id, now, body)
    return sending.post(target, address, body, headers)


def due(now: datetime) -> list[int]:
    return list(
        Delivery.objects.filter(next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )


def resend(delivery: Delivery) -> None:
    """A new attempt of ``delivery`` now, whatever became of it; the message keeps its id (the
    receiver can tell a resend from a new event) and, if it fails, is given up again."""
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    queue_attempts([delivery.pk])
