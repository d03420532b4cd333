"""``{{ text|rich }}`` and ``{{ text|plain }}``: survey texts that may hold imported markup.

``rich`` sanitises again when the page is drawn (the stored text is not trusted: it may have been
stored before the importers cleaned it, or edited since) and marks only that result safe, here in
Python: templates never use ``|safe``. ``plain`` is for places that take no markup.
"""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from servicegap.lib import richtext

register = template.Library()


@register.filter
def rich(text: object) -> SafeString:
    return mark_safe(richtext.render(str(text or "")))  # noqa: S308 - nh3's output, sanitised


@register.filter
def plain(text: object) -> str:
    return richtext.plain(str(text or ""))
