"""The catalogue of service standards: each as a two-column service card."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from servicegap.core.web import workspace_view
from servicegap.standards.models import Standard


@workspace_view()
def standard_list(request) -> HttpResponse:
    standards = Standard.objects.of(request.workspace).order_by("code")
    return render(request, "standards/list.html", {"standards": standards})
