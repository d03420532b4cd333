"""Factories of the recognition tests: employees linked to the personas' accounts and compliments
stored through the real feedback contract (so each becomes a recognition as in production)."""

from __future__ import annotations

import datetime as dt

import pytest


def employee(workspace, code: str, name: str, unit: str, email: str = ""):
    from servicegap.people.models import Person, Unit

    return Person.objects.create(
        workspace=workspace,
        code=code,
        name=name,
        kind="employee",
        unit=Unit.objects.of(workspace).get(code=unit),
        email=email,
    )


def link(workspace, user, person) -> None:
    """Link ``user``'s membership to ``person`` (the employee record of that account)."""
    from servicegap.accounts.models import Membership

    Membership.objects.of(workspace).filter(user=user).update(person=person)


def compliment(workspace, person, text: str, *, days_ago: float = 1, unit: str = "", **extra):
    """A compliment naming ``person``, stored through the feedback contract; its recognition."""
    from django.utils import timezone

    from servicegap.feedback.contract import record_feedback
    from servicegap.feedback.models import Recognition

    data = {
        "kind": "compliment",
        "text": text,
        "employee": person.code,
        "submitted_at": (timezone.now() - dt.timedelta(days=days_ago)).isoformat(),
        **({"unit": unit} if unit else {}),
        **extra,
    }
    feedback = record_feedback(workspace, data, channel="web")
    return Recognition.objects.get(feedback=feedback)


@pytest.fixture
def team(workspace, users):
    """Anna (SALES, the employee persona's record), Ben (SALES) and Cleo (SERVICE), each named in
    compliments; returns {name: (person, [recognitions])}."""
    anna = employee(workspace, "E-ANNA", "Anna Adams", "SALES")
    ben = employee(workspace, "E-BEN", "Ben Brown", "SALES")
    cleo = employee(workspace, "E-CLEO", "Cleo Clark", "SERVICE")
    link(workspace, users["employee"], anna)
    return {
        "anna": (anna, [compliment(workspace, anna, "Anna found the perfect car for us", days_ago=3),
                        compliment(workspace, anna, "Anna stayed late to finish the paperwork")]),
        "ben": (ben, [compliment(workspace, ben, "Ben explained the finance options clearly")]),
        "cleo": (cleo, [compliment(workspace, cleo, "Cleo fixed the rattle in one visit")]),
    }  # fmt: skip
