"""The text pages: a label corrected from the feedback inbox (HTMX, or a plain form), and the
page saying which backend labels the comments and how accurate it is on held-out corrections."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from servicegap.accounts.models import Role
from servicegap.core.audit import record
from servicegap.core.web import workspace_view
from servicegap.runtime.taskqueue import enqueue
from servicegap.text import explore, service
from servicegap.text.models import Correction, Enrichment, Fit
from servicegap.text.show import redact
from servicegap.text.tasks import refit

READERS = (Role.OWNER, Role.LEADER, Role.MANAGER)


def _enrichment(request, pk: int) -> Enrichment:
    """The labels of a comment the member may read (a manager: of their units only)."""
    x = get_object_or_404(
        Enrichment.objects.of(request.workspace).select_related(
            "feedback__unit", "answer__response__unit", "message__case__unit"
        ),
        pk=pk,
    )
    row: Any = x.feedback or (x.answer.response if x.answer else None)
    row = row or (x.message.case if x.message else None)
    unit = row.unit if row is not None else None
    if request.unit_scope is not None and (unit is None or unit.code not in request.unit_scope):
        raise Http404("no such comment")
    return x


def _text(x: Enrichment) -> str:
    if x.feedback is not None:
        return x.feedback.text
    if x.answer is not None:
        return x.answer.value_text
    return x.message.text if x.message else ""


@workspace_view(*READERS)
@require_POST
def correct(request, pk: int) -> HttpResponse:
    """Set the labels a person chose; each one that changed becomes a training example and the
    worker refits the workspace's model. Unknown labels are refused, nothing is written."""
    x = _enrichment(request, pk)
    allowed = {
        "sentiment": explore.SENTIMENTS,
        "kind": explore.KINDS,
        "dimension": explore.DIMENSIONS,
    }
    chosen = {f: request.POST.get(f, getattr(x, f)) for f in allowed}
    for field, value in chosen.items():
        if value not in allowed[field]:
            return HttpResponse(
                f"{field}: must be one of {', '.join(allowed[field])}", status=400,
                content_type="text/plain",
            )  # fmt: skip
    text = redact(_text(x))
    changed = [f for f, v in chosen.items() if v != getattr(x, f)]
    for field in changed:
        service.correct(request.workspace, x, field, chosen[field], text, request.user)
    if changed:
        record(request.workspace, request.user, "text.correct", fields=changed)
        enqueue(refit, request.workspace.pk)
    query = request.POST.get("back", "")[:500].lstrip("?")
    if request.htmx:
        context = {"x": x, "saved": bool(changed), **explore.names_of(request.workspace, x),
                   **explore.correcting(query)}  # fmt: skip
        return render(request, "text/_labels.html", context)
    url = reverse("feedback_inbox", kwargs={"slug": request.workspace.slug})
    return redirect(f"{url}?{query}#labels-{x.pk}" if query else f"{url}#labels-{x.pk}")


@workspace_view(*READERS)
def model_page(request) -> HttpResponse:
    ws = request.workspace
    fit = Fit.objects.of(ws).first()
    accuracy = [
        {"field": field, "n": a["n"], "percent": round(100 * a["accuracy"]),
         "interval": f"{100 * a['low']:.0f}–{100 * a['high']:.0f} %"}
        for field, a in (fit.accuracy if fit else {}).items()
    ]  # fmt: skip
    context = {
        "fit": fit,
        "accuracy": accuracy,
        "summary": explore.summary(ws, explore.NO_FILTERS),
        "corrections": Correction.objects.of(ws).count(),
        "latest": Correction.objects.of(ws).order_by("-at", "-pk")[:20],
        "labelled": Enrichment.objects.of(ws).count(),
    }
    return render(request, "text/model.html", context)
