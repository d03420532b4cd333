"""Accounts' personal data: the user accounts linked to a person. Erasure clears the link; the
account itself stays (remove it on the Users page). See docs/privacy.md."""

from __future__ import annotations

from typing import Any

from servicegap.accounts.models import Membership
from servicegap.core.models import Workspace
from servicegap.people.handlers import PersonalData, json_value
from servicegap.people.models import Person


def export(ws: Workspace, person: Person, protected: bool) -> dict[str, Any]:
    return {
        "accounts": [
            {"email": m.user.email, "role": m.role, "created_at": json_value(m.created_at)}
            for m in Membership.objects.of(ws).filter(person=person).select_related("user")
        ],
    }


def count(ws: Workspace, person: Person) -> dict[str, int]:
    return {"accounts": Membership.objects.of(ws).filter(person=person).count()}


def erase(ws: Workspace, person: Person) -> dict[str, int]:
    return {
        "accounts_unlinked": Membership.objects.of(ws).filter(person=person).update(person=None)
    }


HANDLER = PersonalData(models=(Membership,), order=60, export=export, count=count, erase=erase)
