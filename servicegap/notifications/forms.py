"""Forms of the notification pages: add a webhook, choose the digest."""

from __future__ import annotations

from django import forms

from servicegap.notifications.events import EVENTS
from servicegap.notifications.models import DigestFrequency


class WebhookForm(forms.Form):
    # A plain text field: the address rules (http(s), public) are the service's, one place.
    url = forms.CharField(
        label="Receiver URL",
        max_length=500,
        help_text="The http(s) address of your system that receives the events.",
        widget=forms.TextInput(attrs={"inputmode": "url", "autocomplete": "off"}),
    )
    events = forms.MultipleChoiceField(
        label="Events",
        choices=[(e, e) for e in EVENTS],
        widget=forms.CheckboxSelectMultiple,
        help_text="Which events it hears.",
    )


class DigestForm(forms.Form):
    frequency = forms.ChoiceField(
        label="Send me the digest",
        choices=DigestFrequency.choices,
        widget=forms.RadioSelect,
    )
