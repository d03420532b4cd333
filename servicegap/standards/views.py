"""The catalogue of service standards: each as a two-column service card, and (owners and
leaders) the pages that create, edit, retire or restore a standard and add it to a draft survey.

Every member reads the catalogue; the changing pages answer 404 to managers and employees, as
the other owners' pages do. Saving goes through ``service.py`` (one transaction, audited).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from servicegap.accounts.models import Role
from servicegap.core.forms import show_error
from servicegap.core.web import workspace_view
from servicegap.standards import behaviours as behaviour_list
from servicegap.standards import service
from servicegap.standards.forms import EDITED, AddToSurveyForm, StandardForm
from servicegap.standards.models import Standard

EDITORS = (Role.OWNER, Role.LEADER)


@workspace_view()
def standard_list(request) -> HttpResponse:
    standards = list(Standard.objects.of(request.workspace).order_by("code"))
    context = {
        "standards": [s for s in standards if not s.retired],
        "retired": [s for s in standards if s.retired],
        "may_edit": request.membership.role in EDITORS,
    }
    return render(request, "standards/list.html", context)


def _standard(request, code: str) -> Standard:
    return get_object_or_404(Standard.objects.of(request.workspace), code=code)


def _posted_behaviours(request) -> tuple[list[str], bool]:
    """The posted behaviours in order, and whether the post only asked to rearrange the list
    (a move or "more boxes" button: the form is shown again, nothing is saved)."""
    raw = [v.strip() for v in request.POST.getlist("behaviour")]
    command = request.POST.get("move", "")
    if command:
        return behaviour_list.clean(behaviour_list.move(raw, command)), True
    return behaviour_list.clean(raw), "more" in request.POST


def _form_page(request, standard: Standard | None) -> HttpResponse:
    ws = request.workspace
    editing = standard is not None
    if request.method == "POST":
        items, rearranged = _posted_behaviours(request)
        form = StandardForm(request.POST, scale_max=ws.scale_max, editing=editing)
    else:
        items, rearranged = (list(standard.behaviours or []) if standard else []), False
        initial = {f: getattr(standard, f) for f in EDITED} if standard else {}
        form = StandardForm(initial=initial, scale_max=ws.scale_max, editing=editing)
    errors = behaviour_list.problems(items)
    status = 200
    if request.method == "POST" and not rearranged:
        valid = form.is_valid()
        if valid and not errors:
            saved = _save(request, form, standard, items)
            if saved is not None:
                return redirect("standard_list", slug=ws.slug)
        status = 422
    spare = behaviour_list.SPARE + (2 if "more" in request.POST else 0)
    context: dict[str, Any] = {
        "form": form,
        "standard": standard,
        "items": items,
        "spare": range(spare),
        "behaviour_errors": errors,
    }
    return render(request, "standards/edit.html", context, status=status)


def _save(request, form: StandardForm, standard: Standard | None, items: list[str]):
    ws, values = request.workspace, {**form.values(), "behaviours": items}
    values["servqual"] = values["servqual"] or ""
    values["need_or_want"] = values["need_or_want"] or ""
    try:
        if standard is None:
            standard = service.create(ws, request.user, form.cleaned_data["code"], values)
            messages.success(request, f"Standard {standard.code} was created.")
        elif service.update(ws, request.user, standard, values):
            messages.success(request, f"{standard.code} is now version {standard.version}.")
        else:
            messages.info(request, f"Nothing changed in {standard.code}.")
    except service.StandardError as error:
        show_error(form, error)
        return None
    return standard


@workspace_view(*EDITORS)
def standard_new(request) -> HttpResponse:
    return _form_page(request, None)


@workspace_view(*EDITORS)
def standard_edit(request, standard_code: str) -> HttpResponse:
    return _form_page(request, _standard(request, standard_code))


@workspace_view(*EDITORS)
@require_POST
def standard_retire(request, standard_code: str) -> HttpResponse:
    standard = _standard(request, standard_code)
    retire = request.POST.get("retired") == "1"
    service.set_retired(request.workspace, request.user, standard, retire)
    word = "retired" if retire else "restored"
    messages.success(request, f"{standard.code} was {word}.")
    return redirect("standard_list", slug=request.workspace.slug)


@workspace_view(*EDITORS)
def standard_add_to_survey(request, standard_code: str) -> HttpResponse:
    ws = request.workspace
    standard = _standard(request, standard_code)
    surveys = list(service.draft_surveys(ws))
    form = AddToSurveyForm(request.POST or None, surveys=surveys)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            survey = next(s for s in surveys if s.code == form.cleaned_data["survey"])
            try:
                service.add_to_survey(
                    ws, request.user, standard, survey, form.cleaned_data["qtype"]
                )
            except service.StandardError as error:
                show_error(form, error)
            else:
                messages.success(request, f"{standard.code} was added to {survey.code}.")
                return redirect("survey_detail", slug=ws.slug, survey=survey.code)
    context = {"form": form, "standard": standard, "surveys": surveys}
    return render(request, "standards/add_to_survey.html", context, status=status)
