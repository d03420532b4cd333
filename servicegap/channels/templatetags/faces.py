"""``{% face_label "magic" %}``: the customer's word for a face (servicegap.lib.faces)."""

from __future__ import annotations

from django import template

from servicegap.lib.faces import labels

register = template.Library()


@register.simple_tag
def face_label(moment: str, lang: str = "en") -> str:
    return labels(lang).get(moment, "")
