"""A small internal chain for the chain tests: PARTS serves SERVICE, DESK serves SALES."""

from __future__ import annotations

from servicegap.people.models import InternalLink, Person, Unit
from servicegap.surveys.contract import record_response

WHEN = "2026-03-10T10:00:00+00:00"


def units(ws) -> dict[str, Unit]:
    hq = Unit.objects.get(workspace=ws, code="HQ")
    for code, name in (("PARTS", "Parts"), ("DESK", "Front desk")):
        Unit.objects.get_or_create(workspace=ws, code=code, defaults={"name": name, "parent": hq})
    return {u.code: u for u in Unit.objects.of(ws)}


def link(ws, supplier: str, customer: str) -> InternalLink:
    found = units(ws)
    return InternalLink.objects.create(
        workspace=ws, supplier=found[supplier], customer=found[customer]
    )


def internal_survey(ws):
    """The internal survey whose three rating questions the tests answer (INT-0 .. INT-2)."""
    from servicegap.surveys.models import Question, Survey

    survey, made = Survey.objects.get_or_create(
        workspace=ws, code="INTERNAL",
        defaults={"title": "Internal", "perspective": "internal", "status": "published"},
    )  # fmt: skip
    if made:
        for i in range(3):
            Question.objects.create(workspace=ws, survey=survey, code=f"INT-{i}", kind="rating",
                                    text={"en": f"Item {i}"}, position=i)  # fmt: skip
    return survey


def rate(ws, supplier: str, customer: str, person: str, *values: float, live=False):
    """One internal response of ``person`` (an employee of ``customer``) about ``supplier``."""
    unit = Unit.objects.get(workspace=ws, code=customer)
    Person.objects.get_or_create(
        workspace=ws, code=person, defaults={"kind": "employee", "unit": unit}
    )
    internal_survey(ws)
    answers = [{"item": f"INT-{i}", "kind": "rating", "value": v} for i, v in enumerate(values)]
    return record_response(
        ws,
        {"submitted_at": WHEN, "perspective": "internal", "respondent": person,
         "survey": "INTERNAL", "unit": customer, "supplier": supplier, "answers": answers},
        live=live,
    )  # fmt: skip


def chain(ws, parts_people=6, desk_people=6) -> None:
    """PARTS → SERVICE rated low by ``parts_people``, DESK → SALES high by ``desk_people``;
    FINANCE-less SERVICE → SALES declared but never rated."""
    units(ws)
    link(ws, "PARTS", "SERVICE")
    link(ws, "DESK", "SALES")
    link(ws, "SERVICE", "SALES")
    for i in range(parts_people):
        rate(ws, "PARTS", "SERVICE", f"svc{i}", 2 + i % 2, 3, 2)
    for i in range(desk_people):
        rate(ws, "DESK", "SALES", f"sal{i}", 6, 5 + i % 2, 6)
