"""The chain's pages under /w/<slug>/chain/: the chain itself (graph, table, the chain behind
each touchpoint, the correlation), the links a unit depends on, and starting an internal round.
Owners and leaders only: the figures are internal (employee) data, and links are set-up."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from servicegap.accounts.models import Role
from servicegap.chain import page, rounds
from servicegap.chain.forms import LinkForm, RoundForm
from servicegap.core.audit import record
from servicegap.core.web import workspace_view
from servicegap.people.models import InternalLink

STAFF = (Role.OWNER, Role.LEADER)


@workspace_view(*STAFF)
def chain_page(request) -> HttpResponse:
    ws = request.workspace
    return render(request, "chain/page.html", {"chain": page.build(ws), "ws": ws})


@workspace_view(*STAFF)
def link_list(request) -> HttpResponse:
    ws = request.workspace
    form = LinkForm(request.POST or None, workspace=ws)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            link = InternalLink.objects.create(
                workspace=ws,
                supplier=data["supplier"],
                customer=data["customer"],
                description=data["description"],
            )
            record(ws, request.user, "chain.link_add", supplier=link.supplier.code,
                   customer=link.customer.code)  # fmt: skip
            messages.success(request, f"{link.customer.name} now depends on {link.supplier.name}.")
            return redirect("chain_links", slug=ws.slug)
        status = 422
    links = InternalLink.objects.of(ws).select_related("supplier", "customer")
    ordered = sorted(links, key=lambda li: (li.customer.name, li.supplier.name))
    return render(request, "chain/links.html", {"form": form, "links": ordered}, status=status)


@workspace_view(*STAFF)
@require_POST
def link_remove(request, link_id: int) -> HttpResponse:
    ws = request.workspace
    link = InternalLink.objects.of(ws).select_related("supplier", "customer").filter(pk=link_id)
    found = link.first()
    if found is None:
        raise Http404("no such link")
    found.delete()
    record(ws, request.user, "chain.link_remove", supplier=found.supplier.code,
           customer=found.customer.code)  # fmt: skip
    messages.success(request, f"{found.customer.name} no longer depends on {found.supplier.name}.")
    return redirect("chain_links", slug=ws.slug)


@workspace_view(*STAFF)
def round_new(request) -> HttpResponse:
    ws = request.workspace
    form = RoundForm(request.POST or None, workspace=ws)
    survey = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            survey = form.cleaned_data["survey"]
            if request.POST.get("action") == "start":
                sends = rounds.start(
                    ws, request.user.email, survey, form.cleaned_data["reminder_after_days"]
                )
                record(ws, request.user, "chain.round", survey=survey.code, sends=len(sends))
                if sends:
                    messages.success(
                        request, f"The internal round has started: {len(sends)} units invited."
                    )
                    return redirect("invitation_index", slug=ws.slug)
                form.add_error(None, "No customer unit of this survey's links has employees.")
        status = 422 if form.errors else 200
    context = {"form": form, "targets": rounds.targets(ws, survey), "survey": survey}
    return render(request, "chain/round.html", context, status=status)
