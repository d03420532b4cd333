"""The inbox's filters: a GET form whose choices are the workspace's own codes."""

from __future__ import annotations

from django import forms

from servicegap.core.models import Workspace
from servicegap.feedback.inbox import KINDS, STATUSES, Cursor, Filters, subtree
from servicegap.journeys.models import Touchpoint
from servicegap.people.models import Unit
from servicegap.standards.models import Standard
from servicegap.text import explore

KIND_LABELS = {
    "complaint": "Complaints",
    "compliment": "Compliments",
    "suggestion": "Suggestions",
    "idea": "Ideas",
    "comment": "Survey comments",
}


class InboxForm(forms.Form):
    kind = forms.ChoiceField(required=False, label="Kind")
    unit = forms.ChoiceField(required=False, label="Unit", help_text="With the units below it.")
    touchpoint = forms.ChoiceField(required=False, label="Touchpoint")
    standard = forms.ChoiceField(required=False, label="Standard")
    date_from = forms.DateField(
        required=False, label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        required=False, label="To", widget=forms.DateInput(attrs={"type": "date"})
    )
    status = forms.ChoiceField(required=False, label="What became of it")
    # The comment explorer: the text engine's labels (docs/text.md).
    theme = forms.ChoiceField(required=False, label="Theme")
    sentiment = forms.ChoiceField(required=False, label="Sentiment")
    reads_as = forms.ChoiceField(
        required=False,
        label="Reads as",
        help_text="The kind the words read as, whatever was picked.",
    )
    after = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, workspace: Workspace, scope: frozenset[str] | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.workspace, self.scope = workspace, scope
        units = Unit.objects.of(workspace).order_by("name")
        if scope is not None:
            units = units.filter(code__in=scope)
        self.units = {u.code: u for u in units}
        self.touchpoints = {
            t.code: t
            for t in Touchpoint.objects.of(workspace).order_by("journey__code", "step", "code")
        }
        self.standards = {s.code: s for s in Standard.objects.of(workspace).order_by("code")}
        every = [("", "All")]
        choices = {
            "kind": every + [(k, KIND_LABELS[k]) for k in KINDS],
            "unit": every + [(c, u.name) for c, u in self.units.items()],
            "touchpoint": every + [(c, t.name) for c, t in self.touchpoints.items()],
            "standard": every + [(c, f"{c}: {s.title}") for c, s in self.standards.items()],
            "status": [("", "Anything")] + list(STATUSES.items()),
            "theme": every + [(t, t) for t in explore.themes(workspace)],
            "sentiment": every + [(v, v.capitalize()) for v in explore.SENTIMENTS],
            "reads_as": every + [(v, v.capitalize()) for v in explore.KINDS],
        }
        for name, options in choices.items():
            self.fields[name].choices = options  # type: ignore[attr-defined]

    def clean_after(self) -> Cursor | None:
        text = self.cleaned_data.get("after") or ""
        if not text:
            return None
        try:
            return Cursor.parse(text)
        except ValueError as exc:
            raise forms.ValidationError(f"{text!r} is {exc}; start again from the newest") from None

    def clean(self):
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "must be on or after From")
        return data

    def filters(self, scope_ids: frozenset[int] | None) -> Filters:
        """The checked filters; ``scope_ids``: the ids of the member's units (None: all)."""
        data = self.cleaned_data if self.is_bound else {}
        units = scope_ids
        if data.get("unit"):
            chosen = subtree(self.workspace, self.units[data["unit"]])
            units = chosen if scope_ids is None else chosen & scope_ids
        return Filters(
            kind=data.get("kind") or "",
            units=units,
            touchpoint=self.touchpoints.get(data.get("touchpoint") or ""),
            standard=self.standards.get(data.get("standard") or ""),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            status=data.get("status") or "",
            theme=data.get("theme") or "",
            sentiment=data.get("sentiment") or "",
            reads_as=data.get("reads_as") or "",
        )
