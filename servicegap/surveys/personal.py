"""The surveys' personal data: a person's responses and answers (docs/privacy.md).

Responses stay when their respondent is erased (the figures need the ratings): the respondent is
cleared, the contact and its consent removed, free-text answers redacted in place. Employee,
leader and internal responses point to an anonymous stand-in person instead of to nobody: the
anonymity threshold counts a response without a respondent as one respondent of its own, so one
erased employee would otherwise count as many. They are in the export only when ``protected``
(the CLI's export; docs/anonymity.md). Customer responses naming a person as the employee who
served are exported without their respondent or contact, with their free text (it may describe
the employee); erasure removes the name and redacts that free text, as feedback naming someone
loses its text, and keeps the ratings (they are the customer's).
"""

from __future__ import annotations

import secrets
from typing import Any

from django.db.models import Q

from servicegap.core.models import Workspace
from servicegap.lib.scales import PROTECTED_PERSPECTIVES
from servicegap.people.handlers import (
    ERASED,
    EXPIRED,
    STAND_IN_PREFIX,
    Expiry,
    PersonalData,
    code,
    json_value,
    row,
)
from servicegap.people.models import Person
from servicegap.surveys.models import Answer, Response


def export(ws: Workspace, person: Person, protected: bool) -> dict[str, Any]:
    responses = Response.objects.of(ws).filter(respondent=person)
    if not protected:
        responses = responses.exclude(perspective__in=PROTECTED_PERSPECTIVES)
    responses = (
        responses.select_related("unit", "supplier", "touchpoint", "survey", "employee")
        .prefetch_related("answers")
        .order_by("submitted_at", "pk")
    )
    served = (
        Response.objects.of(ws)
        .filter(employee=person)
        .select_related("unit", "touchpoint", "survey")
        .prefetch_related("answers")
        .order_by("submitted_at", "pk")
    )
    return {
        "responses": [_response(r) for r in responses],
        "responses_served": [
            {
                **row(r, ["id", "submitted_at", "perspective"]),
                "unit": code(r.unit),
                "touchpoint": code(r.touchpoint),
                "survey": code(r.survey),
                "comments": [a.value_text for a in r.answers.all() if a.kind == "text"],
            }
            for r in served
        ],
        "consent": {
            "response_contact": [
                {
                    "response_id": r.pk,
                    "contact": r.contact,
                    "consent_at": json_value(r.contact_consent_at),
                }
                for r in responses
                if r.contact or r.contact_consent_at
            ],
        },
    }


def _response(r: Response) -> dict[str, Any]:
    return {
        **row(r, ["id", "submitted_at", "time_zone", "perspective", "survey_version"]),
        **row(r, ["scale_max", "received_at", "external_id", "contact", "contact_consent_at"]),
        "unit": code(r.unit),
        "supplier": code(r.supplier),
        "touchpoint": code(r.touchpoint),
        "survey": code(r.survey),
        "employee": code(r.employee),
        "answers": [
            {"item": a.item, "kind": a.kind, "value": a.value}
            for a in sorted(r.answers.all(), key=lambda a: a.pk)
        ],
    }


def count(ws: Workspace, person: Person) -> dict[str, int]:
    return {
        "responses": Response.objects.of(ws).filter(respondent=person).count(),
        "responses_served": Response.objects.of(ws).filter(employee=person).count(),
    }


def erase(ws: Workspace, person: Person) -> dict[str, int]:
    done: dict[str, int] = {}
    served = Response.objects.of(ws).filter(employee=person)
    done["served_text_answers"] = (
        Answer.objects.of(ws)
        .filter(response__in=served, kind="text")
        .exclude(value_text="")
        .update(value_text=ERASED)
    )
    done["responses_served"] = served.update(employee=None)
    done["text_answers"] = (
        Answer.objects.of(ws)
        .filter(response__respondent=person, kind="text")
        .exclude(value_text="")
        .update(value_text=ERASED)
    )
    responses = Response.objects.of(ws).filter(respondent=person)
    done["responses"] = responses.update(contact="", contact_consent_at=None)
    protected = responses.filter(perspective__in=PROTECTED_PERSPECTIVES)
    if protected.exists():
        stand_in = Person.objects.create(
            workspace=ws, code=STAND_IN_PREFIX + secrets.token_hex(6), kind=person.kind
        )
        protected.update(respondent=stand_in)
    responses.update(respondent=None)
    return done


def expire(ws: Workspace, expiry: Expiry) -> dict[str, int]:
    """Free text and contacts of old responses go; ratings and the respondent link stay (the
    anonymity threshold needs to know which answers came from the same person)."""
    responses = expiry.unheld(Response.objects.of(ws).filter(submitted_at__lt=expiry.before))
    done: dict[str, int] = {}
    done["text_answers"] = (
        Answer.objects.of(ws)
        .filter(response__in=responses, kind="text")
        .exclude(value_text__in=["", ERASED, EXPIRED])
        .update(value_text=EXPIRED)
    )
    done["response_contacts"] = responses.filter(
        Q(contact__gt="") | Q(contact_consent_at__isnull=False)
    ).update(contact="", contact_consent_at=None)
    return done


HANDLER = PersonalData(
    models=(Response, Answer),
    order=20,
    export=export,
    count=count,
    erase=erase,
    expire=expire,
)
