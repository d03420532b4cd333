"""Forms of the walk-throughs page: plan an audit round, log a customer conversation."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model

from servicegap.accounts.models import Membership
from servicegap.core.models import Workspace
from servicegap.journeys.models import Journey
from servicegap.people.models import Person, PersonKind, Unit
from servicegap.quality.models import WalkerKind

WALKERS = [(WalkerKind.LEADER, "A leader"), (WalkerKind.MYSTERY_SHOPPER, "A mystery shopper")]


class Named(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:  # type: ignore[no-untyped-def]
        return getattr(obj, "name", "") or getattr(obj, "email", "") or str(obj)


class RoundForm(forms.Form):
    unit = Named(queryset=Unit.objects.none(), empty_label="Choose a unit…", label="Unit")
    journey = Named(queryset=Journey.objects.none(), empty_label="Choose a journey…",
                    label="Journey")  # fmt: skip
    walker_kind = forms.ChoiceField(choices=WALKERS, label="Walked by")
    due_on = forms.DateField(label="Due on", widget=forms.DateInput(attrs={"type": "date"}))
    assignee = Named(
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label="Nobody yet",
        label="Assigned to",
        help_text="The member who walks it (a mystery shopper's visit is entered by a member).",
    )

    def __init__(self, *args, workspace: Workspace, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.of(workspace).order_by("name")  # type: ignore[attr-defined]
        self.fields["journey"].queryset = Journey.objects.of(workspace)  # type: ignore[attr-defined]
        members = Membership.objects.of(workspace).values("user_id")
        users = get_user_model().objects.filter(pk__in=members).order_by("email")
        self.fields["assignee"].queryset = users  # type: ignore[attr-defined]


class ConversationForm(forms.Form):
    held_on = forms.DateField(label="Held on", widget=forms.DateInput(attrs={"type": "date"}))
    customer = forms.CharField(
        required=False,
        max_length=64,
        label="Customer code (optional)",
        help_text="The customer's code in People; empty when you did not note who it was.",
    )
    note = forms.CharField(
        required=False,
        max_length=2000,
        label="What you learnt",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, workspace: Workspace, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.workspace = workspace

    def clean_customer(self) -> Person | None:
        code = (self.cleaned_data.get("customer") or "").strip()
        if not code:
            return None
        person = (
            Person.objects.of(self.workspace).filter(code=code, kind=PersonKind.CUSTOMER).first()
        )
        if person is None:
            raise forms.ValidationError(f"There is no customer with the code {code}.")
        return person
