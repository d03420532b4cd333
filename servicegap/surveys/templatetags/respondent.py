"""``{{ survey|customer_title }}``: a survey's title as its respondents read it."""

from __future__ import annotations

from django import template

from servicegap.surveys.respond_text import customer_title as _customer_title

register = template.Library()


@register.filter
def customer_title(survey) -> str:
    return _customer_title(getattr(survey, "title", ""), getattr(survey, "code", ""))
