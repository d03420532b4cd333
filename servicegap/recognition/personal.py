"""Recognition's personal data: the rewards given for a person's recognitions and the log of the
monthly digests sent to them (docs/privacy.md). Their recognitions themselves are the feedback
app's. Runs before the feedback handler, whose erasure deletes the recognitions (and with them
the rewards), so the counts here are the real ones. Retention leaves both alone: a reward is
the employee's record, and the digest log (a month and a count) is what keeps a month's digest
from being sent twice."""

from __future__ import annotations

from typing import Any

from servicegap.core.models import Workspace
from servicegap.people.handlers import PersonalData, delete, json_value, row
from servicegap.people.models import Person
from servicegap.recognition.models import DigestSent, Reward


def _rewards(ws: Workspace, person: Person):
    return Reward.objects.of(ws).filter(recognition__employee=person)


def export(ws: Workspace, person: Person, protected: bool) -> dict[str, Any]:
    rewards = _rewards(ws, person).select_related("recognition").order_by("given_at", "pk")
    digests = DigestSent.objects.of(ws).filter(person=person).order_by("month")
    return {
        "rewards": [
            {
                **row(r, ["kind", "amount", "currency", "note", "given_at"]),
                "feedback_id": r.recognition.feedback_id,
            }
            for r in rewards
        ],
        "recognition_digests": [
            {**row(d, ["recognitions", "sent_at", "refused"]), "month": json_value(d.month)}
            for d in digests
        ],
    }


def count(ws: Workspace, person: Person) -> dict[str, int]:
    return {"rewards": _rewards(ws, person).count()}


def erase(ws: Workspace, person: Person) -> dict[str, int]:
    return {
        "rewards": delete(_rewards(ws, person)),
        "recognition_digests": delete(DigestSent.objects.of(ws).filter(person=person)),
    }


HANDLER = PersonalData(
    models=(Reward, DigestSent),
    order=27,
    export=export,
    count=count,
    erase=erase,
)
