"""Skills' personal data: a person's training records (docs/privacy.md). Erasure deletes them;
retention leaves them alone (they are the employee's record, not a customer's data)."""

from __future__ import annotations

from typing import Any

from servicegap.core.models import Workspace
from servicegap.people.handlers import PersonalData, delete, row
from servicegap.people.models import Person
from servicegap.skills.models import Training


def _of(ws: Workspace, person: Person):
    return Training.objects.of(ws).filter(person=person)


def export(ws: Workspace, person: Person, protected: bool) -> dict[str, Any]:
    records = _of(ws, person).select_related("standard").order_by("trained_on", "pk")
    return {
        "training": [
            {**row(t, ["trained_on", "note"]), "standard": t.standard.code} for t in records
        ]
    }


def count(ws: Workspace, person: Person) -> dict[str, int]:
    return {"training": _of(ws, person).count()}


def erase(ws: Workspace, person: Person) -> dict[str, int]:
    return {"training": delete(_of(ws, person))}


HANDLER = PersonalData(models=(Training,), order=28, export=export, count=count, erase=erase)
