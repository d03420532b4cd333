"""The forms of the standards pages. The behaviours are not a Django field: they are an ordered
list of text boxes (``behaviours.py``) the view reads and checks beside the form."""

from __future__ import annotations

from typing import Any

from django import forms

from servicegap.standards.models import DIMENSION_CHOICES, SERVQUAL_CHOICES, NeedOrWant
from servicegap.surveys.templates_catalogue import QUESTION_TYPES, STANDARD_TYPES

# The fields of a version that the form edits, in the order it shows them (behaviours apart).
EDITED = ("title", "dimension", "servqual", "need_or_want", "why", "target", "published")


class StandardForm(forms.Form):
    code = forms.CharField(
        max_length=64, help_text="Short and stable, e.g. GREET: the key of imports and exports."
    )
    title = forms.CharField(max_length=300, help_text="What we promise, in the customer's words.")
    dimension = forms.ChoiceField(choices=DIMENSION_CHOICES)
    servqual = forms.ChoiceField(
        label="SERVQUAL dimension", choices=[("", "—"), *SERVQUAL_CHOICES], required=False
    )
    need_or_want = forms.ChoiceField(
        label="Need or want", choices=[("", "—"), *NeedOrWant.choices], required=False
    )
    why = forms.CharField(
        label="Why it matters", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    target = forms.FloatField(
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text="The level we aim for on the workspace's scale; empty: none.",
    )
    published = forms.BooleanField(
        required=False, initial=True, label="Published (on the promise page)"
    )

    def __init__(self, *args: Any, scale_max: int, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].help_text = f"The level we aim for, 1 to {scale_max}; empty: none."
        if editing:  # the code is the standard's key: it stays
            del self.fields["code"]

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in EDITED}


class AddToSurveyForm(forms.Form):
    survey = forms.ChoiceField(label="Draft survey")
    qtype = forms.ChoiceField(
        label="Ask it as",
        choices=[(t, QUESTION_TYPES[t]) for t in STANDARD_TYPES],
        initial="gap",
    )

    def __init__(self, *args: Any, surveys: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["survey"].choices = [(s.code, f"{s.code} {s.title}") for s in surveys]  # type: ignore[attr-defined]
