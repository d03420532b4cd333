"""The training page: who was trained to deliver which standard, and the gap of customers served
by trained against untrained staff. A manager sees their own units' people and customers."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from servicegap.core.web import workspace_view
from servicegap.skills.compare import compare
from servicegap.skills.models import Training

ROLES = ("owner", "leader", "manager")
PAGE_SIZE = 50


@workspace_view(*ROLES)
def training(request) -> HttpResponse:
    ws, scope = request.workspace, request.unit_scope
    records = Training.objects.of(ws).select_related("person", "person__unit", "standard")
    if scope is not None:
        records = records.filter(person__unit__code__in=sorted(scope))
    page = Paginator(records.order_by("-trained_on", "person__code"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = compare(ws, scope)
    shown = [r for r in rows if r["diff"] is not None]
    return render(
        request,
        "skills/training.html",
        {
            "page": page,
            "rows": rows,
            # the sentence says "better" or "worse" and the size without a sign
            "beyond": [{**r, "size": abs(r["diff"])} for r in shown if r["beyond_chance"]],
        },
    )
