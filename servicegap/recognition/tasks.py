"""Background tasks of recognition (django-tasks; run by `servicegap worker`)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task


@task()
def send_monthly_digest() -> str:
    """The daily job: on the 1st of the month, last month's recognition digests (idempotent)."""
    from servicegap.recognition.digest import run

    return run(timezone.now())
