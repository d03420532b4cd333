"""A workspace's retention policy: personal data older than N days is removed every night.

What goes and what stays is a product decision written up in docs/privacy.md. In short: the
figures stay (ratings, dates, units, touchpoints, and which responses came from the same person,
which the anonymity threshold needs), what identifies or can be read about someone goes (free
text, contact details, the e-mail and saved draft of old invitations). A response or feedback
with an open case keeps its contact details and text until the case is closed. People themselves
stay until they are erased (``privacy.erase_person``).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from servicegap.cases.models import Case, CaseStatus
from servicegap.core.models import MIN_RETENTION_DAYS, AuditEntry, Workspace
from servicegap.feedback.models import Feedback
from servicegap.invitations.models import Invitation
from servicegap.people.privacy import ERASED
from servicegap.surveys.models import Answer, Response

EXPIRED = "[expired]"  # what text reads after the retention period removed it
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
    open_cases = Case.objects.of(ws).exclude(status=CaseStatus.CLOSED)
    responses = (
        Response.objects.of(ws)
        .filter(submitted_at__lt=cutoff)
        .exclude(pk__in=open_cases.filter(response__isnull=False).values("response_id"))
    )
    feedback = (
        Feedback.objects.of(ws)
        .filter(submitted_at__lt=cutoff)
        .exclude(pk__in=open_cases.filter(feedback__isnull=False).values("feedback_id"))
    )
    done: dict[str, int] = {}
    with transaction.atomic():
        # Free text is not part of any figure, so the report aggregates need no rebuild.
        done["text_answers"] = (
            Answer.objects.of(ws)
            .filter(response__in=responses, kind="text")
            .exclude(value_text__in=["", ERASED, EXPIRED])
            .update(value_text=EXPIRED)
        )
        done["response_contacts"] = responses.filter(
            Q(contact__gt="") | Q(contact_consent_at__isnull=False)
        ).update(contact="", contact_consent_at=None)
        done["feedback_texts"] = feedback.exclude(text__in=[ERASED, EXPIRED]).update(text=EXPIRED)
        done["feedback_contacts"] = feedback.exclude(contact="").update(contact="")
        done["invitations"] = (
            Invitation.objects.of(ws)
            .filter(created_at__lt=cutoff, expires_at__lt=now)
            .exclude(email="")
            .update(email="", draft={})
        )
        if any(done.values()):
            AuditEntry.objects.create(
                workspace=ws,
                actor=ACTOR,
                action="retention.apply",
                detail={**done, "days": days, "before": cutoff.isoformat()},
            )
    return done
