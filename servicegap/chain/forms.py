"""The chain's forms: declare a link between two units, start an internal round."""

from __future__ import annotations

from django import forms

from servicegap.core.models import Workspace
from servicegap.people.models import InternalLink, Unit
from servicegap.surveys.models import Survey, SurveyStatus


class UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:  # type: ignore[override]
        return obj.name or obj.code


class LinkForm(forms.Form):
    supplier = UnitChoice(
        queryset=Unit.objects.none(), empty_label="Choose a unit…", label="Supplier unit"
    )
    customer = UnitChoice(
        queryset=Unit.objects.none(),
        empty_label="Choose a unit…",
        label="Depends on it (customer unit)",
    )
    description = forms.CharField(
        required=False, max_length=300, label="What flows", help_text="E.g. parts for booked jobs."
    )

    def __init__(self, *args, workspace: Workspace, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.workspace = workspace
        units = Unit.objects.of(workspace).order_by("name")
        self.fields["supplier"].queryset = units  # type: ignore[attr-defined]
        self.fields["customer"].queryset = units  # type: ignore[attr-defined]

    def clean(self) -> dict:
        data = super().clean() or {}
        supplier, customer = data.get("supplier"), data.get("customer")
        if supplier and customer:
            if supplier == customer:
                self.add_error("customer", "A unit cannot be its own supplier.")
            elif (
                InternalLink.objects.of(self.workspace)
                .filter(supplier=supplier, customer=customer)
                .exists()
            ):
                self.add_error("customer", f"{customer.name} already depends on {supplier.name}.")
        return data


class RoundForm(forms.Form):
    survey = forms.ModelChoiceField(
        queryset=Survey.objects.none(),
        empty_label="Choose an internal survey…",
        label="Internal survey",
        help_text="A published survey of the internal perspective.",
    )
    reminder_after_days = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=60,
        label="Remind non-responders after (days)",
        help_text="Empty: no reminder.",
    )

    def __init__(self, *args, workspace: Workspace, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        surveys = Survey.objects.of(workspace).filter(
            perspective="internal", status=SurveyStatus.PUBLISHED
        )
        self.fields["survey"].queryset = surveys.order_by("title")  # type: ignore[attr-defined]
