"""Background tasks of the public channels (django-tasks; run by `servicegap worker`)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task


@task()
def prune_rate_counters() -> str:
    """The hourly job: delete the rate-limit counters of ended windows, in every workspace.

    A counter holds a client's IP address; ``ratelimit.hit`` already removes ended windows of a
    workspace when it starts a new one, but a workspace that stops getting posts would keep its
    last ones for ever.
    """
    from servicegap.channels.models import RateCounter

    now = timezone.now()
    deleted, _ = RateCounter.objects.filter(expires_at__lt=now).delete()
    return f"deleted {deleted} rate-limit counters of windows ended before {now:%Y-%m-%d %H:%M} UTC"
