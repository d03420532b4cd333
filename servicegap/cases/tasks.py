"""Background tasks of cases (django-tasks; run by `servicegap worker`)."""

from __future__ import annotations

from django_tasks import task


@task()
def escalate() -> str:
    """The minutely job: escalate every open case past its due time (``cases/sla.py``)."""
    from servicegap.cases.sla import escalate_due

    return f"{escalate_due()} escalation steps taken"
