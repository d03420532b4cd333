"""The forms of the recognition pages: the managers' filter, a reward, a wall link."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from servicegap.people.models import Unit
from servicegap.recognition.models import Reward, RewardKind

PERIODS = [("30", "The last 30 days"), ("90", "The last 90 days"), ("365", "The last 12 months"),
           ("all", "All time")]  # fmt: skip
DEFAULT_PERIOD = "90"
MAX_AMOUNT = Decimal("1000000")


def _unit_choices(units, empty: str | None) -> list[tuple[str, str]]:
    head = [("", empty)] if empty is not None else []
    return head + [(u.code, f"{u.name} ({u.code})") for u in units]


class FilterForm(forms.Form):
    unit = forms.ChoiceField(label="Unit", required=False)
    period = forms.ChoiceField(label="Period", choices=PERIODS, required=False)

    def __init__(self, *args, units: list[Unit], everything: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        empty = "Every unit" if everything else "All my units"
        self.fields["unit"].choices = _unit_choices(units, empty)  # type: ignore[attr-defined]


class RewardForm(forms.ModelForm):
    amount = forms.DecimalField(
        label="Amount (optional)",
        required=False,
        min_value=Decimal("0.01"),
        max_value=MAX_AMOUNT,
        decimal_places=2,
        max_digits=12,
    )

    class Meta:
        model = Reward
        fields = ["kind", "amount", "note"]
        labels = {"kind": "Reward", "note": "Note (optional)"}
        widgets = {"note": forms.Textarea(attrs={"rows": 3, "maxlength": 500})}

    def __init__(self, *args, currency: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = RewardKind.choices  # type: ignore[attr-defined]
        self.fields["amount"].help_text = f"In {currency}, the workspace currency."
        self.fields["note"].help_text = "The employee sees it on their My page."


class WallLinkForm(forms.Form):
    unit = forms.ChoiceField(label="Unit of the screen")

    def __init__(self, *args, units: list[Unit], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = _unit_choices(units, None)  # type: ignore[attr-defined]
