"""Cases' personal data: cases about a person (docs/privacy.md).

A case is about a person as its customer, or through the response or feedback it was opened from
(theirs, or feedback naming them). Erasure keeps number, status, dates, unit and outcome and
redacts title and resolution; it runs before the surveys' and feedback's handlers, which clear
the links these cases are found through. The retention policy leaves the responses and feedback
of open cases alone until the case is closed.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, Q, QuerySet

from servicegap.cases.models import Case, CaseStatus
from servicegap.core.models import Workspace
from servicegap.feedback.models import Feedback
from servicegap.people.handlers import ERASED, PersonalData, code, row
from servicegap.people.models import Person
from servicegap.surveys.models import Response


def cases_about(ws: Workspace, person: Person) -> QuerySet[Case]:
    return Case.objects.of(ws).filter(
        Q(customer=person)
        | Q(response__respondent=person)
        | Q(feedback__person=person)
        | Q(feedback__employee=person)
    )


def export(ws: Workspace, person: Person, protected: bool) -> dict[str, Any]:
    return {
        "cases": [
            {
                **row(c, ["number", "title", "status", "opened_at", "due_at", "closed_at"]),
                **row(c, ["resolution", "contact", "feedback_id", "response_id"]),
                "unit": code(c.unit),
            }
            for c in cases_about(ws, person).select_related("unit").order_by("number")
        ],
    }


def count(ws: Workspace, person: Person) -> dict[str, int]:
    return {"cases": cases_about(ws, person).count()}


def erase(ws: Workspace, person: Person) -> dict[str, int]:
    cases = cases_about(ws, person)
    done = {"cases": cases.count()}
    cases.exclude(resolution="").update(resolution=ERASED)
    cases.update(title=ERASED, customer=None, contact="")
    return done


def hold(ws: Workspace) -> dict[type[Model], QuerySet[Any]]:
    """An open case still needs its customer's words and contact details."""
    open_cases = Case.objects.of(ws).exclude(status=CaseStatus.CLOSED)
    return {
        Response: open_cases.filter(response__isnull=False).values("response_id"),
        Feedback: open_cases.filter(feedback__isnull=False).values("feedback_id"),
    }


HANDLER = PersonalData(
    models=(Case,),
    order=10,
    export=export,
    count=count,
    erase=erase,
    hold=hold,
)
