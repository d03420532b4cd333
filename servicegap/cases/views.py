"""The case pages: the list (with the triage queue), one case with its log and actions, and the
owners' settings. Thin: the rules are in ``service`` (every change, logged), ``query`` (who sees
what) and ``pages`` (what the templates show)."""

from __future__ import annotations

import functools
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone

from servicegap.cases import forms, goodwill, pages, query, reply, service
from servicegap.cases.models import Case, CaseStatus
from servicegap.core.audit import record
from servicegap.core.forms import show_error
from servicegap.core.web import OWNER_ONLY, workspace_view
from servicegap.lib.errors import FieldError

PAGE_SIZE = 50


@workspace_view()
def case_list(request) -> HttpResponse:
    ws, scope = request.workspace, request.unit_scope
    visible = query.visible(ws, scope)
    params = request.GET.copy()
    if "status" not in params:
        params["status"] = query.ACTIVE  # the work still to do, unless asked otherwise
    form = forms.FilterForm(
        params, units=pages.units_in(ws, scope), owners=pages.owner_emails(ws),
        triage=scope is None,
    )  # fmt: skip
    now = timezone.now()
    cases = visible.none()
    if form.is_valid():
        try:
            found = query.apply(visible, ws, query.parse(form.cleaned_data), now, request.user)
        except FieldError as exc:
            show_error(form, exc)
        else:
            cases = found.select_related("unit", "owner").order_by("due_at", "number")
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form, "page": page, "figures": pages.figures(visible, now), "now": now,
        "query": pages.query_without_page(request.GET), "triage": scope is None,
    }  # fmt: skip
    return render(request, "cases/list.html", context, status=400 if form.errors else 200)


def case_view(post: bool = True):
    """A view of one case the member may see: 404 otherwise, before anything else (so a case
    of another unit answers the same to every method); ``post``: 405 for any other method."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, number: int, *args: Any, **kwargs: Any):
            visible = query.visible(request.workspace, request.unit_scope)
            related = visible.select_related("workspace", "unit", "owner", "customer")
            case = related.filter(number=number).first()
            if case is None:
                raise Http404("no such case")
            if post and request.method != "POST":
                return HttpResponseNotAllowed(["POST"])
            return view(request, case, *args, **kwargs)

        return wrapper

    return decorator


def _back(case: Case) -> HttpResponse:
    return redirect("case_detail", slug=case.workspace.slug, number=case.number)


def _page(request, case: Case, bound: dict[str, Any] | None = None) -> HttpResponse:
    """The case page; ``bound``: a refused form, shown with its errors (400)."""
    context = pages.detail(request, case)
    context.update(reply.context(request, case))
    context.update(goodwill.context(request, case))
    context.update(bound or {})
    status = 400 if bound else 200
    return render(request, "cases/detail.html", context, status=status)


@workspace_view()
@case_view(post=False)
def case_detail(request, case: Case) -> HttpResponse:
    return _page(request, case)


def _act(request, case: Case, form: Any, name: str, change) -> HttpResponse:
    """Validate ``form``, apply ``change(cleaned_data)``; the case page again with the error
    next to the field otherwise."""
    if form.is_valid():
        try:
            change(form.cleaned_data)
        except FieldError as exc:
            show_error(form, exc)
        else:
            return _back(case)
    return _page(request, case, {name: form})


@workspace_view()
@case_view()
def case_status(request, case: Case) -> HttpResponse:
    who = {"actor": request.user}

    def change(data: dict[str, Any]) -> None:
        if data["status"] == CaseStatus.CLOSED:
            service.close(case, resolution=data["resolution"], **who)
        else:
            service.change_status(case, data["status"], **who)

    return _act(request, case, forms.StatusForm(request.POST), "status_form", change)


@workspace_view()
@case_view()
def case_assign(request, case: Case) -> HttpResponse:
    members = pages.assignable(case)
    form = forms.AssignForm(request.POST, members=members)
    by_id = {str(u.pk): u for u in members}

    def change(data: dict[str, Any]) -> None:
        service.assign(case, by_id.get(data["owner"]), actor=request.user)

    return _act(request, case, form, "assign_form", change)


@workspace_view()
@case_view()
def case_move(request, case: Case) -> HttpResponse:
    units = {u.code: u for u in pages.units_in(case.workspace, request.unit_scope)}
    form = forms.MoveForm(request.POST, units=list(units.values()))

    def change(data: dict[str, Any]) -> None:
        service.move(case, units[data["unit"]], actor=request.user)

    return _act(request, case, form, "move_form", change)


@workspace_view()
@case_view()
def case_severity(request, case: Case) -> HttpResponse:
    def change(data: dict[str, Any]) -> None:
        service.set_severity(case, data["severity"], actor=request.user)

    return _act(request, case, forms.SeverityForm(request.POST), "severity_form", change)


@workspace_view()
@case_view()
def case_note(request, case: Case) -> HttpResponse:
    def change(data: dict[str, Any]) -> None:
        service.note(case, data["text"], actor=request.user)

    return _act(request, case, forms.NoteForm(request.POST), "note_form", change)


@workspace_view(*OWNER_ONLY)
def case_settings(request) -> HttpResponse:
    ws = request.workspace
    form = forms.SettingsForm(request.POST or None, initial=pages.settings_initial(ws))
    if request.method == "POST" and form.is_valid():
        pages.save_settings(ws, form.cleaned_data)
        record(ws, request.user, "cases.settings", **pages.settings_audit(form.cleaned_data))
        messages.success(request, "The case rules and settings are saved.")
        return redirect("case_settings", slug=ws.slug)
    status = 400 if form.errors else 200
    return render(request, "cases/settings.html", {"form": form}, status=status)
