"""Helpers of the actions tests: many customer responses written in bulk, and an action."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from servicegap.actions.models import Action, ActionStandard, ActionTouchpoint, ActionUnit
from servicegap.people.models import Unit
from servicegap.standards.models import Standard
from servicegap.surveys.models import Answer, Response

START = date(2026, 1, 1)


def rated(ws, unit, day, values, *, item="CALLBACK", expect=None, perspective="customer",
          scale_max=7, touchpoint=None) -> None:  # fmt: skip
    """One customer response per value, on ``day`` at noon UTC, rating ``item`` (and an
    expectation of ``expect`` where given)."""
    at = datetime.combine(day, time(12), UTC)
    unit_id = Unit.objects.of(ws).get(code=unit).pk if isinstance(unit, str) else unit
    responses = Response.objects.bulk_create(
        Response(workspace=ws, submitted_at=at, perspective=perspective, scale_max=scale_max,
                 unit_id=unit_id, touchpoint=touchpoint)
        for _ in values
    )  # fmt: skip
    answers = [
        Answer(workspace=ws, response=r, item=item, kind="experience", value_num=float(v))
        for r, v in zip(responses, values, strict=True)
    ]
    if expect is not None:
        answers += [
            Answer(workspace=ws, response=r, item=item, kind="expectation", value_num=expect)
            for r in responses
        ]
    Answer.objects.bulk_create(answers)


def spread_over(first: date, days: int, n: int) -> list[date]:
    return [first + timedelta(days=i * days // n) for i in range(n)]


def make_action(ws, code="CALLBACK-FIX", *, standards=("CALLBACK",), units=(), touchpoints=(),
                start=START, **fields) -> Action:  # fmt: skip
    action = Action.objects.create(workspace=ws, code=code, title=f"Fix {code}",
                                   started_on=start, **fields)  # fmt: skip
    for s in standards:
        ActionStandard.objects.create(
            workspace=ws, action=action, standard=Standard.objects.of(ws).get(code=s)
        )
    for u in units:
        ActionUnit.objects.create(workspace=ws, action=action, unit=Unit.objects.of(ws).get(code=u))
    for t in touchpoints:
        ActionTouchpoint.objects.create(workspace=ws, action=action, touchpoint=t)
    return action
