"""The charts' stylesheet as WeasyPrint needs it inside each SVG (the printed report).

WeasyPrint draws an inline SVG with the rules of a ``<style>`` inside it, not with the page's
stylesheets, and without CSS variables. So the printed report puts the chart rules of the page's
own stylesheets (rules that name ``.chart`` or a legend ``.key``, outside media queries) into
every chart, with each ``var(--name)`` replaced by its value from ``:root``: one set of rules,
the screen's, for both. (Only the printed HTML gets them: the pages' templates hold no
``<style>``, which their Content-Security-Policy would block.)
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.utils.html import escape
from django.utils.safestring import mark_safe

SHEETS = ("servicegap/app.css", "servicegap/reports.css")
_CHART = re.compile(r"(<svg\b[^>]*\bclass=\"chart\b[^>]*>)")
_VAR = re.compile(r"var\(\s*(--[\w-]+)\s*(?:,\s*([^)]*))?\)")


@cache
def svg_style() -> str:
    import tinycss2  # WeasyPrint's own CSS parser

    rules, values = [], {}
    for sheet in SHEETS:
        found = finders.find(sheet)
        assert isinstance(found, str), sheet
        text = Path(found).read_text(encoding="utf-8")
        for rule in tinycss2.parse_stylesheet(text, skip_whitespace=True, skip_comments=True):
            if rule.type != "qualified-rule":
                continue  # @media and the like: the print is the wide layout
            selector = tinycss2.serialize(rule.prelude).strip()
            body = tinycss2.serialize(rule.content).strip()
            if selector == ":root":
                for name, value in re.findall(r"(--[\w-]+)\s*:\s*([^;]+);?", body):
                    values[name] = value.strip()
            elif "paint-order" in body:
                continue  # a white halo behind labels: WeasyPrint would paint it over the text
            elif ".chart" in selector or ".key" in selector:
                rules.append(f"{selector} {{ {body} }}")

    def resolve(match: re.Match[str]) -> str:
        return values.get(match.group(1), (match.group(2) or "").strip())

    return "\n".join(_VAR.sub(resolve, rule) for rule in rules)


def with_chart_style(html: str) -> str:
    """``html`` with the chart rules in a ``<style>`` at the start of every chart's SVG (escaped
    as text: in an SVG, the HTML parser reads character references in a style's text)."""
    style = f"<style>{escape(svg_style())}</style>"
    # Still safe: rendered by our own (escaping) template, plus our own stylesheet escaped.
    return mark_safe(_CHART.sub(lambda m: m.group(1) + style, html))  # noqa: S308
