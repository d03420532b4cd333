"""Forms of the invitation pages: a send's audience, a schedule, the contact rules."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from django import forms

from servicegap.core.models import Workspace
from servicegap.invitations.models import Cadence, ContactRules
from servicegap.people.models import PersonKind, Unit
from servicegap.surveys.models import Survey, SurveyStatus

AUDIENCE_FIELDS = (
    "person_kind",
    "unit",
    "attribute",
    "attribute_value",
    "sample_size",
    "sample_share",
    "reminder_after_days",
)


class AudienceForm(forms.Form):
    survey = forms.ModelChoiceField(
        queryset=Survey.objects.none(), empty_label="Choose a survey…", label="Survey"
    )
    person_kind = forms.ChoiceField(
        choices=[("", "Everyone"), *PersonKind.choices], required=False, label="Who"
    )
    unit = forms.ModelChoiceField(
        queryset=Unit.objects.none(),
        required=False,
        empty_label="Every unit",
        label="Unit",
        help_text="People of this unit and the units below it.",
    )
    attribute = forms.CharField(
        required=False, max_length=64, label="Attribute", help_text="E.g. segment (optional)."
    )
    attribute_value = forms.CharField(required=False, max_length=200, label="Attribute value")
    sample_size = forms.IntegerField(
        required=False, min_value=1, label="At most this many people", help_text="Empty: all."
    )
    sample_share = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=100,
        label="Or a share of them, in %",
        help_text="A random sample of the eligible people.",
    )
    reminder_after_days = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=60,
        label="Remind non-responders after (days)",
        help_text="Empty: no reminder. One reminder at most.",
    )

    def __init__(self, *args, workspace: Workspace, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.workspace = workspace
        self.fields["survey"].queryset = Survey.objects.of(workspace).filter(  # type: ignore[attr-defined]
            status=SurveyStatus.PUBLISHED
        )
        self.fields["unit"].queryset = Unit.objects.of(workspace)  # type: ignore[attr-defined]

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("attribute_value") and not data.get("attribute"):
            self.add_error("attribute", "Name the attribute whose value is given.")
        return data

    def audience(self) -> dict:
        return {name: self.cleaned_data.get(name) or None for name in AUDIENCE_FIELDS} | {
            "person_kind": self.cleaned_data.get("person_kind") or "",
            "attribute": self.cleaned_data.get("attribute") or "",
            "attribute_value": self.cleaned_data.get("attribute_value") or "",
        }


class ScheduleForm(AudienceForm):
    name = forms.CharField(max_length=200, label="Name", help_text="E.g. Monthly pulse.")
    cadence = forms.ChoiceField(choices=Cadence.choices, label="How often")
    first_run = forms.DateField(
        label="First run on",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="At 09:00 in the workspace's time zone.",
    )

    field_order = ["name", "survey", "cadence", "first_run"]

    def first_run_at(self) -> datetime:
        zone = ZoneInfo(self.workspace.time_zone or "UTC")
        return datetime.combine(self.cleaned_data["first_run"], time(9, 0), tzinfo=zone)


class RulesForm(forms.ModelForm):
    class Meta:
        model = ContactRules
        fields = ["min_days_between"]
        labels = {"min_days_between": "Minimum days between two invitations to one person"}

    def clean_min_days_between(self):
        value = self.cleaned_data["min_days_between"]
        if value > 365:
            raise forms.ValidationError("At most 365 days.")
        return value
