"""Background tasks of people (django-tasks; run by `servicegap worker`)."""

from __future__ import annotations

from django_tasks import task


@task()
def apply_retention() -> str:
    """The daily job: apply each workspace's retention policy (docs/privacy.md)."""
    from servicegap.core.models import Workspace
    from servicegap.people.retention import apply_retention as apply_one

    parts = []
    for workspace in Workspace.objects.filter(retention_days__isnull=False).order_by("slug"):
        done = apply_one(workspace)
        parts.append(f"{workspace.slug}: {sum(done.values())} rows")
    return "; ".join(parts) or "no workspace has a retention policy"
