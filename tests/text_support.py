"""What the Django-side text tests share (tests/text/test_store*, test_routing*, test_explorer*,
test_corrections*, test_api*): a place with a touchpoint and an employee, comments stored
through the real contracts, the worker run for real."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from servicegap.feedback.contract import record_feedback
from servicegap.journeys.models import Journey, Touchpoint
from servicegap.people.models import Person, Unit
from servicegap.surveys.contract import record_response


@pytest.fixture
def place(workspace, standards):
    """VISIT at SALES (GREET applies there); CALL at SERVICE; employees Anna Field at SALES and
    Ben Okafor at SERVICE."""
    journey = Journey.objects.create(workspace=workspace, code="BUY", name="Buying a car")
    units = {u.code: u for u in Unit.objects.of(workspace)}
    visit = Touchpoint.objects.create(
        workspace=workspace, journey=journey, code="VISIT", name="Showroom visit", step=1,
        unit=units["SALES"],
    )  # fmt: skip
    visit.standards.add(standards[0], through_defaults={"workspace": workspace})
    Touchpoint.objects.create(
        workspace=workspace, journey=journey, code="CALL", name="Phone call back", step=2,
        unit=units["SERVICE"],
    )  # fmt: skip
    for code, name, unit in (("E-ANNA", "Anna Field", "SALES"), ("E-BEN", "Ben Okafor", "SERVICE")):
        Person.objects.create(
            workspace=workspace, code=code, name=name, kind="employee", unit=units[unit]
        )
    return visit


def ago(hours: float = 1) -> str:
    return (timezone.now() - timedelta(hours=hours)).isoformat()


def feedback(ws, kind: str, text: str, *, live: bool = True, hours: float = 1, **extra):
    data = {"kind": kind, "text": text, "submitted_at": ago(hours), **extra}
    return record_feedback(ws, data, channel="api", live=live)


def comment(
    ws, text: str, *, perspective: str = "customer", hours: float = 1, live: bool = True, **extra
):
    data = {
        "perspective": perspective, "submitted_at": ago(hours),
        "answers": [{"kind": "text", "value": text}], **extra,
    }  # fmt: skip
    return record_response(ws, data, live=live)


def run_worker(monkeypatch) -> None:
    from tests.invitation_support import run_worker as run

    run(monkeypatch)
