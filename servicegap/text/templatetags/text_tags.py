"""``redacted``: a comment as it may be shown, e-mail addresses, phone, card and account numbers
replaced (``servicegap.text.redact``); every page showing free text uses it (docs/text.md)."""

from django import template

from servicegap.text.show import redact

register = template.Library()


@register.filter
def redacted(text: str) -> str:
    return redact(str(text or ""))
