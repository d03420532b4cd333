"""Filters of the actions pages: a verdict in words, a signed figure, an interval."""

from __future__ import annotations

from typing import Any

from django import template

from servicegap.actions.chart import VERDICT_WORDS

register = template.Library()
MINUS = "\u2212"


@register.filter
def verdict(value: str) -> str:
    return VERDICT_WORDS.get(value, value)


@register.filter
def signed(value: Any) -> str:
    """+0.62 / −0.10; an em dash for none."""
    if value is None:
        return "—"
    return f"{float(value):+.2f}".replace("-", MINUS)


@register.filter
def mean(value: Any) -> str:
    if value is None:
        return "—"
    return f"{float(value):.2f}".replace("-", MINUS)


@register.filter
def interval(figure: Any, prefix: str = "") -> str:
    """``low … high`` of a figure's ``{prefix}ci_low``/``ci_high`` (a dict), or an em dash."""
    if not isinstance(figure, dict):
        return "—"
    low, high = figure.get(f"{prefix}ci_low"), figure.get(f"{prefix}ci_high")
    if low is None or high is None:
        return "—"
    return f"{mean(low)} … {mean(high)}"
