"""Forms of the case pages: the list's filters, the actions on one case, the settings."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from servicegap.cases.models import CaseStatus, Severity, Trigger
from servicegap.cases.query import ACTIVE, NOBODY, TRIAGE
from servicegap.lib.caserules import TRIGGERS
from servicegap.lib.currency import check_currency
from servicegap.lib.errors import FieldError

ANY = [("", "any")]
MAX_SLA_HOURS = 24 * 365


class FilterForm(forms.Form):
    status = forms.ChoiceField(
        required=False,
        choices=[("", "any"), (ACTIVE, "not closed"), *CaseStatus.choices],
    )
    unit = forms.ChoiceField(required=False)
    severity = forms.ChoiceField(required=False, choices=ANY + Severity.choices)
    breached = forms.ChoiceField(
        required=False, label="Past due", choices=[("", "any"), ("true", "yes"), ("false", "no")]
    )
    owner = forms.ChoiceField(required=False)
    mine = forms.BooleanField(required=False, label="Only mine")

    def __init__(self, *args: Any, units: list[Any], owners: list[str], triage: bool, **kw: Any):
        super().__init__(*args, **kw)
        unit_choices = [("", "any")] + ([(TRIAGE, "triage queue (no unit)")] if triage else [])
        self.fields["unit"].choices = unit_choices + [(u.code, f"{u.code} {u.name}") for u in units]  # type: ignore[attr-defined]
        self.fields["owner"].choices = ANY + [(NOBODY, "nobody")] + [(e, e) for e in owners]  # type: ignore[attr-defined]


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=CaseStatus.choices)
    resolution = forms.CharField(
        required=False, max_length=10_000, widget=forms.Textarea(attrs={"rows": 3}),
        label="Resolution", help_text="When closing: what was done for the customer.",
    )  # fmt: skip


class AssignForm(forms.Form):
    owner = forms.ChoiceField(label="Owner")

    def __init__(self, *args: Any, members: list[Any], **kw: Any):
        super().__init__(*args, **kw)
        self.fields["owner"].choices = [("", "nobody")] + [(str(u.pk), u.email) for u in members]  # type: ignore[attr-defined]


class MoveForm(forms.Form):
    unit = forms.ChoiceField(label="Unit")

    def __init__(self, *args: Any, units: list[Any], **kw: Any):
        super().__init__(*args, **kw)
        self.fields["unit"].choices = [(u.code, f"{u.code} {u.name}") for u in units]  # type: ignore[attr-defined]


class SeverityForm(forms.Form):
    severity = forms.ChoiceField(choices=Severity.choices)


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Internal note", max_length=10_000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Seen by your colleagues on this page, never by the customer.",
    )  # fmt: skip


def _money(label: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, min_value=Decimal("0"), max_digits=12, decimal_places=2,
        help_text="Granted without approval up to this amount; 0: every grant needs approval.",
    )  # fmt: skip


def _hours(label: str) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=1, max_value=MAX_SLA_HOURS)


class SettingsForm(forms.Form):
    sla_high_hours = _hours("High severity: hours to close")
    sla_normal_hours = _hours("Normal severity: hours to close")
    sla_low_hours = _hours("Low severity: hours to close")
    currency = forms.CharField(
        label="Currency", max_length=3, help_text="ISO 4217 code of the goodwill amounts, e.g. EUR."
    )
    limit_employee = _money("Goodwill limit of an employee")
    limit_manager = _money("Goodwill limit of a manager")
    limit_leader = _money("Goodwill limit of a leader")
    limit_owner = _money("Goodwill limit of an owner")
    recovery_horizon_days = forms.IntegerField(
        label="Recovery horizon (days)", min_value=1, max_value=3650,
        help_text="How long after closing a customer's return counts as saved, and their silence as lost.",
    )  # fmt: skip

    def __init__(self, *args: Any, **kw: Any):
        super().__init__(*args, **kw)
        for trigger in TRIGGERS:
            self.fields[f"rule_{trigger}"] = forms.BooleanField(
                required=False, label=Trigger(trigger).label
            )
            self.fields[f"severity_{trigger}"] = forms.ChoiceField(
                label=f"{Trigger(trigger).label}: severity", choices=Severity.choices
            )

    def clean_currency(self) -> str:
        try:
            return check_currency(self.cleaned_data.get("currency"))
        except FieldError as exc:
            raise forms.ValidationError(exc.message) from None

    def rule_rows(self) -> list[tuple[Any, Any]]:
        """The (on/off, severity) field pair of each trigger, for the template."""
        return [(self[f"rule_{t}"], self[f"severity_{t}"]) for t in TRIGGERS]
