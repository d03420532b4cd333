"""Background tasks of imports (django-tasks; run by `servicegap worker`)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task


@task()
def run_import_job(job_id: int) -> str:
    """Run one import uploaded on the Imports page."""
    from servicegap.imports.jobs import execute

    return execute(job_id)


@task()
def prune_imports() -> str:
    """The daily job: delete uploads, reject files and import jobs older than
    SERVICEGAP_IMPORT_RETENTION_DAYS (30 by default)."""
    from servicegap.imports.models import ImportJob

    cutoff = timezone.now() - timedelta(days=settings.IMPORT_RETENTION_DAYS)
    old = ImportJob.objects.filter(created_at__lt=cutoff)
    for job in old:
        for path in (job.upload_path, job.rejects_path, job.progress_path):
            path.unlink(missing_ok=True)
    deleted, _ = old.delete()
    return f"deleted {deleted} imports started before {cutoff:%Y-%m-%d}"
