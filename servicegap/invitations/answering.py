"""What a respondent does with a link: open it, save for later, answer once, unsubscribe."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from servicegap.core.models import Workspace
from servicegap.invitations.models import (
    Invitation,
    InvitationState,
    Unsubscribe,
    hash_token,
)
from servicegap.lib.scales import PROTECTED_PERSPECTIVES
from servicegap.surveys.contract import record_response
from servicegap.surveys.members import pseudonym
from servicegap.surveys.models import Response

MAX_TOKEN = 100


class AlreadyAnswered(Exception):
    """The invitation's one response has been stored already."""


def find(workspace: Workspace, raw_token: str) -> Invitation | None:
    """The invitation of a link (first mail or reminder) in this workspace, or None."""
    if not raw_token or len(raw_token) > MAX_TOKEN:
        return None
    digest = hash_token(raw_token)
    return (
        Invitation.objects.of(workspace)
        .filter(Q(token_hash=digest) | Q(reminder_token_hash=digest))
        .select_related("survey", "person", "workspace")
        .first()
    )


def is_expired(invitation: Invitation) -> bool:
    return invitation.responded_at is None and invitation.expires_at <= timezone.now()


def mark_opened(invitation: Invitation) -> None:
    if invitation.opened_at is None:
        Invitation.objects.filter(pk=invitation.pk, opened_at__isnull=True).update(
            opened_at=timezone.now()
        )


def mark_responded(invitation: Invitation, response: Response) -> None:
    """Claim the invitation for ``response``; run it in the transaction storing the response.

    The conditional UPDATE is the lock: of two concurrent submissions only one finds the
    invitation unanswered; the other raises ``AlreadyAnswered`` and its transaction rolls back.
    """
    # A protected answer is kept without a link to whoever was invited (docs/anonymity.md).
    protected = response.perspective in PROTECTED_PERSPECTIVES
    claimed = Invitation.objects.filter(pk=invitation.pk, responded_at__isnull=True).update(
        state=InvitationState.RESPONDED,
        responded_at=timezone.now(),
        response=None if protected else response,
        draft={},
    )
    if claimed != 1:
        raise AlreadyAnswered


def respondent(invitation: Invitation) -> str:
    """The respondent code of the invitation's answer: the person's, or for a protected survey a
    pseudonym that no member can tie to the person (``servicegap.surveys.members``)."""
    survey = invitation.survey
    if survey.perspective in PROTECTED_PERSPECTIVES:
        return pseudonym(survey, f"person:{invitation.person_id}")
    return invitation.person.code


def respondent_data(invitation: Invitation, answers: list[dict], time_zone: str = "") -> dict:
    """The response contract's object for an answer given through this invitation."""
    survey = invitation.survey
    data: dict[str, Any] = {
        "submitted_at": timezone.now().isoformat(),
        "perspective": survey.perspective,
        "respondent": respondent(invitation),
        "survey": survey.code,
        "answers": answers,
    }
    if survey.touchpoint is not None:
        data["touchpoint"] = survey.touchpoint.code
    unit = invitation.person.unit
    if survey.perspective in PROTECTED_PERSPECTIVES and unit is not None:
        # a pseudonym has no person to read the unit from: the unit travels with the answer
        # (the chain needs the customer unit; the anonymity threshold rules its reports)
        data["unit"] = unit.code
    if time_zone:
        data["time_zone"] = time_zone
    return data


def submit(invitation: Invitation, answers: list[dict], time_zone: str = "") -> Response:
    """Store the one response of this invitation; ``AlreadyAnswered`` stores nothing."""
    if invitation.responded_at is not None:
        raise AlreadyAnswered
    data = respondent_data(invitation, answers, time_zone)
    with transaction.atomic():
        response = record_response(invitation.workspace, data, live=True)
        mark_responded(invitation, response)
    return response


def save_draft(invitation: Invitation, draft: dict[str, Any]) -> bool:
    """Keep partial answers for later; False once the invitation has been answered."""
    return bool(
        Invitation.objects.filter(pk=invitation.pk, responded_at__isnull=True).update(draft=draft)
    )


def unsubscribe(invitation: Invitation) -> None:
    """The person is not invited again (and gets no reminder); doing it twice is harmless."""
    try:
        with transaction.atomic():
            Unsubscribe.objects.get_or_create(
                workspace_id=invitation.workspace_id,
                person_id=invitation.person_id,
                defaults={"invitation": invitation},
            )
    except IntegrityError:
        pass  # a concurrent click stored it first
