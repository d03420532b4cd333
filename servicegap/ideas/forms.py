"""The forms of the ideas pages: an idea, the board's filter, a status, a brainstorm."""

from __future__ import annotations

from django import forms

from servicegap.feedback.models import IdeaFlavour, IdeaStatus
from servicegap.ideas import ranking
from servicegap.ideas.service import TEXT_MAX

FLAVOURS = [("", "Not said"), *IdeaFlavour.choices]


def step_choices(touchpoints, empty: str) -> list[tuple[str, str]]:
    return [("", empty)] + [(t.code, f"{t.journey.name}: {t.step}. {t.name}") for t in touchpoints]


class IdeaForm(forms.Form):
    text = forms.CharField(
        label="Your idea", max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
    touchpoint = forms.ChoiceField(label="Journey step", required=False)
    flavour = forms.ChoiceField(label="It would…", choices=FLAVOURS, required=False)
    signed = forms.BooleanField(
        label="Show my name with it",
        required=False,
        help_text="Left unticked, nobody sees who wrote it.",
    )

    def __init__(self, *args, touchpoints, **kwargs) -> None:
        # Its own ids: the board's filter above has fields of the same names.
        kwargs.setdefault("auto_id", "new_%s")
        super().__init__(*args, **kwargs)
        self.fields["touchpoint"].choices = step_choices(touchpoints, "No particular step")  # type: ignore[attr-defined]


class FilterForm(forms.Form):
    touchpoint = forms.ChoiceField(label="Journey step", required=False)
    flavour = forms.ChoiceField(
        label="Kind", choices=[("", "Every kind"), *IdeaFlavour.choices], required=False
    )
    status = forms.ChoiceField(
        label="Status", choices=[("", "Every status"), *IdeaStatus.choices], required=False
    )
    sort = forms.ChoiceField(
        label="Order",
        choices=[("votes", "Most votes first"), ("newest", "Newest first")],
        required=False,
    )

    def __init__(self, *args, touchpoints, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["touchpoint"].choices = step_choices(touchpoints, "Every step")  # type: ignore[attr-defined]


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=[(s, s) for s in ranking.STATUSES])


class BrainstormForm(forms.Form):
    journey = forms.ChoiceField(label="Journey to walk")

    def __init__(self, *args, journeys, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["journey"].choices = [(j.code, j.name) for j in journeys]  # type: ignore[attr-defined]


class ContributionForm(forms.Form):
    text = forms.CharField(
        label="Your idea for this step", max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
    flavour = forms.ChoiceField(label="It would…", choices=FLAVOURS, required=False)
