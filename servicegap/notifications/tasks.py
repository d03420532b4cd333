"""Background tasks of notifications (django-tasks; run by `servicegap worker`)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task


@task()
def attempt_delivery(delivery_id: int) -> str:
    """One attempt of a webhook delivery (queued when the event commits, or for a retry)."""
    from servicegap.notifications.delivery import attempt

    return attempt(delivery_id)


@task()
def deliver_due() -> str:
    """The minutely job: attempt every delivery whose time has come (retries, and any first
    attempt whose queueing was lost)."""
    from servicegap.notifications.delivery import attempt, due

    now = timezone.now()
    results = [attempt(pk, now) for pk in due(now)]
    delivered = sum(": delivered (" in r for r in results)
    return f"{len(results)} deliveries attempted, {delivered} delivered"


@task()
def send_digests() -> str:
    """The daily job: each leader's and owner's digest e-mail when their period is due."""
    from servicegap.notifications.digest import send_due

    return send_due(timezone.now())
