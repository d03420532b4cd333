"""The ideas board's personal data: the votes a person cast, as the member linked to their
person record (docs/privacy.md). The ideas themselves are feedback (feedback/personal.py)."""

from __future__ import annotations

from typing import Any

from servicegap.accounts.models import Membership
from servicegap.core.models import Workspace
from servicegap.ideas.models import Brainstorm, BrainstormIdea, Vote
from servicegap.people.handlers import PersonalData, delete
from servicegap.people.models import Person


def _votes(ws: Workspace, person: Person):
    users = Membership.objects.of(ws).filter(person=person).values("user_id")
    return Vote.objects.of(ws).filter(user_id__in=users)


def export(ws: Workspace, person: Person, protected: bool) -> dict[str, Any]:
    return {
        "idea_votes": [
            {"idea_id": v.idea_id, "created_at": v.created_at.isoformat()}
            for v in _votes(ws, person).order_by("created_at", "pk")
        ]
    }


def count(ws: Workspace, person: Person) -> dict[str, int]:
    return {"idea_votes": _votes(ws, person).count()}


def erase(ws: Workspace, person: Person) -> dict[str, int]:
    return {"idea_votes": delete(_votes(ws, person))}


HANDLER = PersonalData(
    models=(Vote, Brainstorm, BrainstormIdea),
    order=35,
    export=export,
    count=count,
    erase=erase,
)
