"""Background tasks of the report aggregates."""

from __future__ import annotations

from django_tasks import task


@task()
def rebuild_stale() -> str:
    """Rebuild the cells of every workspace whose cells are stale (run hourly and on demand)."""
    from servicegap.aggregates import cells
    from servicegap.aggregates.models import CellState
    from servicegap.core.models import Workspace

    done = []
    for state in CellState.objects.filter(stale=True).select_related("workspace"):
        cells.rebuild(Workspace.objects.get(pk=state.workspace_id))
        done.append(state.workspace.slug)
    return f"rebuilt the aggregates of {', '.join(done) or 'no workspace'}"


@task()
def fold_slots() -> str:
    """Fold the cells' write slots back into one row per slice (hourly; PostgreSQL only)."""
    from django.db import connection

    from servicegap.aggregates import cells
    from servicegap.core.models import Workspace

    if connection.vendor != "postgresql":
        return "nothing to fold: SQLite writes slot 0 only"
    folded = sum(cells.fold(workspace) for workspace in Workspace.objects.all())
    return f"folded {folded} slot rows"
