"""Background tasks of the actions app (django-tasks; run by `servicegap worker`)."""

from __future__ import annotations

from django_tasks import task


@task()
def record_alerts() -> str:
    """The daily job: record each workspace's new customer alerts, announce the recent ones
    (``alert.raised``, once per alert: ``servicegap.actions.alerts``)."""
    from servicegap.actions.alerts import record_all

    return f"{record_all()} new alert(s) announced"
