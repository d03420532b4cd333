"""The feedback contract: one compliment, complaint, suggestion or idea, stored or refused.

Every way in (API, "Tell us" page, widget, kiosk, importer) uses ``record_feedback``. A compliment
that names an employee is routed to them as a recognition in the same transaction.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from servicegap.core import ingest
from servicegap.core.models import Workspace
from servicegap.feedback.models import Feedback, FeedbackKind, IdeaFlavour, Recognition
from servicegap.journeys.models import Touchpoint
from servicegap.lib.scales import MAX_TEXT, PERSPECTIVES
from servicegap.people.models import Person, Unit
from servicegap.standards.models import Standard
from servicegap.surveys.contract import ResponseError, parse_submitted_at

KINDS = tuple(FeedbackKind.values)
MAX_CONTACT = 300


def _by_code(model, workspace: Workspace, field: str, code: Any, **extra):
    if code in (None, ""):
        return None
    obj = model.objects.of(workspace).filter(code=str(code), **extra).first()
    if obj is None:
        raise ResponseError(field, f"no {field} with code {code!r} in this workspace")
    return obj


def _bool(value: Any, field: str) -> bool:
    if value in (None, ""):
        return False
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "yes", "1"):
        return True
    if text in ("false", "no", "0"):
        return False
    raise ResponseError(field, f"must be true or false, not {value!r}")


def prepare_feedback(
    workspace: Workspace, data: dict[str, Any], channel: str = "", external_id: str = ""
) -> Feedback:
    """Check one piece of feedback against every rule; the unsaved row, or ResponseError."""
    if not isinstance(data, dict):
        raise ResponseError("", "feedback is a JSON object")
    kind = str(data.get("kind") or "").strip().lower()
    if kind not in KINDS:
        raise ResponseError("kind", f"must be one of {', '.join(KINDS)}")
    text = data.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ResponseError("text", "say what happened: the text may not be empty")
    if len(text) > MAX_TEXT:
        raise ResponseError("text", f"at most {MAX_TEXT} characters")
    perspective = data.get("perspective") or "customer"
    if perspective not in PERSPECTIVES:
        raise ResponseError("perspective", f"must be one of {', '.join(PERSPECTIVES)}")
    submitted = data.get("submitted_at")
    submitted_at = parse_submitted_at(submitted, "") if submitted else timezone.now()
    touchpoint = _by_code(Touchpoint, workspace, "touchpoint", data.get("touchpoint"))
    unit = _by_code(Unit, workspace, "unit", data.get("unit")) or (
        touchpoint.unit if touchpoint else None
    )
    standard = _by_code(Standard, workspace, "standard", data.get("standard"))
    employee = _by_code(Person, workspace, "employee", data.get("employee"), kind="employee")
    person = _by_code(Person, workspace, "person", data.get("person"))
    contact = str(data.get("contact") or "").strip()
    if len(contact) > MAX_CONTACT:
        raise ResponseError("contact", f"at most {MAX_CONTACT} characters")
    consent = _bool(data.get("consent"), "consent")
    flavour = str(data.get("flavour") or "").strip().lower()
    if flavour and flavour not in IdeaFlavour.values:
        raise ResponseError("flavour", f"must be one of {', '.join(IdeaFlavour.values)}")
    if flavour and kind != FeedbackKind.IDEA:
        raise ResponseError("flavour", "only an idea has a flavour")
    if contact and not consent:
        raise ResponseError("consent", "contact details are kept only with consent to be contacted")
    return Feedback(
        workspace=workspace, kind=kind, text=text, submitted_at=submitted_at,
        perspective=perspective, person=person, touchpoint=touchpoint, unit=unit or (employee.unit if employee else None),
        employee=employee, standard=standard, contact=contact, consent=consent, channel=channel[:32],
        external_id=external_id, flavour=flavour,
    )  # fmt: skip


def store_feedback(feedback: Feedback, *, live: bool = False) -> Feedback:
    """Save prepared feedback; a compliment naming an employee becomes their recognition.
    ``live``: it came in live, not through an import (``servicegap.core.ingest``)."""
    feedback.save(force_insert=True)
    if feedback.kind == FeedbackKind.COMPLIMENT and feedback.employee is not None:
        Recognition.objects.create(
            workspace_id=feedback.workspace_id, feedback=feedback, employee=feedback.employee
        )
    ingest.announce(ingest.Stored("feedback", feedback.workspace, [feedback], live))
    return feedback


@transaction.atomic
def record_feedback(
    workspace: Workspace,
    data: dict[str, Any],
    channel: str = "",
    external_id: str = "",
    *,
    live: bool = False,
) -> Feedback:
    """Validate and store one piece of feedback; raises ResponseError(field, message)."""
    return store_feedback(prepare_feedback(workspace, data, channel, external_id), live=live)
