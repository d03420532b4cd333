"""Background tasks of the core app (django-tasks; run by `servicegap worker`): pruning the audit
log. The runtime's own housekeeping is in ``servicegap.runtime.tasks``."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task


@task()
def prune_audit_entries() -> str:
    """Delete audit entries older than SERVICEGAP_AUDIT_RETENTION_DAYS (0: keep them forever)."""
    from servicegap.core.models import AuditEntry

    days = settings.AUDIT_RETENTION_DAYS
    if days <= 0:
        return "audit entries are kept forever (SERVICEGAP_AUDIT_RETENTION_DAYS=0)"
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _ = AuditEntry.objects.filter(at__lt=cutoff).delete()
    return f"deleted {deleted} audit entries before {cutoff:%Y-%m-%d}"
