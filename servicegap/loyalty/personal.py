"""Loyalty's personal data: a customer's transactions (purchases, visits); erasure deletes them,
the retention policy keeps them (docs/privacy.md)."""

from __future__ import annotations

from typing import Any

from servicegap.core.models import Workspace
from servicegap.loyalty.models import Transaction
from servicegap.people.handlers import PersonalData, code, delete, row
from servicegap.people.models import Person


def export(ws: Workspace, person: Person, protected: bool) -> dict[str, Any]:
    return {
        "transactions": [
            {**row(t, ["date", "amount", "reference"]), "unit": code(t.unit)}
            for t in Transaction.objects.of(ws)
            .filter(customer=person)
            .select_related("unit")
            .order_by("date", "pk")
        ],
    }


def count(ws: Workspace, person: Person) -> dict[str, int]:
    return {"transactions": Transaction.objects.of(ws).filter(customer=person).count()}


def erase(ws: Workspace, person: Person) -> dict[str, int]:
    return {"transactions": delete(Transaction.objects.of(ws).filter(customer=person))}


HANDLER = PersonalData(models=(Transaction,), order=50, export=export, count=count, erase=erase)
