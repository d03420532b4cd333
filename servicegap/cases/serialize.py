"""One row per case, the same everywhere: ``servicegap cases list --json``, ``/api/v1/cases`` and
the ``case.*`` webhook payloads (docs/cases.md lists the keys).

The unit and customer appear by code, the owner and the goodwill granters by e-mail. The
customer's contact stays out (the webhook payloads go to another system; the case page shows it).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.utils import timezone

from servicegap.cases.models import Case, Goodwill
from servicegap.cases.outcome import outcomes
from servicegap.core.models import Workspace
from servicegap.lib.caserules import breached

RELATED = ("unit", "customer", "owner")


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _email(user: Any) -> str | None:
    return user.email if user is not None else None


def source(case: Case) -> dict[str, Any] | None:
    if case.feedback_id is not None:
        return {"kind": "feedback", "id": case.feedback_id}
    if case.response_id is not None:
        return {"kind": "response", "id": case.response_id}
    return None  # opened by hand


def row(
    case: Case, goodwill: list[Goodwill], outcome: str, now: datetime | None = None
) -> dict[str, Any]:
    now = now or timezone.now()
    return {
        "id": case.number,
        "title": case.title,
        "status": case.status,
        "severity": case.severity,
        "trigger": case.trigger,
        "unit": case.unit.code if case.unit is not None else None,
        "owner": _email(case.owner),
        "source": source(case),
        "customer": case.customer.code if case.customer is not None else None,
        "created_at": _iso(case.opened_at),
        "due_at": _iso(case.due_at),
        "breached": breached(case.due_at, case.closed_at, now),
        "closed_at": _iso(case.closed_at),
        "escalation": case.escalation,
        "goodwill": [
            {
                "amount": float(g.amount),
                "currency": g.currency,
                "kind": g.kind,
                "state": g.state,
                "by": _email(g.granted_by),
                "approved_by": _email(g.approved_by),
            }
            for g in goodwill
        ],
        "recovery": {"answer": case.recovery_answer, "nps": case.recovery_nps},
        "outcome": outcome,
    }


def rows(workspace: Workspace, cases: Iterable[Case]) -> list[dict[str, Any]]:
    """The rows of ``cases`` (load them with ``select_related(*RELATED)``): their goodwill and
    outcomes in a few queries for the whole list."""
    cases = list(cases)
    grants: dict[int, list[Goodwill]] = {c.pk: [] for c in cases}
    if cases:
        found = Goodwill.objects.of(workspace).filter(case_id__in=list(grants))
        for g in found.select_related("granted_by", "approved_by"):
            grants[g.case_id].append(g)
    decided = outcomes(workspace, cases) if cases else {}
    now = timezone.now()
    return [row(c, grants[c.pk], decided.get(c.pk, "unknown"), now) for c in cases]
