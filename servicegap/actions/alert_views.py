"""The alerts to act on, under /w/<slug>/actions/alerts/: the alerts the daily job recorded and
those someone acted on, each acknowledged, assigned or turned into an action; and one alert's
page, which the alerts report links each row to (``servicegap.actions.links.for_alert``).

For owners, leaders and managers; a manager does not see a unit's alert outside their units
(as the alerts report leaves those rows out for them).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from servicegap.accounts.models import Membership
from servicegap.actions import alerts
from servicegap.actions.forms import AssignForm
from servicegap.actions.models import AlertState
from servicegap.actions.views import EDITORS
from servicegap.core.audit import record
from servicegap.core.web import workspace_view


def _visible(request, ident: dict[str, str] | AlertState) -> bool:
    scope = request.unit_scope
    kind = ident["kind"] if isinstance(ident, dict) else ident.kind
    code = ident["code"] if isinstance(ident, dict) else ident.code
    unit = ident["scope"] if isinstance(ident, dict) else ident.scope
    if scope is None:
        return True
    return (kind != "unit" or code in scope) and (not unit or unit in scope)


def _ident(state: AlertState) -> dict[str, str]:
    return {name: getattr(state, name) for name in (*alerts.IDENTITY, "direction")}


def new_action_url(slug: str, ident: dict[str, str]) -> str:
    query = {f"alert_{k}": v for k, v in ident.items() if v} | {"origin": "alert"}
    return reverse("action_new", kwargs={"slug": slug}) + "?" + urlencode(query)


def _row(request, state: AlertState) -> dict[str, Any]:
    ident = _ident(state)
    return {
        "state": state,
        "ident": ident,
        "make_url": new_action_url(request.workspace.slug, ident),
        "assign_form": AssignForm(
            workspace=request.workspace,
            initial={"assignee": state.assignee.email if state.assignee else ""},
            auto_id=f"id_{state.pk}_%s",
        ),
    }


def _refused(request, error: alerts.AlertError) -> HttpResponse:
    """A form whose alert is not valid (hand-made): the list again, the reason above it, 422."""
    return alert_page(request, error=f"{error.field}: {error.message}", status=422)


@workspace_view(*EDITORS)
def alert_list(request) -> HttpResponse:
    return alert_page(request)


def alert_page(request, error: str = "", status: int = 200) -> HttpResponse:
    show = request.GET.get("show", "open")
    states = AlertState.objects.of(request.workspace).select_related(
        "acknowledged_by", "assignee", "action"
    )
    if show == "open":
        states = states.filter(acknowledged_at=None, action=None)
    states = states.order_by("-period", "kind", "code")[:300]
    rows = [_row(request, s) for s in states if _visible(request, s)]
    context = {"rows": rows, "show": show, "error": error}
    return render(request, "actions/alerts.html", context, status=status)


@workspace_view(*EDITORS)
def alert_act(request) -> HttpResponse:
    """One alert, by its identity in the query string; a link without one goes to the list."""
    if not request.GET.get("kind"):
        return redirect("alert_list", slug=request.workspace.slug)
    try:
        ident = alerts.check(request.GET)
    except alerts.AlertError as error:
        messages.error(request, error.message)
        return redirect("alert_list", slug=request.workspace.slug)
    if not _visible(request, ident):
        raise Http404("not this member's unit")
    key = alerts.key(*(ident[n] for n in alerts.IDENTITY))
    state = (
        AlertState.objects.of(request.workspace)
        .select_related("acknowledged_by", "assignee", "action")
        .filter(key=key)
        .first()
    )
    context = {
        "ident": ident,
        "state": state,
        "make_url": new_action_url(request.workspace.slug, ident),
        "assign_form": AssignForm(
            workspace=request.workspace,
            initial={"assignee": state.assignee.email if state and state.assignee else ""},
        ),
    }
    return render(request, "actions/alert.html", context)


def _posted(request) -> tuple[dict[str, str], AlertState]:
    ident = alerts.check(request.POST)  # AlertError: ``_refused``
    if not _visible(request, ident):
        raise Http404("not this member's unit")
    return ident, alerts.remember(request.workspace, ident)


def _back(request, ident: dict[str, str]) -> HttpResponse:
    if request.POST.get("next") == "list":
        return redirect("alert_list", slug=request.workspace.slug)
    url = reverse("alert_act", kwargs={"slug": request.workspace.slug})
    return redirect(url + "?" + urlencode(ident))


@workspace_view(*EDITORS)
@require_POST
def alert_acknowledge(request) -> HttpResponse:
    try:
        ident, state = _posted(request)
    except alerts.AlertError as error:
        return _refused(request, error)
    if state.acknowledged_at is None:
        state.acknowledged_at, state.acknowledged_by = timezone.now(), request.user
        state.save(update_fields=["acknowledged_at", "acknowledged_by"])
        record(request.workspace, request.user, "alert.acknowledge", key=state.key)
    messages.success(request, "Acknowledged.")
    return _back(request, ident)


@workspace_view(*EDITORS)
@require_POST
def alert_assign(request) -> HttpResponse:
    try:
        ident, state = _posted(request)
    except alerts.AlertError as error:
        return _refused(request, error)
    form = AssignForm(request.POST, workspace=request.workspace)
    if not form.is_valid():
        messages.error(request, "Choose a member of this workspace.")
        return _back(request, ident)
    email = form.cleaned_data["assignee"]
    member = (
        Membership.objects.of(request.workspace)
        .select_related("user")
        .filter(user__email=email)
        .first()
    )
    state.assignee = member.user if member else None
    state.save(update_fields=["assignee"])
    record(request.workspace, request.user, "alert.assign", key=state.key, assignee=email or None)
    messages.success(request, f"Assigned to {email}." if email else "No longer assigned.")
    return _back(request, ident)
