"""Factories for the case tests: live customer input through the real contracts."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from servicegap.cases.models import Case


def ago(**delta: float) -> str:
    return (timezone.now() - timedelta(**delta)).isoformat()


def complaint(ws, *, live: bool = True, **over: Any):
    from servicegap.feedback.contract import record_feedback

    data = {"kind": "complaint", "text": "Nobody called me back.", "submitted_at": ago(hours=1)}
    return record_feedback(ws, {**data, **over}, channel="api", live=live)


def response(ws, answers: list[dict], *, live: bool = True, contact: str = "", **over: Any):
    """A response through the contract; ``contact`` is stored with consent, as the survey page
    stores it."""
    from servicegap.surveys.contract import Lookups, prepare_response, store_responses

    data = {"submitted_at": ago(hours=1), "perspective": "customer", "answers": answers, **over}
    prepared = prepare_response(Lookups(ws), data)
    if contact:
        prepared.response.contact = contact
        prepared.response.contact_consent_at = timezone.now()
    return store_responses(ws, [prepared], live=live)[0]


def nps(score: int) -> dict:
    return {"kind": "nps", "value": score}


def case_of(row) -> Case | None:
    field = "feedback" if row.__class__.__name__ == "Feedback" else "response"
    return Case.objects.filter(**{field: row}).first()


def open_case(ws, *, unit=None, at: datetime | None = None, severity: str = "normal", **kw: Any):
    from servicegap.cases.service import open_case as open_

    return open_(ws, trigger="manual", severity=severity, unit=unit, at=at, title="By hand", **kw)
