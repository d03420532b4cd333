"""The actions pages' forms. They only collect the values: ``servicegap.actions.service.clean``
checks them (as it does for the API and the import), and its refusal is shown next to the
field of the same name (``core.forms.show_error``)."""

from __future__ import annotations

from typing import Any

from django import forms

from servicegap.accounts.models import Membership
from servicegap.actions.models import ActionStatus
from servicegap.journeys.models import Touchpoint
from servicegap.people.models import Unit
from servicegap.standards.models import Standard

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _day(label: str, help_text: str = "") -> forms.DateField:
    return forms.DateField(label=label, required=False, widget=DATE, help_text=help_text)


def members(workspace: Any) -> list[tuple[str, str]]:
    emails = (
        Membership.objects.of(workspace)
        .order_by("user__email")
        .values_list("user__email", flat=True)
    )
    return [("", "Nobody yet"), *((e, e) for e in emails)]


def _choices(form: forms.Form, name: str, choices: list[tuple[str, str]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


class ActionForm(forms.Form):
    code = forms.CharField(
        label="Code", max_length=64, help_text="Letters, digits, '-' and '_'; it cannot change."
    )
    title = forms.CharField(label="Title", max_length=300)
    description = forms.CharField(
        label="What will change",
        required=False,
        max_length=5000,
        widget=forms.Textarea({"rows": 3}),
    )
    standards = forms.MultipleChoiceField(
        label="Standards",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Its effect is measured on customers' experience of these.",
    )
    touchpoints = forms.MultipleChoiceField(
        label="Touchpoints",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Measured on these only when no standard is chosen.",
    )
    units = forms.MultipleChoiceField(
        label="Units",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="With their subtrees; none: every unit. The other units are the control.",
    )
    owner = forms.ChoiceField(label="Owner", required=False)
    status = forms.ChoiceField(label="Status", choices=ActionStatus.choices)
    start = _day("Start", "The before and after windows are counted from it.")
    due = _day("Due")
    cost = forms.DecimalField(
        label="Cost", required=False, min_value=0, max_digits=12, decimal_places=2
    )
    public = forms.BooleanField(
        label='Public: show it on the promise page ("You said, we did") once done',
        required=False,
    )

    def __init__(self, *args: Any, workspace: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["code"]
        _choices(
            self,
            "standards",
            [
                (s.code, f"{s.code} · {s.title}")
                for s in Standard.objects.of(workspace).order_by("code")
            ],
        )
        _choices(
            self,
            "touchpoints",
            [
                (t.code, f"{t.code} · {t.name}")
                for t in Touchpoint.objects.of(workspace).order_by("code")
            ],
        )
        _choices(
            self,
            "units",
            [(u.code, f"{u.code} · {u.name}") for u in Unit.objects.of(workspace).order_by("code")],
        )
        _choices(self, "owner", members(workspace))
        self.fields["cost"].label = f"Cost ({workspace.currency})" if workspace.currency else "Cost"


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=ActionStatus.choices)


class WindowsForm(forms.Form):
    before_from = _day("Before: from", "Empty: 90 days before the start.")
    before_to = _day("Before: to", "Empty: the day before the start.")
    after_from = _day("After: from", "Empty: 14 days after the start.")
    after_to = _day("After: to", "Empty: 90 days on (or today, if sooner).")


class AssignForm(forms.Form):
    assignee = forms.ChoiceField(label="Assign to", required=False)

    def __init__(self, *args: Any, workspace: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "assignee", members(workspace))


def values(form: forms.Form) -> dict[str, Any]:
    """A bound form's cleaned data as ``service.clean`` reads it (dates as ISO text)."""
    out: dict[str, Any] = {}
    for name, value in form.cleaned_data.items():
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        elif value is None:
            value = ""
        elif isinstance(value, bool):
            value = "true" if value else "false"
        elif not isinstance(value, list):
            value = str(value)
        out[name] = value
    return out
