"""Cases' personal data: cases about a person (docs/privacy.md).

A case is about a person as its customer, or through the response or feedback it was opened from
(theirs, or feedback naming them). Erasure keeps number, status, dates, unit and outcome and
redacts title and resolution, the text of every log line (the customer's messages, the replies
and their address, notes that may name them), the goodwill notes, and deletes the single-use
links (an unused one would still open a page about the case); goodwill amounts and the recovery
answers stay, unlinked, for the figures. It runs before the surveys' and feedback's handlers,
which clear the links these cases are found through. The retention policy leaves the responses and feedback
of open cases alone until the case is closed.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, Q, QuerySet

from servicegap.cases.models import Case, CaseEvent, CaseLink, CaseStatus, EventKind, Goodwill
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
                **row(c, ["recovery_answer", "recovery_nps", "recovery_answered_at"]),
                **_case_parts(c),
            }
            for c in cases_about(ws, person).select_related("unit").order_by("number")
        ],
    }


# The log lines that are messages with the customer (the rest is the staff's work on the case).
MESSAGES = (EventKind.REPLY, EventKind.CUSTOMER, EventKind.RECOVERY)


def _case_parts(c: Case) -> dict[str, Any]:
    """The messages with the customer, the goodwill and the links of one case (few per case)."""
    events = CaseEvent.objects.filter(case=c, kind__in=MESSAGES).order_by("at", "id")
    gifts = Goodwill.objects.filter(case=c).order_by("granted_at", "id")
    links = CaseLink.objects.filter(case=c).order_by("created_at", "id")
    return {
        "messages": [row(e, ["at", "kind", "actor_label", "text"]) for e in events],
        "goodwill": [
            row(g, ["kind", "amount", "currency", "state", "note", "granted_at"]) for g in gifts
        ],
        "links": [row(k, ["purpose", "created_at", "expires_at", "used_at"]) for k in links],
    }


def count(ws: Workspace, person: Person) -> dict[str, int]:
    return {"cases": cases_about(ws, person).count()}


def erase(ws: Workspace, person: Person) -> dict[str, int]:
    cases = cases_about(ws, person)
    done = {"cases": cases.count()}
    ids = list(cases.values_list("pk", flat=True))
    cases.exclude(resolution="").update(resolution=ERASED)
    cases.update(title=ERASED, customer=None, contact="")
    events = CaseEvent.objects.of(ws).filter(case_id__in=ids)
    done["case_log_lines"] = events.exclude(text="").update(text=ERASED)
    for event in events.filter(kind=EventKind.REPLY).only("pk", "detail"):
        event.detail.pop("to", None)  # the customer's address
        CaseEvent.objects.filter(pk=event.pk).update(detail=event.detail)
    Goodwill.objects.of(ws).filter(case_id__in=ids).exclude(note="").update(note=ERASED)
    done["case_links"], _ = CaseLink.objects.of(ws).filter(case_id__in=ids).delete()
    return done


def hold(ws: Workspace) -> dict[type[Model], QuerySet[Any]]:
    """An open case still needs its customer's words and contact details."""
    open_cases = Case.objects.of(ws).exclude(status=CaseStatus.CLOSED)
    return {
        Response: open_cases.filter(response__isnull=False).values("response_id"),
        Feedback: open_cases.filter(feedback__isnull=False).values("feedback_id"),
    }


HANDLER = PersonalData(
    models=(Case, CaseEvent, CaseLink, Goodwill),
    order=10,
    export=export,
    count=count,
    erase=erase,
    hold=hold,
)
