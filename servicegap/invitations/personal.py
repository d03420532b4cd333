"""Invitations' personal data: invitations sent to a person, their unsubscribe and the bounces
of their address (docs/privacy.md).

The export never holds an invitation's link token. Erasure deletes all three (there is nobody left
to write to). The retention policy empties the address and saved draft of old expired
invitations; state and dates stay for response rates, and unsubscribes and bounces stay (they are
what stops mail to people who asked for none).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from servicegap.core.models import Workspace
from servicegap.invitations.models import Bounce, Invitation, Unsubscribe
from servicegap.people.handlers import Expiry, PersonalData, delete, json_value, row
from servicegap.people.models import Person


def _bounces(ws: Workspace, person: Person) -> QuerySet[Bounce]:
    match = Q(person=person)
    if person.email:
        match |= Q(email__iexact=person.email)
    return Bounce.objects.of(ws).filter(match)


def export(ws: Workspace, person: Person, protected: bool) -> dict[str, Any]:
    unsubscribe = Unsubscribe.objects.of(ws).filter(person=person).first()
    return {
        "invitations": [
            {
                "survey": i.survey.code,
                **row(i, ["email", "state", "created_at", "sent_at", "reminded_at"]),
                **row(i, ["opened_at", "responded_at", "expires_at", "response_id", "draft"]),
            }
            for i in Invitation.objects.of(ws)
            .filter(person=person)
            .select_related("survey")
            .order_by("created_at", "pk")
        ],
        "consent": {"unsubscribed_at": json_value(unsubscribe.at) if unsubscribe else None},
        "bounces": [
            row(b, ["email", "at", "reason"]) for b in _bounces(ws, person).order_by("at", "pk")
        ],
    }


def count(ws: Workspace, person: Person) -> dict[str, int]:
    return {"invitations": Invitation.objects.of(ws).filter(person=person).count()}


def erase(ws: Workspace, person: Person) -> dict[str, int]:
    done: dict[str, int] = {}
    done["invitations"] = delete(Invitation.objects.of(ws).filter(person=person))
    done["unsubscribes"] = delete(Unsubscribe.objects.of(ws).filter(person=person))
    done["bounces"] = delete(_bounces(ws, person))
    return done


def expire(ws: Workspace, expiry: Expiry) -> dict[str, int]:
    return {
        "invitations": expiry.unheld(
            Invitation.objects.of(ws).filter(
                created_at__lt=expiry.before, expires_at__lt=expiry.now
            )
        )
        .exclude(email="")
        .update(email="", draft={})
    }


HANDLER = PersonalData(
    models=(Invitation, Unsubscribe, Bounce),
    order=40,
    export=export,
    count=count,
    erase=erase,
    expire=expire,
)
