"""Enrichment in the background: the ingest hook queues the new comments, the worker labels
them in batches and routes them; nothing here runs inside a submission (docs/text.md).

A submission only writes the task row (or, on Redis, pushes after the commit): if the engine
fails, the worker's task fails and the hourly backlog job tries those comments again, while the
feedback or response is stored all the same.
"""

from __future__ import annotations

import logging

from django_tasks import task

from servicegap.core.ingest import Stored

logger = logging.getLogger("servicegap.text")
BACKLOG = 5000  # comments per workspace per backlog run


def _has_text(answers: object) -> bool:
    return any(
        getattr(a, "kind", "") == "text" and (getattr(a, "value_text", "") or "").strip()
        for a in answers  # type: ignore[attr-defined]
    )


def on_stored(stored: Stored) -> None:
    """The ingest hook: queue the stored rows that carry a comment, never label them here."""
    from servicegap.runtime.taskqueue import enqueue

    if stored.kind == "feedback":
        ids = [f.pk for f in stored.rows if f.text.strip()]
        source = "feedback"
    else:
        ids = [r.pk for r, a in zip(stored.rows, stored.answers, strict=False) if _has_text(a)]
        source = "response"
    if ids:
        enqueue(enrich_new, stored.workspace.pk, source, ids, stored.live)


@task()
def enrich_new(workspace_id: int, source: str, ids: list[int], live: bool) -> str:
    """Label comments just stored and route them (cases for live input of the last 14 days)."""
    from django.utils import timezone

    from servicegap.core.models import Workspace
    from servicegap.lib.caserules import WINDOW
    from servicegap.text import service, sources

    workspace = Workspace.objects.get(pk=workspace_id)
    items = sources.load(workspace, source, ids)
    done = service.enrich(
        workspace, items, route=True, live=live, cases_since=timezone.now() - WINDOW
    )
    return f"labelled {done} comments"


@task()
def enrich_backlog() -> str:
    """Label what no task labelled yet (customers' case messages, a failed run), hourly."""
    from servicegap.core.models import Workspace
    from servicegap.text import service, sources

    done = 0
    for workspace in Workspace.objects.all():
        done += service.enrich(workspace, sources.pending(workspace, BACKLOG), route=True)
    return f"labelled {done} comments"


@task()
def refit(workspace_id: int) -> str:
    """Refit the workspace's model on its corrections, then label its latest comments again."""
    from servicegap.core.models import Workspace
    from servicegap.text import service, sources

    workspace = Workspace.objects.get(pk=workspace_id)
    fit = service.refit(workspace)
    done = service.enrich(workspace, sources.latest(workspace, service.RELABEL))
    return f"refitted on {fit.corrections} corrections; labelled {done} comments again"
