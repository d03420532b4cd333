"""Background tasks of the demo mailbox (django-tasks; run by `servicegap worker`)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

KEEP_DAYS = 30  # docs/privacy.md: the demo mailbox keeps mail for 30 days


@task()
def prune_mailbox() -> str:
    """The daily job: delete kept mail older than ``KEEP_DAYS``, in every workspace (a mail
    holds a person's address and their personal invitation link)."""
    from servicegap.mailbox.models import Message

    cutoff = timezone.now() - timedelta(days=KEEP_DAYS)
    deleted, _ = Message.objects.filter(sent_at__lt=cutoff).delete()
    return f"deleted {deleted} demo mailbox messages older than {KEEP_DAYS} days"
