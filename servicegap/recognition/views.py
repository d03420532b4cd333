"""Recognition's pages: My page (every member), the managers' view with rewards and wall links
(owners, leaders, managers), and the public wall a unit's screen opens by its secret link."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from servicegap.core.baseurl import base_url
from servicegap.core.web import workspace_for_slug, workspace_view
from servicegap.people.models import Unit
from servicegap.recognition import saved, sections, service
from servicegap.recognition.display import first_name, masked
from servicegap.recognition.forms import DEFAULT_PERIOD, FilterForm, RewardForm, WallLinkForm
from servicegap.recognition.models import WallLink

MANAGING = ("owner", "leader", "manager")
PAGE_SIZE = 50
WALL_REFRESH_S = 300


def _person(request):
    person = request.membership.person
    # A link to another workspace's person would be a data error; treat it as no link.
    return person if person is not None and person.workspace_id == request.workspace.pk else None


@workspace_view()
def my_page(request) -> HttpResponse:
    """The member's own recognitions (opening the page marks them seen) and saved customers."""
    ws, person = request.workspace, _person(request)
    page, fresh = None, set()
    if person is not None:
        page = Paginator(service.of_person(ws, person), PAGE_SIZE).get_page(request.GET.get("page"))
        fresh = service.mark_seen(list(page.object_list), "seen_by_employee_at")
    context = {
        "person": person,
        "page": page,
        "fresh": fresh,
        "saved": saved.saved_by(ws, request.user),
        "saved_known": saved.outcome_rule() is not None,
        "sections": sections.drawn(request),
    }
    return render(request, "recognition/my_page.html", context)


def _units(request) -> list[Unit]:
    units = Unit.objects.of(request.workspace).order_by("code")
    scope = request.unit_scope
    return list(units if scope is None else units.filter(code__in=scope))


def _list_context(request, wall_form: WallLinkForm | None = None) -> tuple[dict, int]:
    ws, scope, units = request.workspace, request.unit_scope, _units(request)
    form = FilterForm(request.GET or None, units=units, everything=scope is None)
    unit_code, period, status = "", DEFAULT_PERIOD, 200
    if form.is_bound and form.is_valid():
        unit_code = form.cleaned_data["unit"]
        period = form.cleaned_data["period"] or DEFAULT_PERIOD
    elif form.is_bound:
        status = 400
    chosen = next((u for u in units if u.code == unit_code), None)
    codes = service.subtree(ws, chosen) if chosen else scope
    since = None if period == "all" else timezone.now() - timedelta(days=int(period))
    rows = service.of_units(ws, codes, since)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    fresh = service.mark_seen(list(page.object_list), "seen_by_manager_at")
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "chosen": chosen,
        "period": dict(form.fields["period"].choices)[period],  # type: ignore[attr-defined]
        "counts": service.per_employee(rows),
        "page": page,
        "fresh": fresh,
        "query": query.urlencode(),
        "walls": service.wall_links(ws, scope),
        "wall_form": wall_form or WallLinkForm(units=units),
        "base_url": base_url(),
    }
    return context, status


@workspace_view(*MANAGING)
def recognition_list(request) -> HttpResponse:
    """The recognitions of the member's units, per employee; opening it marks them seen."""
    context, status = _list_context(request)
    return render(request, "recognition/list.html", context, status=status)


@workspace_view(*MANAGING)
def reward(request) -> HttpResponse:
    """Record a reward on one recognition of the member's units (``?recognition=<id>``)."""
    ws, asked = request.workspace, request.GET.get("recognition", "")
    if not asked:
        return redirect("recognition_list", slug=ws.slug)
    if not asked.isdigit():
        raise Http404("no such recognition")
    recognition = get_object_or_404(service.of_units(ws, request.unit_scope, None), pk=int(asked))
    form = RewardForm(request.POST or None, currency=ws.currency)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        service.give_reward(recognition, request.user, data["kind"], data["amount"], data["note"])
        name = recognition.employee.name or recognition.employee.code
        messages.success(request, f"Reward recorded; {name} sees it on their My page.")
        return redirect("recognition_list", slug=ws.slug)
    status = 400 if request.method == "POST" else 200
    context = {"recognition": recognition, "form": form, "fresh": set()}
    return render(request, "recognition/reward.html", context, status=status)


@workspace_view(*MANAGING)
@require_POST
def wall_link_action(request) -> HttpResponse:
    """Create a unit's wall link (replacing its previous one) or revoke one."""
    ws, scope = request.workspace, request.unit_scope
    action = request.POST.get("action")
    if action == "revoke":
        asked = request.POST.get("link", "")
        link = get_object_or_404(
            service.wall_links(ws, scope), pk=int(asked) if asked.isdigit() else 0
        )
        service.revoke_wall_link(link, request.user)
        messages.success(request, f"The wall link of {link.unit.name} no longer works.")
        return redirect("recognition_list", slug=ws.slug)
    if action != "create":
        messages.error(request, "action: must be create or revoke.")
        return redirect("recognition_list", slug=ws.slug)
    units = _units(request)
    form = WallLinkForm(request.POST, units=units)
    if not form.is_valid():
        context, _ = _list_context(request, wall_form=form)
        return render(request, "recognition/list.html", context, status=400)
    unit = next(u for u in units if u.code == form.cleaned_data["unit"])
    service.new_wall_link(ws, unit, request.user)
    messages.success(request, f"{unit.name} has a new wall link; any earlier one no longer works.")
    return redirect(reverse("recognition_list", kwargs={"slug": ws.slug}) + "#walls")


def wall(request, slug: str, wall_token: str) -> HttpResponse:
    """A unit's recognition wall, for a screen in the branch: no login, no navigation."""
    workspace = workspace_for_slug(slug)
    link = (
        WallLink.objects.of(workspace)
        .filter(token=wall_token, revoked_at__isnull=True)
        .select_related("unit", "workspace")
        .first()
    )
    if link is None:
        raise Http404("no such wall")
    items = [
        {
            "text": masked(f.text),
            "name": first_name(f.employee.name) if f.employee else "",
            "touchpoint": f.touchpoint.name if f.touchpoint else "",
            "at": f.submitted_at,
        }
        for f in service.wall_compliments(link)
    ]
    context = {"workspace": workspace, "unit": link.unit, "items": items,
               "refresh": WALL_REFRESH_S, "days": service.WALL_DAYS}  # fmt: skip
    response = render(request, "recognition/wall.html", context)
    response["Cache-Control"] = "no-store"  # a revoked link must stop showing at once
    return response
