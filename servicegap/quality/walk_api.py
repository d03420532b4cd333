"""The API of walk-throughs: ``GET /api/v1/walk-throughs/checklist/{journey}`` (a journey's
checklist: its touchpoints and the behaviours of the standards at each), ``GET
/api/v1/walk-throughs`` (a page at a time) and ``POST /api/v1/walk-throughs`` (a walk from a
mystery-shopping agency's app or a form tool; scope ``ingest``). The POST takes the document the
walk page sends (``servicegap.quality.walks.store``): a resend with the same
``submission_key`` answers 200 with the first walk and stores nothing. The audits report is
``GET /api/v1/reports/audits``. (No ``from __future__ import annotations``: Ninja reads them.)
"""

from typing import Any

from ninja import Field, Router, Schema
from ninja.pagination import paginate

from servicegap.api.auth import scoped
from servicegap.api.errors import ApiError, responses
from servicegap.api.pagination import Pages
from servicegap.api.writes import answers, respond
from servicegap.core.audit import record
from servicegap.journeys.models import Journey
from servicegap.quality import walks
from servicegap.quality.models import WalkThrough

router = Router(tags=["walk-throughs"], auth=scoped("read"))
WRITE = scoped("ingest")
BODY_MAX = 12 * 1024 * 1024


class ItemOut(Schema):
    standard: str
    title: str
    behaviour: str = Field(description="How the customer will know (the standard's title when "
                                       "it has no behaviour written).")  # fmt: skip


class StepOut(Schema):
    touchpoint: str
    name: str
    step: int
    unit: str | None
    items: list[ItemOut]


class CheckIn(Schema):
    standard: str
    behaviour: str = Field(description="Exactly as the checklist gives it.")
    observed: bool


class StepIn(Schema):
    touchpoint: str
    checks: list[CheckIn] = []
    note: str | None = None
    photo: str | None = Field(None, description="JPEG, PNG or WebP as base64 or a data URL; "
                                                "at most 1 MB.")  # fmt: skip


class WalkIn(Schema):
    submission_key: str = Field(description="8-64 of A-Z a-z 0-9 - _; a resend with the same key "
                                            "is stored once.")  # fmt: skip
    journey: str
    walker_kind: str = Field(description="leader or mystery_shopper")
    walker_name: str | None = None
    unit: str | None = Field(None, description="Unit code; default: each touchpoint's own unit.")
    round: int | None = Field(None, description="The audit round it completes.")
    visited_at: str | None = Field(None, description="ISO 8601; default now.")
    notes: str | None = None
    steps: list[StepIn]


class WalkOut(Schema):
    id: int
    journey: str
    unit: str | None
    walker_kind: str
    walker_name: str
    visited_at: str
    round: int | None
    checks: int
    observed: int


def _out(w: WalkThrough) -> dict[str, Any]:
    checks = list(w.checks.values_list("met", flat=True))
    return {"id": w.pk, "journey": w.journey.code, "unit": w.unit.code if w.unit else None,
            "walker_kind": w.walker_kind, "walker_name": w.walker_name,
            "visited_at": w.visited_at.isoformat(), "round": w.round_id,
            "checks": len(checks), "observed": sum(checks)}  # fmt: skip


@router.get("/walk-throughs/checklist/{journey}", response=responses(list[StepOut]))
def checklist(request, journey: str):
    """The journey's steps in order, each with the behaviours a walker checks there."""
    found = Journey.objects.of(request.workspace).filter(code=journey).first()
    if found is None:
        raise ApiError(404, f"there is no journey {journey!r}", "journey")
    return [
        {"touchpoint": s.touchpoint, "name": s.name, "step": s.step, "unit": s.unit,
         "items": [vars(i) for i in s.items]}
        for s in walks.journey_checklist(request.workspace, found)
    ]  # fmt: skip


@router.get("/walk-throughs", response=responses(list[WalkOut], params=True))
@paginate(Pages)
def list_walks(request):
    """The workspace's walk-throughs, newest first, a page at a time."""
    found = WalkThrough.objects.of(request.workspace).select_related("journey", "unit")
    return [_out(w) for w in found]


@router.post("/walk-throughs", auth=WRITE, response=answers(WalkOut) | {200: WalkOut},
             openapi_extra={"requestBody": {"required": True, "content": {
                 "application/json": {"schema": WalkIn.model_json_schema()}}}})  # fmt: skip
def create_walk(request):
    """Store a walk-through; 201 with it, 200 with the earlier one when its submission_key was
    stored before; 422 names the field at fault and stores nothing."""

    def write(data: Any, _prepared: None) -> tuple[int, dict[str, Any]]:
        ws = request.workspace
        walk, created = walks.store(ws, None, data)
        if created:
            record(ws, request.api_key, "walk.record", journey=walk.journey.code,
                   checks=walk.checks.count())  # fmt: skip
        return (201 if created else 200), _out(walk)

    return respond(request, "walk-throughs", BODY_MAX, write)
