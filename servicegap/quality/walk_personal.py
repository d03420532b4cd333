"""Walk-throughs' personal data (docs/privacy.md): the customer conversations a leader logged with
a person, and the walkers' photos, which may show employees or customers.

A person's export lists the conversations logged with them; erasure unlinks them and redacts
the note. Photos name nobody, so no person's export finds them; the retention policy removes
photos (and conversation notes) older than the retention period, keeping the checks, which are
what the audits report counts.
"""

from __future__ import annotations

from typing import Any

from servicegap.core.models import Workspace
from servicegap.people.handlers import ERASED, EXPIRED, Expiry, PersonalData
from servicegap.people.models import Person
from servicegap.quality.models import Conversation, WalkThroughStep


def export(ws: Workspace, person: Person, protected: bool) -> dict[str, Any]:
    found = Conversation.objects.of(ws).filter(customer=person).order_by("held_on", "pk")
    return {"customer_conversations": [
        {"held_on": c.held_on.isoformat(), "note": c.note} for c in found
    ]}  # fmt: skip


def count(ws: Workspace, person: Person) -> dict[str, int]:
    return {"customer_conversations": Conversation.objects.of(ws).filter(customer=person).count()}


def erase(ws: Workspace, person: Person) -> dict[str, int]:
    changed = Conversation.objects.of(ws).filter(customer=person).update(customer=None, note=ERASED)
    return {"customer_conversations": changed}


def expire(ws: Workspace, expiry: Expiry) -> dict[str, int]:
    steps = WalkThroughStep.objects.of(ws).filter(walk_through__visited_at__lt=expiry.before)
    photos = steps.exclude(photo_type="").update(photo=b"", photo_type="")
    talks = Conversation.objects.of(ws).filter(held_on__lt=expiry.before.date())
    notes = talks.exclude(note__in=["", ERASED, EXPIRED]).update(note=EXPIRED)
    return {"walk_through_photos": photos, "conversation_notes": notes}


HANDLER = PersonalData(
    models=(Conversation, WalkThroughStep),
    order=55,
    export=export,
    count=count,
    erase=erase,
    expire=expire,
)
