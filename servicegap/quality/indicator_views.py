"""The Indicators page: each operational measure with its target, direction and latest readings,
and (owners) a form that adds or changes one. The form runs the same checks as
``servicegap import indicator-definitions`` (one row through its ``check``), so a page and a file
mean the same thing."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render

from servicegap.core.forms import show_error
from servicegap.core.web import workspace_view
from servicegap.lib.errors import FieldError
from servicegap.quality.indicator_definitions import COLUMNS, KIND, OPTIONAL
from servicegap.quality.models import Indicator, IndicatorReading
from servicegap.standards.models import Standard
from servicegap.transfer.batch import Batch, Row

VIEWERS = ("owner", "leader")
SHOWN = 3  # latest readings per indicator on the page


class IndicatorForm(forms.Form):
    code = forms.CharField(
        max_length=64,
        help_text="Short and stable, e.g. RINGS; an existing code changes that indicator.",
    )
    name = forms.CharField(max_length=200)
    standard = forms.ChoiceField(help_text="The standard this measure shows in fact.")
    measure = forms.CharField(
        max_length=100,
        required=False,
        help_text="What is counted, e.g. % of calls answered within 3 rings.",
    )
    target = forms.CharField(
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text="Empty: none (then it is not placed in fact vs perception).",
    )
    higher_is_better = forms.BooleanField(
        required=False, initial=True, label="Higher is better (untick for waiting times)"
    )

    def __init__(self, *args, standards: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["standard"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = standards


def _save(request, form: IndicatorForm) -> bool:
    """One row through the import's check and write; a problem goes next to its field."""
    data = form.cleaned_data
    header = list(COLUMNS + ("measure", "target", "higher_is_better"))
    cells = [data["code"].strip(), data["name"].strip(), data["standard"], data["measure"].strip(),
             data["target"].strip(), "true" if data["higher_is_better"] else "false"]  # fmt: skip
    batch = Batch(
        request.workspace, "form", header, [Row(1, cells, {c: i for i, c in enumerate(header)})]
    )
    with transaction.atomic():
        plan = KIND.check(batch)  # type: ignore[misc]
        if batch.problems:
            for problem in batch.problems:
                show_error(form, FieldError(problem.column, problem.reason))
            return False
        counts = KIND.write(batch, plan)  # type: ignore[misc]
    said = "added" if counts.created else "changed" if counts.updated else "unchanged"
    messages.success(request, f"Indicator {data['code'].strip()} {said}.")
    return True


@workspace_view(*VIEWERS)
def indicator_list(request) -> HttpResponse:
    ws = request.workspace
    standards = [(s.code, s.title) for s in Standard.objects.of(ws).order_by("code")]
    owner = request.membership.role == "owner"
    form = IndicatorForm(request.POST or None, standards=standards) if owner else None
    if request.method == "POST":
        if not owner:
            return HttpResponse(status=404)
        assert form is not None
        if form.is_valid() and _save(request, form):
            return redirect("indicator_list", slug=ws.slug)
    latest: dict[int, list[IndicatorReading]] = {}
    for r in IndicatorReading.objects.of(ws).select_related("unit").order_by("-period_start"):
        found = latest.setdefault(r.indicator_id, [])
        if len(found) < SHOWN:
            found.append(r)
    indicators = [
        (i, latest.get(i.pk, []))
        for i in Indicator.objects.of(ws).select_related("standard", "unit")
    ]
    status = 422 if form is not None and form.errors else 200
    return render(
        request,
        "quality/indicators.html",
        {"indicators": indicators, "form": form, "optional": OPTIONAL},
        status=status,
    )
