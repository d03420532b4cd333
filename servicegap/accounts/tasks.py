"""Background tasks of accounts (django-tasks; run by `servicegap worker`)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task


@task()
def prune_sessions() -> str:
    """The daily job: delete expired login sessions (Django's ``clearsessions``)."""
    from django.contrib.sessions.models import Session

    now = timezone.now()
    deleted, _ = Session.objects.filter(expire_date__lt=now).delete()
    return f"deleted {deleted} sessions expired before {now:%Y-%m-%d %H:%M} UTC"
