"""A workspace's retention policy: personal data older than N days is removed every night.

What goes and what stays is a product decision written up in docs/privacy.md. In short: the
figures stay (ratings, dates, units, touchpoints, and which responses came from the same person,
which the anonymity threshold needs), what identifies or can be read about someone goes (free
text, contact details, the e-mail and saved draft of old invitations). A response or feedback
with an open case keeps its contact details and text until the case is closed. People themselves
stay until they are erased (``privacy.erase_person``).

What each app does with its old rows is its personal-data handler's ``expire``
(``servicegap.people.handlers``); this module runs them in one transaction and audits the counts.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils import timezone

from servicegap.core.models import MIN_RETENTION_DAYS, AuditEntry, Workspace
from servicegap.people.handlers import EXPIRED, Expiry, handlers, merge

__all__ = ["ACTOR", "EXPIRED", "RetentionError", "apply_retention", "set_retention"]

ACTOR = "retention"


class RetentionError(ValueError):
    pass


def set_retention(workspace: Workspace, days: int | None, actor: str) -> None:
    """Set (or, with None, remove) the workspace's retention period; audited."""
    if days is not None and days < MIN_RETENTION_DAYS:
        raise RetentionError(f"the retention period is at least {MIN_RETENTION_DAYS} days")
    if workspace.retention_days == days:
        return
    workspace.retention_days = days
    workspace.save(update_fields=["retention_days"])
    AuditEntry.objects.create(
        workspace=workspace, actor=actor, action="retention.set", detail={"days": days}
    )


def apply_retention(workspace: Workspace, now: datetime | None = None) -> dict[str, int]:
    """Remove the personal data older than the workspace's retention period; returns counts.

    Idempotent: what was removed is not counted again. Nothing happens without a policy.
    """
    days = workspace.retention_days
    if not days:
        return {}
    now = now or timezone.now()
    cutoff = now - timedelta(days=days)
    ws = workspace
    found = handlers()
    held: dict[type[Model], tuple[QuerySet[Any], ...]] = {}
    for handler in found:
        for model, keys in handler.hold(ws).items():
            held[model] = (*held.get(model, ()), keys)
    expiry = Expiry(before=cutoff, now=now, held=held)
    done: dict[str, int] = {}
    with transaction.atomic():
        # Free text is not part of any figure, so the report aggregates need no rebuild.
        for handler in found:
            merge(done, handler.expire(ws, expiry))
        if any(done.values()):
            AuditEntry.objects.create(
                workspace=ws,
                actor=ACTOR,
                action="retention.apply",
                detail={**done, "days": days, "before": cutoff.isoformat()},
            )
    return done
