"""The invitation pages of a workspace (owners and leaders): sends, schedules, contact rules."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from servicegap.core.audit import record
from servicegap.core.models import Workspace
from servicegap.core.web import workspace_view
from servicegap.invitations.audience import plan
from servicegap.invitations.forms import AudienceForm, RulesForm, ScheduleForm
from servicegap.invitations.models import ContactRules, Schedule, Send, Unsubscribe
from servicegap.invitations.rates import per_survey, rate
from servicegap.invitations.schedules import start_send

STAFF = ("owner", "leader")


def _sends(workspace: Workspace, **only) -> list[Any]:
    """Sends with their counts: sent and bounced (kept on the row), opened, responded, unsubscribed."""
    sends: list[Any] = list(
        Send.objects.of(workspace)
        .filter(**only)
        .select_related("survey", "schedule")
        .annotate(
            opened=Count("invitations", filter=Q(invitations__opened_at__isnull=False)),
            responded=Count("invitations", filter=Q(invitations__responded_at__isnull=False)),
        )[:100]
    )
    unsubscribed = dict(
        Unsubscribe.objects.of(workspace)
        .filter(invitation__send__in=sends)
        .values_list("invitation__send")
        .annotate(n=Count("id"))
    )
    for send in sends:
        send.unsubscribed = unsubscribed.get(send.pk, 0)
        send.rate = rate(send.sent, send.opened, send.responded)
    return sends


def _plain(data: dict[str, Any]) -> dict[str, Any]:
    """Form data as plain JSON for the audit log."""
    return {
        k: v if isinstance(v, str | int | float | bool | None) else str(v) for k, v in data.items()
    }


def _rules(workspace: Workspace) -> ContactRules:
    return ContactRules.objects.of(workspace).first() or ContactRules(workspace=workspace)


@workspace_view(*STAFF)
def index(request) -> HttpResponse:
    ws = request.workspace
    context = {
        "sends": _sends(ws),
        "rates": per_survey(ws),
        "schedules": Schedule.objects.of(ws).select_related("survey"),
        "rules_form": RulesForm(instance=_rules(ws)),
    }
    return render(request, "invitations/index.html", context)


@workspace_view(*STAFF)
@require_POST
def rules(request) -> HttpResponse:
    form = RulesForm(request.POST, instance=_rules(request.workspace))
    if form.is_valid():
        form.save()
        record(request.workspace, request.user, "invitations.rules", **_plain(form.cleaned_data))
        messages.success(request, "Contact rules saved.")
        return redirect("invitation_index", slug=request.workspace.slug)
    context = {"sends": [], "schedules": [], "rules_form": form}
    return render(request, "invitations/index.html", context, status=400)


@workspace_view(*STAFF)
def new_send(request) -> HttpResponse:
    ws = request.workspace
    form = AudienceForm(request.POST or None, workspace=ws)
    preview = None
    if request.method == "POST" and form.is_valid():
        audience = form.audience()
        if request.POST.get("action") == "send":
            send = start_send(
                ws, request.user.email, survey=form.cleaned_data["survey"], **audience
            )
            record(ws, request.user, "invitations.send", survey=send.survey.code, send=send.pk)
            messages.success(request, "The invitations are being sent.")
            return redirect("invitation_send", slug=ws.slug, send_id=send.pk)
        fake = SimpleNamespace(**audience, unit_id=getattr(audience["unit"], "pk", None))
        preview = plan(ws, fake, timezone.now())
    status = 400 if form.errors else 200
    return render(
        request, "invitations/new_send.html", {"form": form, "preview": preview}, status=status
    )


@workspace_view(*STAFF)
def send_detail(request, send_id: int) -> HttpResponse:
    found = _sends(request.workspace, pk=send_id)
    if not found:
        raise Http404("no such send")
    send = found[0]
    template = "invitations/_send_status.html" if request.htmx else "invitations/send.html"
    return render(request, template, {"send": send})


@workspace_view(*STAFF)
def new_schedule(request) -> HttpResponse:
    ws = request.workspace
    form = ScheduleForm(request.POST or None, workspace=ws)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        Schedule.objects.create(
            workspace=ws,
            name=data["name"],
            survey=data["survey"],
            cadence=data["cadence"],
            next_run_at=form.first_run_at(),
            **form.audience(),
        )
        record(ws, request.user, "invitations.schedule", name=data["name"])
        messages.success(request, f"Schedule “{data['name']}” created.")
        return redirect("invitation_index", slug=ws.slug)
    status = 400 if form.errors else 200
    return render(request, "invitations/new_schedule.html", {"form": form}, status=status)


@workspace_view(*STAFF)
@require_POST
def toggle_schedule(request, schedule_id: int) -> HttpResponse:
    schedule = get_object_or_404(Schedule.objects.of(request.workspace), pk=schedule_id)
    if not schedule.active and schedule.next_run_at is None:
        messages.error(request, f"“{schedule.name}” has run its one time; create a new one.")
    else:
        schedule.active = not schedule.active
        schedule.save(update_fields=["active"])
        state = "resumed" if schedule.active else "paused"
        record(request.workspace, request.user, f"invitations.schedule.{state}", name=schedule.name)
        messages.success(request, f"Schedule “{schedule.name}” {state}.")
    return redirect("invitation_index", slug=request.workspace.slug)
