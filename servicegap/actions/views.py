"""The actions pages under /w/<slug>/actions/: the list with each action's verdict, one action
with its measured effect (status and windows changed there), the form that makes an action (also
prefilled from a gap row, a driver, an alert, an idea or a set of cases), and the alerts to
acknowledge, assign or act on.

Every member sees the actions; owners and leaders change any, a manager those whose units are
all among theirs (so an action for the whole workspace is not a manager's to change).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from servicegap.accounts.models import Role
from servicegap.actions import chart, prefill
from servicegap.actions import service as actions
from servicegap.actions.forms import ActionForm, StatusForm, WindowsForm, values
from servicegap.actions.measure import measure_all, measured, today, tree, windows
from servicegap.actions.models import Action, ActionCase
from servicegap.actions.report import KIND
from servicegap.core.audit import record
from servicegap.core.forms import show_error
from servicegap.core.web import workspace_view

EDITORS = (Role.OWNER, Role.LEADER, Role.MANAGER)


def may_change(request, unit_codes: list[str]) -> bool:
    """Owners and leaders: any action; a manager: one whose units are all theirs."""
    scope = request.unit_scope
    if request.membership.role not in EDITORS:
        return False
    return scope is None or (bool(unit_codes) and set(unit_codes) <= scope)


def _action(request, code: str) -> Action:
    return get_object_or_404(
        Action.objects.of(request.workspace).select_related("owner", "idea"), code=code
    )


@workspace_view()
def action_list(request) -> HttpResponse:
    rows = measure_all(request.workspace)
    context = {
        "rows": rows,
        "may_create": request.membership.role in EDITORS,
        "report_url": reverse("report", kwargs={"slug": request.workspace.slug, "kind": KIND.name}),
    }
    return render(request, "actions/list.html", context)


@workspace_view(*EDITORS)
def action_new(request) -> HttpResponse:
    ws = request.workspace
    source = request.POST if request.method == "POST" else request.GET
    start = prefill.initial(ws, source)
    start.initial.setdefault("owner", request.user.email)
    form = ActionForm(request.POST or None, workspace=ws, initial=start.initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = values(form) | start.hidden
        data["origin_detail"] = start.detail
        if not may_change(request, data.get("units") or []):
            form.add_error("units", "As a manager, choose units of yours only.")
        else:
            try:
                action = actions.save(ws, actions.clean(ws, data))
            except actions.ActionError as error:
                show_error(form, error)
            else:
                prefill.attach(ws, action, start)
                record(ws, request.user, "action.create", code=action.code, origin=action.origin)
                messages.success(request, f"Action {action.code} was created.")
                return redirect("action_detail", slug=ws.slug, action_code=action.code)
    if form.errors:
        status = 422
    context = {"form": form, "start": start}
    return render(request, "actions/new.html", context, status=status)


def _effect_context(request, action: Action) -> dict[str, Any]:
    ws = request.workspace
    row = measured(action, tree(ws), today(ws))
    return {
        "row": row,
        "charts": chart.draw({"rows": [row]}, None, ws.scale_max),
        "kind": "action",
        "windows": windows(action, today(ws)),
    }


@workspace_view()
def action_detail(request, action_code: str) -> HttpResponse:
    action = _action(request, action_code)
    links = actions.codes(action)
    editable = may_change(request, links["units"])
    context = {
        "action": action,
        "links": links,
        "cases": ActionCase.objects.of(request.workspace)
        .filter(action=action)
        .select_related("case")
        .order_by("case__number"),
        "alerts": action.alerts.all(),
        "editable": editable,
        "status_form": StatusForm(initial={"status": action.status}),
        "windows_form": WindowsForm(
            initial={
                name: getattr(action, name)
                for name in ("before_from", "before_to", "after_from", "after_to")
            }
        ),
        **_effect_context(request, action),
    }
    return render(request, "actions/detail.html", context)


def _changeable(request, action_code: str) -> Action:
    action = _action(request, action_code)
    if not may_change(request, actions.codes(action)["units"]):
        raise Http404("not this member's action")
    return action


@workspace_view(*EDITORS)
def action_edit(request, action_code: str) -> HttpResponse:
    ws = request.workspace
    action = _changeable(request, action_code)
    links = actions.codes(action)
    initial = {
        "title": action.title,
        "description": action.description,
        **links,
        "owner": action.owner.email if action.owner else "",
        "status": action.status,
        "start": action.started_on,
        "due": action.due_on,
        "cost": action.cost,
        "public": action.public,
    }
    form = ActionForm(request.POST or None, workspace=ws, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = values(form)
        if not may_change(request, data.get("units") or []):
            form.add_error("units", "As a manager, choose units of yours only.")
        else:
            try:
                actions.save(ws, actions.clean(ws, data, action), action)
            except actions.ActionError as error:
                show_error(form, error)
            else:
                record(ws, request.user, "action.update", code=action.code)
                messages.success(request, "Saved.")
                return redirect("action_detail", slug=ws.slug, action_code=action.code)
    status = 422 if form.errors else 200
    return render(request, "actions/edit.html", {"form": form, "action": action}, status=status)


def _apply(request, action: Action, form, what: str) -> HttpResponse:
    ws = request.workspace
    if form.is_valid():
        try:
            actions.save(ws, actions.clean(ws, values(form), action), action)
        except actions.ActionError as error:
            messages.error(request, error.message)
        else:
            record(ws, request.user, "action.update", code=action.code, changed=what)
            messages.success(request, "Saved.")
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("action_detail", slug=ws.slug, action_code=action.code)


@workspace_view(*EDITORS)
@require_POST
def action_status(request, action_code: str) -> HttpResponse:
    action = _changeable(request, action_code)
    return _apply(request, action, StatusForm(request.POST), "status")


@workspace_view(*EDITORS)
@require_POST
def action_windows(request, action_code: str) -> HttpResponse:
    action = _changeable(request, action_code)
    return _apply(request, action, WindowsForm(request.POST), "windows")
