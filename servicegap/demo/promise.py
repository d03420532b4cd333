"""The demo's published promise: Northway Motors' brand colour and a logo drawn here (a plain
SVG, no third-party file), shown on every public page, the promise page and the service card."""

from __future__ import annotations

from typing import Any

from servicegap.core.models import Workspace
from servicegap.lib import logo

COLOUR = "#0f5c8c"  # a deep blue: white text on it reads at 7:1


def mark(colour: str = COLOUR) -> bytes:
    """A rounded square in the brand colour with a white "N" that turns into a road."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">'
        f'<rect width="64" height="64" rx="14" fill="{colour}"/>'
        '<path d="M16 48V16h7l18 22V16h7v32h-7L23 26v22z" fill="#ffffff"/>'
        '<path d="M8 56h48" stroke="#f2c14e" stroke-width="4" stroke-linecap="round" '
        'stroke-dasharray="8 6"/>'
        "</svg>"
    ).encode()


def create(rng: Any, w: Any, ws: Workspace, refs: dict) -> None:
    data = mark()
    ws.brand_colour = COLOUR
    ws.logo, ws.logo_type = data, logo.check(data)
    ws.promise_public = True
    ws.save(update_fields=["brand_colour", "logo", "logo_type", "promise_public"])
