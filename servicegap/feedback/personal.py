"""Feedback's personal data: what a person wrote, feedback naming them as the employee, and the
recognitions routed to them (docs/privacy.md).

Feedback about an employee is exported without its author or the author's contact. Erasure keeps
the kind, date and place of feedback they wrote, redacts its text and removes its contact and
consent; feedback naming them loses the name and its text (it is about them); recognitions go.
"""

from __future__ import annotations

from typing import Any

from servicegap.core.models import Workspace
from servicegap.feedback.models import Feedback, Recognition
from servicegap.people.handlers import ERASED, EXPIRED, Expiry, PersonalData, code, delete, row
from servicegap.people.models import Person


def export(ws: Workspace, person: Person, protected: bool) -> dict[str, Any]:
    written = (
        Feedback.objects.of(ws)
        .filter(person=person)
        .select_related("unit", "touchpoint", "employee")
        .order_by("submitted_at", "pk")
    )
    about = (
        Feedback.objects.of(ws)
        .filter(employee=person)
        .select_related("unit", "touchpoint")
        .order_by("submitted_at", "pk")
    )
    return {
        "feedback": [
            {
                **row(
                    f,
                    ["id", "kind", "text", "submitted_at", "perspective", "channel"]
                    + ["contact", "consent", "external_id"],
                ),
                "unit": code(f.unit),
                "touchpoint": code(f.touchpoint),
                "employee_named": code(f.employee),
            }
            for f in written
        ],
        "feedback_about": [
            {
                **row(f, ["id", "kind", "text", "submitted_at", "perspective", "channel"]),
                "unit": code(f.unit),
                "touchpoint": code(f.touchpoint),
            }
            for f in about
        ],
        "recognitions": [
            row(r, ["feedback_id", "created_at", "seen_by_employee_at", "seen_by_manager_at"])
            for r in Recognition.objects.of(ws).filter(employee=person).order_by("created_at")
        ],
        "consent": {
            "feedback_contact": [
                {"feedback_id": f.pk, "contact": f.contact, "consent": f.consent}
                for f in written
                if f.contact or f.consent
            ],
        },
    }


def count(ws: Workspace, person: Person) -> dict[str, int]:
    return {
        "feedback": Feedback.objects.of(ws).filter(person=person).count(),
        "feedback_about": Feedback.objects.of(ws).filter(employee=person).count(),
    }


def erase(ws: Workspace, person: Person) -> dict[str, int]:
    done: dict[str, int] = {}
    written = Feedback.objects.of(ws).filter(person=person)
    done["feedback"] = written.update(text=ERASED, contact="", consent=False, person=None)
    done["feedback_about"] = (
        Feedback.objects.of(ws).filter(employee=person).update(text=ERASED, employee=None)
    )
    done["recognitions"] = delete(Recognition.objects.of(ws).filter(employee=person))
    return done


def expire(ws: Workspace, expiry: Expiry) -> dict[str, int]:
    """Old feedback's text and contact go (the consent flag, no longer pointing at anything,
    stays); kind, date, place and the author link stay."""
    feedback = expiry.unheld(Feedback.objects.of(ws).filter(submitted_at__lt=expiry.before))
    done: dict[str, int] = {}
    done["feedback_texts"] = feedback.exclude(text__in=[ERASED, EXPIRED]).update(text=EXPIRED)
    done["feedback_contacts"] = feedback.exclude(contact="").update(contact="")
    return done


HANDLER = PersonalData(
    models=(Feedback, Recognition),
    order=30,
    export=export,
    count=count,
    erase=erase,
    expire=expire,
)
