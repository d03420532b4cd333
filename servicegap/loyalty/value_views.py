"""The value page, /w/<slug>/loyalty/value/ (owners and leaders): what customers are worth and
how long they stay. Asking for figures queues a ValueRun that the worker fits (value_run.py);
the page polls its progress and then draws the CLV distribution and the retention curves. The
figures are customer_values's, as the ``clv`` report's (CLI and API)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from servicegap.core.web import workspace_view
from servicegap.loyalty import value_charts
from servicegap.loyalty.models import ValueRun
from servicegap.loyalty.retention import BY
from servicegap.loyalty.views import STAFF

BY_NAMES = {"all": "Everyone", "unit": "Unit of the first purchase",
            "month": "Month of the first purchase"}  # fmt: skip


class ValueForm(forms.Form):
    as_of = forms.DateField(
        required=False,
        label="As of",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The fit uses purchases up to this day; empty: the last purchase's day.",
    )
    time_unit = forms.ChoiceField(
        label="Time unit", choices=[("weeks", "Weeks"), ("days", "Days")], initial="weeks"
    )
    horizon = forms.IntegerField(
        label="Horizon (months)", min_value=1, max_value=120, initial=12,
        help_text="How far ahead lifetime value looks.",
    )  # fmt: skip
    discount = forms.DecimalField(
        label="Discount rate per year", min_value=0, max_value=0.99, decimal_places=3,
        initial="0.10", help_text="0.10 is 10 % a year.",
    )  # fmt: skip
    by = forms.ChoiceField(label="Retention curves by", choices=list(BY_NAMES.items()))
    segment = forms.CharField(
        required=False, max_length=60, label="Or by segment attribute",
        help_text="A customer attribute key, e.g. region; overrides the choice above.",
    )  # fmt: skip

    def options(self) -> dict[str, Any]:
        d = self.cleaned_data
        by = f"segment:{d['segment'].strip()}" if d.get("segment", "").strip() else d["by"]
        return {"time-unit": d["time_unit"], "horizon": d["horizon"],
                "discount": float(d["discount"]), "by": by}  # fmt: skip


def _by_name(by: str) -> str:
    return BY_NAMES.get(by) or f"Segment attribute {by.partition(':')[2]}"


def sentence(run: ValueRun, currency: str) -> str:
    f, o = run.figures, run.options
    money = f"{currency} {f['total']:,.0f}"
    return (
        f"The {f['customers']:,} customers who bought on or before {run.as_of:%d %b %Y} are "
        f"expected to spend {money} in the next {o['horizon']} months, discounted at "
        f"{o['discount']:.0%} a year; {currency} {f['value_at_risk']:,.0f} of it is with the "
        f"{f['fading']:,} customers less likely than not to still be buying."
    )


def _context(request, run: ValueRun | None, form: ValueForm) -> dict[str, Any]:
    context: dict[str, Any] = {"form": form, "run": run, "steps": value_run_steps()}
    if run is not None and run.state == ValueRun.State.DONE:
        currency = request.workspace.currency
        days = int(run.options.get("horizon", 12) * 30.4375)
        context.update(
            sentence=sentence(run, currency),
            histogram=value_charts.histogram(run.figures["clv"], currency),
            curves=value_charts.curves(run.figures["curves"], max(days, 365)),
            groups=run.figures["curves"],
            by_name=_by_name(run.options.get("by", "all")),
            currency=currency,
            time_unit=run.options.get("time-unit", "weeks"),
        )
    return context


def value_run_steps() -> int:
    from servicegap.loyalty.value_run import STEPS  # noqa: PLC0415

    return STEPS


@workspace_view(*STAFF)
def value_page(request) -> HttpResponse:
    runs = ValueRun.objects.of(request.workspace)
    if request.method == "POST":
        form = ValueForm(request.POST)
        if not form.is_valid():  # the form again, each error under its field, nothing queued
            return render(request, "loyalty/value.html", _context(request, runs.first(), form),
                          status=422)  # fmt: skip
        return _start(request, form)
    asked = request.GET.get("run", "")
    run = get_object_or_404(runs, pk=int(asked)) if asked.isdigit() else runs.first()
    initial = {"time_unit": "weeks", "horizon": 12, "discount": "0.10", "by": "all"}
    if run is not None:
        o = run.options
        by = o.get("by", "all")
        initial = {"as_of": run.as_of, "time_unit": o.get("time-unit"), "horizon": o.get("horizon"),
                   "discount": o.get("discount"), "by": by if by in BY else "all",
                   "segment": by.partition(":")[2]}  # fmt: skip
    return render(request, "loyalty/value.html", _context(request, run, ValueForm(initial=initial)))


def _start(request, form: ValueForm) -> HttpResponse:
    from django.db.models import Max  # noqa: PLC0415
    from django.utils import timezone  # noqa: PLC0415

    from servicegap.loyalty.models import Transaction  # noqa: PLC0415
    from servicegap.loyalty.tasks import run_value  # noqa: PLC0415
    from servicegap.runtime.taskqueue import enqueue  # noqa: PLC0415

    asked: date | None = form.cleaned_data["as_of"]
    last = Transaction.objects.of(request.workspace).aggregate(last=Max("date"))["last"]
    day = asked or last or timezone.localdate()  # as the clv report's default
    with transaction.atomic():
        run = ValueRun.objects.create(
            workspace=request.workspace, as_of=day, options=form.options()
        )
        enqueue(run_value, run.pk)
    url = reverse("loyalty_value", kwargs={"slug": request.workspace.slug})
    return redirect(f"{url}?run={run.pk}")


@workspace_view(*STAFF)
def value_status(request, run_id: int) -> HttpResponse:
    """The progress block alone (polled by the page); once finished, the whole page again."""
    run = get_object_or_404(ValueRun.objects.of(request.workspace), pk=run_id)
    if run.finished and request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        url = reverse("loyalty_value", kwargs={"slug": request.workspace.slug})
        response["HX-Redirect"] = f"{url}?run={run.pk}"
        return response
    return render(request, "loyalty/_value_status.html", {"run": run, "steps": value_run_steps()})
