"""People's own links between people: who referred a customer (``Person.referred_by``,
docs/loyalty.md). The person row itself is the orchestration's (servicegap.people.privacy); this
handler covers the referral links: the export names who referred the person and how many they
referred, erasure clears both directions (a referral is a fact about two people)."""

from __future__ import annotations

from typing import Any

from servicegap.core.models import Workspace
from servicegap.people.handlers import PersonalData
from servicegap.people.models import Person


def export(ws: Workspace, person: Person, protected: bool) -> dict[str, Any]:
    referrer = person.referred_by
    made = Person.objects.of(ws).filter(referred_by=person).order_by("code")
    return {
        "referrals": {
            "referred_by": referrer.code if referrer is not None else None,
            "referred": list(made.values_list("code", flat=True)),
        }
    }


def count(ws: Workspace, person: Person) -> dict[str, int]:
    made = Person.objects.of(ws).filter(referred_by=person).count()
    return {"referrals": made + (1 if person.referred_by_id else 0)}


def erase(ws: Workspace, person: Person) -> dict[str, int]:
    made = Person.objects.of(ws).filter(referred_by=person).update(referred_by=None)
    own = 1 if person.referred_by_id else 0
    if own:
        person.referred_by = None
        person.save(update_fields=["referred_by"])
    return {"referrals": made + own}


HANDLER = PersonalData(models=(Person,), order=52, export=export, count=count, erase=erase)
