"""One customer's story in date order: their purchases, customer-survey answers, feedback and
cases (servicegap.loyalty.views shows it to owners and leaders: it is personal data).

Only customer-perspective responses are read: a person's employee or leader answers never appear
on a customer timeline (docs/security.md). A bad moment (a misery moment, a recommend answer of
0–6, a complaint) is marked, so the page shows where the story turned.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from servicegap.cases.models import Case
from servicegap.core.models import Workspace
from servicegap.feedback.models import Feedback
from servicegap.loyalty.models import Transaction
from servicegap.people.models import Person
from servicegap.surveys.models import Answer, Response

SHORT = 160  # characters of a text shown on the timeline


def _short(text: str) -> str:
    return text if len(text) <= SHORT else text[: SHORT - 1] + "…"


def _responses(ws: Workspace, person: Person) -> list[dict[str, Any]]:
    found = list(
        Response.objects.of(ws)
        .filter(respondent=person, perspective="customer")
        .select_related("survey", "touchpoint")
        .order_by("submitted_at", "pk")
    )
    answers: dict[int, list[Answer]] = {r.pk: [] for r in found}
    for a in Answer.objects.of(ws).filter(
        response_id__in=answers, kind__in=("nps", "moment", "overall", "text", "choice")
    ):
        answers[a.response_id].append(a)
    out = []
    for r in found:
        said, bad = [], False
        for a in answers[r.pk]:
            if a.kind == "nps" and a.value_num is not None:
                said.append(f"recommend {a.value_num:g}")
                bad |= a.value_num <= 6
            elif a.kind == "moment" and a.value_text:
                said.append(a.value_text)
                bad |= a.value_text == "misery"
            elif a.kind == "overall" and a.value_num is not None:
                said.append(f"overall {a.value_num:g} of {r.scale_max}")
            elif a.kind == "choice" and a.value_text:
                said.append(a.value_text)
            elif a.kind == "text" and a.value_text:
                said.append(f"“{_short(a.value_text)}”")
        where = r.touchpoint.name if r.touchpoint else ""
        what = r.survey.title if r.survey else "Survey answer"
        out.append({
            "kind": "response", "at": r.submitted_at, "title": f"{what}{f' at {where}' if where else ''}",
            "detail": "; ".join(said), "bad": bad,
        })  # fmt: skip
    return out


def events(ws: Workspace, person: Person) -> list[dict[str, Any]]:
    """The customer's events, oldest first: {kind, day, title, detail, bad, label}."""
    found = _responses(ws, person)
    for t in Transaction.objects.of(ws).filter(customer=person).select_related("unit"):
        found.append({
            "kind": "transaction", "at": t.date, "title": f"Purchase {ws.currency} {t.amount:,.2f}",
            "detail": t.unit.name if t.unit else "", "bad": t.amount < 0,
        })  # fmt: skip
    for f in Feedback.objects.of(ws).filter(person=person, perspective="customer"):
        found.append({"kind": "feedback", "at": f.submitted_at, "title": f.kind.capitalize(),
                      "detail": _short(f.text), "bad": f.kind == "complaint"})  # fmt: skip
    for c in Case.objects.of(ws).filter(customer=person):
        found.append({"kind": "case", "at": c.opened_at, "title": f"Case {c.number} opened",
                      "detail": f"{c.title} ({c.status})", "bad": False})  # fmt: skip
    zone = ZoneInfo(ws.time_zone or "UTC")
    for e in found:  # a day in the workspace's time zone, as the reports count days
        at = e["at"]
        e["day"] = at.astimezone(zone).date() if isinstance(at, datetime) else at
        e["label"] = f"{e['day'].isoformat()} {e['title']}"
    found.sort(
        key=lambda e: (e["day"], ("transaction", "response", "feedback", "case").index(e["kind"]))
    )
    return found
