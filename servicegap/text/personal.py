"""The text labels' part in personal data (docs/privacy.md). A label holds no text, but a
correction keeps the redacted comment as a training example, and mentions name employees.

Erasure removes the labels (and so the corrections made of them) of whatever the person wrote or
was named in; retention removes the labels of feedback whose text has expired. Nothing to export:
the person's own words are exported by feedback and surveys.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from servicegap.core.models import Workspace
from servicegap.people.handlers import EXPIRED, Expiry, PersonalData, delete
from servicegap.people.models import Person
from servicegap.text.models import Correction, Enrichment, Fit, Tag


def _theirs(ws: Workspace, person: Person) -> Any:
    mentioned = Tag.objects.of(ws).filter(field="mention", value=person.code)
    return Enrichment.objects.of(ws).filter(
        Q(feedback__person=person) | Q(feedback__employee=person)
        | Q(answer__response__respondent=person) | Q(pk__in=mentioned.values("enrichment_id"))
    )  # fmt: skip


def count(ws: Workspace, person: Person) -> dict[str, int]:
    return {"comment_labels": _theirs(ws, person).count()}


def erase(ws: Workspace, person: Person) -> dict[str, int]:
    return {"comment_labels": delete(_theirs(ws, person))}


def expire(ws: Workspace, expiry: Expiry) -> dict[str, int]:
    """Labels of feedback whose text retention has removed go with it."""
    gone = Enrichment.objects.of(ws).filter(feedback__text=EXPIRED)
    return {"comment_labels": delete(gone)}


HANDLER = PersonalData(
    models=(Enrichment, Tag, Correction, Fit),
    order=15,  # before surveys and feedback, which clear the links these are found by
    count=count,
    erase=erase,
    expire=expire,
)
