"""Forms of the Tell us page and of the owner's channel settings."""

from __future__ import annotations

import re

from django import forms

from servicegap.channels.models import MAX_RESET_S, MIN_RESET_S, Kiosk
from servicegap.core.models import CODE_MAX, Workspace
from servicegap.feedback.contract import MAX_CONTACT
from servicegap.journeys.models import Touchpoint
from servicegap.lib.gate import normalize_origin
from servicegap.lib.scales import MAX_TEXT
from servicegap.people.facing import customer_facing
from servicegap.people.models import Unit
from servicegap.standards.models import Standard

KIND_CHOICES = [
    ("compliment", "A compliment"),
    ("complaint", "A complaint"),
    ("suggestion", "A suggestion"),
    ("idea", "An idea"),
]
CODE = re.compile(r"^[A-Za-z0-9_.-]+$")


def _choices(queryset, empty: str) -> list[tuple[str, str]]:
    return [("", empty)] + [(o.code, o.name) for o in queryset]


class TellUsForm(forms.Form):
    kind = forms.ChoiceField(choices=KIND_CHOICES, widget=forms.RadioSelect, label="This is")
    text = forms.CharField(
        label="What would you like to tell us?",
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    touchpoint = forms.ChoiceField(label="Where did it happen? (optional)", required=False)
    # An idea's flavour (docs/ideas.md); "a rule in the way" is for staff, on the ideas board.
    flavour = forms.ChoiceField(
        label="If it is an idea, it would… (optional)",
        choices=[("", "Not sure"), ("delight", "Add delight"), ("hassle", "Remove a hassle")],
        required=False,
    )
    unit = forms.ChoiceField(label="Which team or branch? (optional)", required=False)
    standard = forms.ChoiceField(
        label="Which of our promises is it about? (optional)", required=False
    )
    contact = forms.CharField(
        label="E-mail or phone (optional)",
        max_length=MAX_CONTACT,
        required=False,
        help_text="Only if you would like a reply.",
    )
    consent = forms.BooleanField(
        label="You may contact me about this.",
        required=False,
        help_text="Required when you leave contact details; we use them only to reply.",
    )
    website = forms.CharField(required=False)  # honeypot, rendered hidden from people

    def __init__(self, *args, workspace: Workspace, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        touchpoints = Touchpoint.objects.of(workspace).order_by("journey__code", "step")
        self.fields["touchpoint"].choices = _choices(touchpoints, "Not sure")  # type: ignore[attr-defined]
        # Customers see branches, never the internal tree (servicegap/people/facing.py).
        units = list(Unit.objects.of(workspace).order_by("name"))
        facing = customer_facing((u.pk, u.parent_id) for u in units)
        shown = [u for u in units if u.pk in facing]
        self.fields["unit"].choices = _choices(shown, "Not sure")  # type: ignore[attr-defined]
        offered = Standard.objects.of(workspace).filter(published=True, retired=False)
        promises = offered.order_by("code")
        self.fields["standard"].choices = [("", "Not sure")] + [(s.code, s.title) for s in promises]  # type: ignore[attr-defined]


class ChannelSettingsForm(forms.Form):
    public_feedback = forms.BooleanField(
        label="Take public feedback (Tell us page and widget)", required=False
    )
    allowed_origins = forms.CharField(
        label="Sites that may show the widget",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
        help_text="One origin per line, e.g. https://www.example.com. Only these sites get CORS "
        "headers; posts from any other site are refused.",
    )

    def clean_allowed_origins(self) -> list[str]:
        origins: list[str] = []
        for n, line in enumerate(self.cleaned_data["allowed_origins"].splitlines(), start=1):
            if not line.strip():
                continue
            try:
                origin = normalize_origin(line)
            except ValueError as exc:
                raise forms.ValidationError(f"Line {n}: {exc}") from None
            if origin not in origins:
                origins.append(origin)
        return origins


class KioskForm(forms.ModelForm):
    class Meta:
        model = Kiosk
        fields = ["code", "name", "touchpoint", "unit", "question", "reset_seconds"]
        help_texts = {
            "code": "A short code, e.g. SHOWROOM-DOOR.",
            "touchpoint": "Taps are stored as the moment of this touchpoint.",
            "unit": "Empty: the touchpoint's owning unit.",
        }
        labels = {"reset_seconds": "Thank-you shown for (seconds)"}

    def __init__(self, *args, workspace: Workspace, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.workspace = workspace
        self.fields["touchpoint"].queryset = Touchpoint.objects.of(workspace)  # type: ignore[attr-defined]
        self.fields["unit"].queryset = Unit.objects.of(workspace)  # type: ignore[attr-defined]

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if len(code) > CODE_MAX or not CODE.match(code):
            raise forms.ValidationError("Letters, digits, '.', '-' and '_' only.")
        if Kiosk.objects.of(self.workspace).filter(code=code).exists():
            raise forms.ValidationError(f"A kiosk with the code {code} exists already.")
        return code

    def clean_reset_seconds(self) -> int:
        value = self.cleaned_data["reset_seconds"]
        if not MIN_RESET_S <= value <= MAX_RESET_S:
            raise forms.ValidationError(f"Between {MIN_RESET_S} and {MAX_RESET_S} seconds.")
        return value

    def save(self, commit: bool = True) -> Kiosk:
        self.instance.workspace = self.workspace
        return super().save(commit)
