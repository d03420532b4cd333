"""The API's read endpoint for the journeys: each with its touchpoints in order.

(No ``from __future__ import annotations``: Ninja reads the annotations at import time.)
"""

from typing import Any

from django.db.models import Prefetch
from ninja import Router, Schema

from servicegap.api.auth import scoped
from servicegap.api.errors import responses
from servicegap.journeys.models import Journey, Touchpoint
from servicegap.standards.models import Standard

router = Router(tags=["catalogue"], auth=scoped("read"))


class TouchpointOut(Schema):
    code: str
    name: str
    step: int
    channel: str
    unit: str | None
    standards: list[str]

    @staticmethod
    def resolve_unit(obj: Touchpoint) -> str | None:
        return obj.unit.code if obj.unit is not None else None

    @staticmethod
    def resolve_standards(obj: Touchpoint) -> list[str]:
        return [s.code for s in obj.standards.all()]  # prefetched, ordered by code


class JourneyOut(Schema):
    code: str
    name: str
    description: str
    touchpoints: list[TouchpointOut]

    @staticmethod
    def resolve_touchpoints(obj: Journey) -> list[Any]:
        return list(obj.touchpoints.all())  # prefetched, ordered by step


@router.get("/journeys", response=responses(list[JourneyOut]))
def list_journeys(request):
    """Customer journeys with their touchpoints in order, and each touchpoint's standard codes."""
    touchpoints = (
        Touchpoint.objects.select_related("unit")
        .prefetch_related(
            Prefetch("standards", queryset=Standard.objects.only("code").order_by("code"))
        )
        .order_by("step")
    )
    return (
        Journey.objects.of(request.workspace)
        .prefetch_related(Prefetch("touchpoints", queryset=touchpoints))
        .order_by("code")
    )
