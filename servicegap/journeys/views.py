"""Customer journeys and their touchpoints, in order."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import render

from servicegap.core.web import workspace_view
from servicegap.journeys.models import Journey, Touchpoint


@workspace_view()
def journey_list(request) -> HttpResponse:
    touchpoints = (
        Touchpoint.objects.of(request.workspace)
        .select_related("unit")
        .prefetch_related("standards")
        .order_by("step")
    )
    journeys = (
        Journey.objects.of(request.workspace)
        .prefetch_related(Prefetch("touchpoints", queryset=touchpoints))
        .order_by("code")
    )
    return render(request, "journeys/list.html", {"journeys": journeys})
