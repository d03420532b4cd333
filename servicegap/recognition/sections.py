"""Sections other apps add to My page, below the recognitions and the saved customers (the
employee voice issue adds "My impact" here).

An app registers one in its ``AppConfig.ready``: ``register(Section("my_impact",
"voice/_my_impact.html", "servicegap.voice.mypage:context", order=30))``. The context function
takes the request (with ``workspace``, ``membership`` and ``user``) and returns the template's
context, or None to leave the section out for this member.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Section:
    name: str
    template: str
    context: str  # dotted path "module:function", imported when the page is drawn
    order: int = 100


_SECTIONS: dict[str, Section] = {}


def register(section: Section) -> Section:
    if section.name in _SECTIONS and _SECTIONS[section.name] != section:
        raise ValueError(f"a different My page section named {section.name!r} is registered")
    _SECTIONS[section.name] = section
    return section


def unregister(name: str) -> None:
    _SECTIONS.pop(name, None)


def drawn(request: Any) -> list[tuple[str, dict[str, Any]]]:
    """(template, context) of each registered section that has something for this member."""
    found = []
    for section in sorted(_SECTIONS.values(), key=lambda s: (s.order, s.name)):
        build: Callable[[Any], dict[str, Any] | None] = import_string(
            section.context.replace(":", ".")
        )
        context = build(request)
        if context is not None:
            found.append((section.template, context))
    return found
