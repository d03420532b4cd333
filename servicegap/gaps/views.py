"""The root and the workspace home: "How good are we really?"."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render

from servicegap.core.web import memberships_of, workspace_view
from servicegap.gaps import charts
from servicegap.gaps.headline import headline


def root(request) -> HttpResponse:
    """A member goes to their workspace; a member of several chooses one."""
    memberships = list(memberships_of(request.user))
    if len(memberships) == 1:
        return redirect("workspace_home", slug=memberships[0].workspace.slug)
    return render(request, "gaps/choose_workspace.html", {"memberships": memberships})


@workspace_view()
def home(request) -> HttpResponse:
    rows = headline(request.workspace)
    answered = any(f.n or f.respondents for r in rows for f in r.figures.values())
    context = {
        "rows": rows,
        "answered": answered,
        "threshold": request.workspace.anonymity_threshold,
        "scale_max": request.workspace.scale_max,
        "gap_charts": charts.both(charts.gap_chart, rows) if answered else [],
        "perspective_charts": charts.both(charts.perspective_chart, rows) if answered else [],
    }
    return render(request, "gaps/home.html", context)
