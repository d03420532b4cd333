"""The root and the workspace home: "How good are we really?"."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from servicegap.core.models import Workspace
from servicegap.core.web import memberships_of, own_unit, workspace_view
from servicegap.gaps import charts
from servicegap.gaps.headline import HeadlineRow, headline
from servicegap.gaps.kinds import run
from servicegap.people.models import Unit
from servicegap.reports import sentences


def root(request) -> HttpResponse:
    """A member goes to their workspace; a member of several chooses one."""
    memberships = list(memberships_of(request.user))
    if len(memberships) == 1:
        return redirect("workspace_home", slug=memberships[0].workspace.slug)
    return render(request, "gaps/choose_workspace.html", {"memberships": memberships})


@workspace_view()
def home(request) -> HttpResponse:
    scope = getattr(request, "unit_scope", None)
    unit = own_unit(request.workspace, scope) if scope is not None else None
    if scope is not None and not unit:
        raise Http404("no unit")  # a scoped member without a unit sees no figures
    rows = worst_first(headline(request.workspace, unit))
    answered = any(f.n or f.respondents for r in rows for f in r.figures.values())
    context = {
        "unit_name": _unit_name(request.workspace, unit) if unit else "",
        "sentence": _sentence(request.workspace, rows, unit) if answered else "",
        "rows": rows,
        "answered": answered,
        "threshold": request.workspace.anonymity_threshold,
        "scale_max": request.workspace.scale_max,
        "gap_charts": charts.both(charts.gap_chart, rows) if answered else [],
        "perspective_charts": charts.both(charts.perspective_chart, rows) if answered else [],
    }
    return render(request, "gaps/home.html", context)


def worst_first(rows: list[HeadlineRow]) -> list[HeadlineRow]:
    """Standards by customers' gap, the widest shortfall first; those without one last."""

    def gap(row: HeadlineRow) -> float:
        figure = row.figures.get("customer")
        known = figure is not None and figure.gap is not None and not figure.hidden
        return figure.gap if known and figure and figure.gap is not None else float("inf")

    return sorted(rows, key=gap)


def _unit_name(workspace: Workspace, unit: str) -> str:

    return (
        Unit.objects.of(workspace).filter(code=unit).values_list("name", flat=True).first() or unit
    )


def _sentence(workspace: Workspace, rows: list[HeadlineRow], unit: str | None = None) -> str:
    """What the home page says first: customers' gap over every standard, the widest gap
    that is below zero beyond doubt, and what leaders think of that standard."""
    overall: dict[str, Any] = next(
        (r for r in run(workspace, "gaps", {"by": "perspective", **({"unit": unit} if unit else {})})
             .get("rows", [])
         if r.get("perspective") == "customer"),
        {},
    )  # fmt: skip
    gap = overall.get("gap")
    low, high = overall.get("ci_low"), overall.get("ci_high")
    significant = low is not None and high is not None and (high < 0 or low > 0)
    behind = [
        r for r in rows
        if (f := r.figures.get("customer")) and f.gap is not None and f.ci_high is not None
        and f.ci_high < 0
    ]  # fmt: skip
    worst = min(behind, key=lambda r: r.figures["customer"].gap or 0.0) if behind else None
    leaders = None
    if worst is not None:
        lead = worst.figures.get("leader")
        if lead is not None and not lead.hidden and lead.gap is not None:
            leaders = (lead.gap, lead.ci_high is not None and lead.ci_high < 0)
    named = (worst.title, worst.figures["customer"].gap or 0.0) if worst is not None else None
    return sentences.headline(gap, significant, named, leaders)
