"""The loyalty pages under /w/<slug>/loyalty/ (owners and leaders: customer-level figures and
timelines are personal data): loyal or retained with its quadrant, why customers are lost, and
one customer's timeline. The figures are the ``loyalty`` and ``lost`` reports' (report.py), so
the page, the CLI and the API agree; this module only draws them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from servicegap.accounts.models import Role
from servicegap.core.web import workspace_view
from servicegap.gaps.filters import ReportError
from servicegap.gaps.kinds import run
from servicegap.loyalty import charts, config, timeline
from servicegap.loyalty.groups import GROUPS, NAMES
from servicegap.people.models import Person

STAFF = (Role.OWNER, Role.LEADER)


class AsOfForm(forms.Form):
    as_of = forms.CharField(
        required=False,
        label="As of",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The day the figures are computed at; empty: the last purchase's day.",
    )


def _run(request, kind: str) -> tuple[AsOfForm, dict[str, Any] | None, int]:
    form = AsOfForm(request.GET)
    form.is_valid()
    try:
        doc = run(request.workspace, kind, {"as-of": request.GET.get("as_of", "")})
    except ReportError as error:  # the page again, the error under its field: 422 as the API
        form.add_error("as_of" if error.field == "as-of" else None, error.message)
        # nothing asked, nothing wrong: a workspace without purchases yet is told so (200)
        return form, None, 422 if request.GET.get("as_of") else 200
    return form, doc, 200


def _linked(request, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``rows`` with each customer's person id (``pk``), for the link to their timeline."""
    codes = {r["customer"] for r in rows}
    found = dict(
        Person.objects.of(request.workspace).filter(code__in=codes).values_list("code", "pk")
    )
    return [{**r, "pk": found.get(r["customer"])} for r in rows]


@workspace_view(*STAFF)
def loyalty_page(request) -> HttpResponse:
    from servicegap.loyalty.report import loyalty_sentence  # noqa: PLC0415 (the kind, loaded)

    form, doc, status = _run(request, "loyalty")
    context: dict[str, Any] = {"form": form, "doc": doc}
    if doc is not None:
        currency = doc.get("currency") or ""
        referrals = doc["referrals"]
        context.update(
            sentence=loyalty_sentence(doc, None, {}),
            chart=charts.quadrant(doc["rows"], doc["groups"], config.thresholds(), currency),
            groups=[
                {
                    "key": g,
                    "name": NAMES[g],
                    **doc["groups"][g],
                    **{k: referrals[g][k] for k in ("referrals", "per_customer")},
                }
                for g in GROUPS
            ],  # fmt: skip
            moved=[{**r, "name": NAMES[r["group"]]} for r in doc["transitions"]["rows"]],
            names=[NAMES[g] for g in GROUPS],
            group_keys=GROUPS,
            comments=_linked(request, doc["captive_comments"]),
        )
    return render(request, "loyalty/loyalty.html", context, status=status)


@workspace_view(*STAFF)
def lost_page(request) -> HttpResponse:
    from servicegap.loyalty.report import lost_sentence  # noqa: PLC0415

    form, doc, status = _run(request, "lost")
    context: dict[str, Any] = {"form": form, "doc": doc}
    if doc is not None:
        context.update(
            sentence=lost_sentence(doc, None, {}),
            bars=charts.bars(doc["rows"], doc.get("currency") or ""),
            customers=_linked(request, doc["lost_customers"]),
        )
    return render(request, "loyalty/lost.html", context, status=status)


@workspace_view(*STAFF)
def customer_timeline(request, person_id: int) -> HttpResponse:
    person = get_object_or_404(Person.objects.of(request.workspace), pk=person_id, kind="customer")
    found = timeline.events(request.workspace, person)
    context = {
        "person": person,
        "events": found,
        "chart": charts.timeline(found),
        "bad": sum(1 for e in found if e["bad"]),
    }
    return render(request, "loyalty/timeline.html", context)
