"""Customer input as it arrives, told to the workspace's webhooks (an ingest hook).

What is sent, and why not more:

- ``response.created`` for **customer** responses only. Employee, leader and internal answers are
  anonymous (shown only in groups past the threshold); one webhook per answer would hand them out
  one by one with their time, unit and touchpoint, so they are never sent.
- ``feedback.created`` for feedback from the **customer** perspective only, with its text: the
  customer wrote it to this workspace, and the receiver is the workspace's own system (a helpdesk
  or chat). Employee ideas (perspective ``employee``) are not sent, for the same anonymity.
- Only **live** input (API, pages, kiosk, widget, e-mail replies): an import of a year of history
  would flood the receiver with old events, so ``servicegap import`` sends none.

The contact a customer gave stays out of the payload: the receiver can ask the API for it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from servicegap.core.ingest import Stored
from servicegap.notifications import events

CUSTOMER = "customer"


def on_stored(stored: Stored) -> None:
    describe: Callable[[Any, dict[tuple[str, int], str]], dict[str, Any]]
    if not stored.live:
        return
    if stored.kind == "response":
        rows = [r for r in stored.rows if r.perspective == CUSTOMER]
        event, describe = "response.created", response_data
    else:
        rows = [f for f in stored.rows if f.perspective == CUSTOMER]
        event, describe = "feedback.created", feedback_data
    if not rows:
        return
    hooks = events.listening(stored.workspace, event)  # one query; most workspaces have none
    if not hooks:
        return
    codes = codes_of(rows)
    events.emit_many(stored.workspace, event, [describe(r, codes) for r in rows], hooks)


def codes_of(rows: list[Any]) -> dict[tuple[str, int], str]:
    """Unit and touchpoint codes of the rows, read in two queries."""
    from servicegap.journeys.models import Touchpoint
    from servicegap.people.models import Unit

    unit_ids = {r.unit_id for r in rows if r.unit_id}
    touchpoint_ids = {r.touchpoint_id for r in rows if r.touchpoint_id}
    found: dict[tuple[str, int], str] = {}
    if unit_ids:
        for pk, code in Unit.objects.filter(pk__in=unit_ids).values_list("pk", "code"):
            found["unit", pk] = code
    if touchpoint_ids:
        for pk, code in Touchpoint.objects.filter(pk__in=touchpoint_ids).values_list("pk", "code"):
            found["touchpoint", pk] = code
    return found


def response_data(r: Any, codes: dict[tuple[str, int], str]) -> dict[str, Any]:
    return {
        "id": r.pk,
        "kind": "response",
        "perspective": r.perspective,
        "survey": r.survey_id,
        "unit": codes.get(("unit", r.unit_id)),
        "touchpoint": codes.get(("touchpoint", r.touchpoint_id)),
        "submitted_at": r.submitted_at.isoformat(),
    }


def feedback_data(f: Any, codes: dict[tuple[str, int], str]) -> dict[str, Any]:
    return {
        "id": f.pk,
        "kind": f.kind,
        "perspective": f.perspective,
        "text": f.text,
        "channel": f.channel,
        "unit": codes.get(("unit", f.unit_id)),
        "touchpoint": codes.get(("touchpoint", f.touchpoint_id)),
        "submitted_at": f.submitted_at.isoformat(),
    }
