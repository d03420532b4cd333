"""The walk-throughs pages under /w/<slug>/quality/: the overview (rounds, recent walks, leaders in
their customers' shoes), walking a journey on a phone, one walk, its photos. Owners and leaders:
walkers are leaders, and a mystery shopper's visit is entered by a member (docs/quality.md)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from servicegap.accounts.models import Role
from servicegap.api.body import read_json
from servicegap.core.audit import record
from servicegap.core.web import workspace_view
from servicegap.journeys.models import Journey
from servicegap.lib.errors import FieldError
from servicegap.people.models import Unit
from servicegap.quality import walk_page as overview
from servicegap.quality import walks
from servicegap.quality.models import AuditRound, Conversation, WalkThrough, WalkThroughStep
from servicegap.quality.walk_forms import WALKERS, ConversationForm, RoundForm

STAFF = (Role.OWNER, Role.LEADER)
BODY_MAX = 12 * 1024 * 1024  # a walk of many steps, each with a shrunk photo


def _index(request, round_form=None, talk_form=None, status=200) -> HttpResponse:
    ws = request.workspace
    context = {
        **overview.build(ws),
        "round_form": round_form or RoundForm(workspace=ws),
        "talk_form": talk_form or ConversationForm(workspace=ws),
    }
    return render(request, "quality/walks.html", context, status=status)


@workspace_view(*STAFF)
def walk_index(request) -> HttpResponse:
    return _index(request)


@workspace_view(*STAFF)
@require_POST
def round_new(request) -> HttpResponse:
    ws = request.workspace
    form = RoundForm(request.POST, workspace=ws)
    if not form.is_valid():
        return _index(request, round_form=form, status=422)
    data = form.cleaned_data
    made = AuditRound.objects.create(workspace=ws, **data)
    record(ws, request.user, "walk.round", unit=made.unit.code, journey=made.journey.code,
           due=made.due_on.isoformat())  # fmt: skip
    messages.success(request, f"Audit round planned: {made.journey.name} at {made.unit.name}, "
                              f"due {made.due_on:%d %b %Y}.")  # fmt: skip
    return redirect("walk_index", slug=ws.slug)


@workspace_view(*STAFF)
@require_POST
def conversation_new(request) -> HttpResponse:
    ws = request.workspace
    form = ConversationForm(request.POST, workspace=ws)
    if not form.is_valid():
        return _index(request, talk_form=form, status=422)
    Conversation.objects.create(workspace=ws, leader=request.user, **form.cleaned_data)
    record(ws, request.user, "walk.conversation")
    messages.success(request, "Customer conversation logged.")
    return redirect("walk_index", slug=ws.slug)


@workspace_view(*STAFF)
def walk_page(request, journey: str) -> HttpResponse:
    ws = request.workspace
    found = get_object_or_404(Journey.objects.of(ws), code=journey)
    audit_round = None
    if request.GET.get("round", "").isdigit():
        audit_round = (
            AuditRound.objects.of(ws).filter(pk=request.GET["round"], journey=found).first()
        )
    context = {
        "journey": found,
        "steps": walks.journey_checklist(ws, found),
        "units": Unit.objects.of(ws).order_by("name"),
        "walkers": WALKERS,
        "audit_round": audit_round,
        "endpoint": reverse("walk_submit", kwargs={"slug": ws.slug}),
    }
    return render(request, "quality/walk.html", context)


@workspace_view(*STAFF)
@require_POST
def walk_submit(request) -> HttpResponse:
    """The phone's queue sends a finished walk here as JSON (CSRF token in X-CSRFToken); 201
    stored, 200 stored before (same submission_key), 4xx refused for good."""
    ws = request.workspace
    try:
        walk, created = walks.store(ws, request.user, read_json(request, BODY_MAX))
    except FieldError as e:
        return JsonResponse(e.body(), status=e.status)
    if created:
        record(ws, request.user, "walk.record", journey=walk.journey.code,
               checks=walk.checks.count())  # fmt: skip
    url = reverse("walk_detail", kwargs={"slug": ws.slug, "walk_id": walk.pk})
    return JsonResponse({"id": walk.pk, "url": url}, status=201 if created else 200)


@workspace_view(*STAFF)
def walk_detail(request, walk_id: int) -> HttpResponse:
    ws = request.workspace
    walk = get_object_or_404(
        WalkThrough.objects.of(ws).select_related("journey", "unit"), pk=walk_id
    )
    steps = walk.steps.select_related("touchpoint").order_by("touchpoint__step")
    checks = walk.checks.select_related("standard").order_by("pk")
    by_step: dict[int, dict[str, Any]] = {s.touchpoint_id: {"step": s, "checks": []} for s in steps}
    for c in checks:
        by_step.setdefault(c.touchpoint_id, {"step": None, "checks": []})["checks"].append(c)
    seen = sum(1 for c in checks if c.met)
    context = {"walk": walk, "steps": list(by_step.values()), "seen": seen,
               "total": len(checks)}  # fmt: skip
    return render(request, "quality/walk_detail.html", context)


@workspace_view(*STAFF)
def step_photo(request, walk_id: int, step_id: int) -> HttpResponse:
    ws = request.workspace
    found = WalkThroughStep.objects.of(ws).filter(walk_through_id=walk_id, pk=step_id).first()
    if found is None or not found.photo_type:
        raise Http404("no such photo")
    response = HttpResponse(bytes(found.photo), content_type=found.photo_type)
    response["Content-Security-Policy"] = "default-src 'none'"
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
