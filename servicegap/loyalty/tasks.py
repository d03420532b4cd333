"""The value page's background fit (django-tasks; run by ``servicegap worker``)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_value(run_id: int) -> str:
    """Fit and score one ValueRun, recording its progress for the page."""
    from servicegap.loyalty.value_run import execute  # noqa: PLC0415

    return execute(run_id)
