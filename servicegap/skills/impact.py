""" "My impact" on My page: the employee's unit's customer results (NPS with its interval), the
compliments that named them, and the unit's standards whose gap moved beyond chance since the
quarter before ("every employee knows the impact of their job on loyalty").

The window is the latest calendar quarter with customer answers for the unit, compared with the
quarter before it (the gaps report's change, BH-adjusted); only significant changes are listed.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from servicegap.feedback.models import Recognition
from servicegap.gaps.filters import period_key
from servicegap.gaps.kinds import run
from servicegap.people.models import Unit
from servicegap.surveys.models import Response

RECENT_DAYS = 90


def _latest_quarter(unit: Unit) -> str | None:
    last = (
        Response.objects.of(unit.workspace)
        .filter(perspective="customer", unit_id__in=[unit.pk, *_children(unit)])
        .order_by("-submitted_at")
        .values_list("submitted_at", flat=True)
        .first()
    )
    if last is None:
        return None
    zone = ZoneInfo(unit.workspace.time_zone or "UTC")
    return period_key(last.astimezone(zone).date(), "quarter")


def _children(unit: Unit) -> list[int]:
    found, todo = [], [unit.pk]
    while todo:
        below = Unit.objects.of(unit.workspace).filter(parent_id__in=todo)
        kids = list(below.values_list("pk", flat=True))
        found += kids
        todo = kids
    return found


def context(request) -> dict[str, Any] | None:
    person = request.membership.person
    if person is None or person.workspace_id != request.workspace.pk or person.unit is None:
        return None
    ws, unit = request.workspace, person.unit
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    named = Recognition.objects.of(ws).filter(employee=person)
    out: dict[str, Any] = {
        "unit": unit,
        "compliments": named.count(),
        "recent": named.filter(feedback__submitted_at__gte=since).count(),
        "recent_days": RECENT_DAYS,
        "quarter": _latest_quarter(unit),
        "nps": None,
        "moves": [],
    }
    if out["quarter"] is None:
        return out
    window = {"unit": unit.code, "window": out["quarter"]}
    out["nps"] = run(ws, "nps", window)
    gaps = run(ws, "gaps", {**window, "by": "item"})
    out["moves"] = [
        r for r in gaps.get("rows", []) if not r.get("suppressed") and r.get("change_significant")
    ]
    return out
