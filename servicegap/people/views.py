"""The People pages: the workspace's customers and employees, with export and erasure (owners)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from servicegap.core.models import AuditEntry
from servicegap.core.web import OWNER_ONLY, workspace_view
from servicegap.people.forms import EraseForm, FindForm, RetentionForm
from servicegap.people.models import Person
from servicegap.people.privacy import erase_person, export_person, summary
from servicegap.people.retention import set_retention

PAGE_SIZE = 50


@workspace_view(*OWNER_ONLY)
def person_list(request) -> HttpResponse:
    ws = request.workspace
    find = FindForm(request.GET or None)
    people = Person.objects.of(ws).select_related("unit").order_by("code")
    if find.is_valid():
        q, kind = find.cleaned_data["q"].strip(), find.cleaned_data["kind"]
        if q:
            people = people.filter(
                Q(code__icontains=q) | Q(name__icontains=q) | Q(email__icontains=q)
            )
        if kind:
            people = people.filter(kind=kind)
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "find": find,
        "page": page,
        "query": query.urlencode(),
        "retention_form": RetentionForm(initial={"days": ws.retention_days}),
    }
    return render(request, "people/list.html", context)


@workspace_view(*OWNER_ONLY)
@require_POST
def retention(request) -> HttpResponse:
    ws = request.workspace
    form = RetentionForm(request.POST)
    if form.is_valid():
        days = form.cleaned_data["days"]
        set_retention(ws, days, actor=request.user.email)
        messages.success(
            request,
            f"Personal data is now kept {days} days."
            if days
            else "Personal data is now kept until a person is erased.",
        )
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("person_list", slug=ws.slug)


def _person(request, person_id: int) -> Person:
    return get_object_or_404(
        Person.objects.of(request.workspace).select_related("unit"), pk=person_id
    )


@workspace_view(*OWNER_ONLY)
def person_detail(request, person_id: int) -> HttpResponse:
    person = _person(request, person_id)
    context = {"person": person, "counts": summary(request.workspace, person)}
    return render(request, "people/detail.html", context)


@workspace_view(*OWNER_ONLY)
def person_export(request, person_id: int) -> HttpResponse:
    """Everything about the person as a JSON download; the export itself is audited."""
    ws = request.workspace
    person = _person(request, person_id)
    document = export_person(ws, person)
    AuditEntry.objects.create(
        workspace=ws,
        actor=request.user.email,
        action="person.export",
        detail={"person_id": person.pk},
    )
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="person-{person.pk}.json"'
    response["Cache-Control"] = "no-store"
    return response


@workspace_view(*OWNER_ONLY)
def person_erase(request, person_id: int) -> HttpResponse:
    """A confirmation page; the POST (with the person's code typed again) erases them."""
    ws = request.workspace
    person = _person(request, person_id)
    form = EraseForm(request.POST or None, code=person.code)
    if request.method == "POST" and form.is_valid():
        erase_person(ws, person, actor=request.user.email)
        messages.success(request, "The person was erased. The audit log records the counts only.")
        return redirect("person_list", slug=ws.slug)
    context = {"person": person, "counts": summary(ws, person), "form": form}
    return render(request, "people/erase.html", context, status=400 if form.errors else 200)
