"""Forms of the People pages: find a person, confirm an erasure, set the retention period."""

from __future__ import annotations

from django import forms

from servicegap.core.models import MIN_RETENTION_DAYS
from servicegap.people.models import PersonKind


class FindForm(forms.Form):
    q = forms.CharField(
        label="Code, name or e-mail",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    kind = forms.ChoiceField(
        label="Kind", required=False, choices=[("", "Every kind"), *PersonKind.choices]
    )


class EraseForm(forms.Form):
    confirm = forms.CharField(
        label="Type the person's code to confirm",
        max_length=64,
        help_text="Erasing cannot be undone.",
    )

    def __init__(self, *args, code: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.code = code

    def clean_confirm(self) -> str:
        value = self.cleaned_data["confirm"].strip()
        if value != self.code:
            raise forms.ValidationError("This is not the person's code.")
        return value


class RetentionForm(forms.Form):
    days = forms.IntegerField(
        label="Keep personal data (days)",
        required=False,
        min_value=MIN_RETENTION_DAYS,
        max_value=36_500,
        help_text=(
            f"At least {MIN_RETENTION_DAYS}. Empty: keep it until a person is erased. Free text, "
            "contact details and old invitations' addresses older than this are removed every "
            "night; ratings stay."
        ),
    )
