"""The workspace's brand, owned here and used by every public page: its name, logo and colour.

Public pages extend ``promise/public_base.html``, which asks ``brand_of`` (through the
``public_brand`` template tag) for what to draw: the workspace's name, never ServiceGap's, its
logo from ``/p/<slug>/logo`` and its colours from ``/p/<slug>/brand.css`` (a stylesheet, not an
inline style: the Content-Security-Policy allows none). Both URLs carry a version drawn from
their content, so browsers may keep them for a year and see a change at once.
"""

from __future__ import annotations

import base64
import functools
import hashlib
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.urls import reverse

from servicegap.core.models import Workspace
from servicegap.lib import colour
from servicegap.lib.errors import FieldError

DEFAULT_COLOUR = "#1f5f8b"  # the model's default: a colour stored by other means may be invalid


@dataclass(frozen=True)
class Brand:
    slug: str
    name: str
    palette: colour.Palette
    css_url: str
    logo_url: str  # "" without a logo
    logo_type: str
    promise_url: str  # "" when the promise page is switched off


def palette_of(workspace: Workspace) -> colour.Palette:
    try:
        return colour.palette(workspace.brand_colour)
    except FieldError:  # a row written around the form (admin, SQL): draw the default
        return colour.palette(DEFAULT_COLOUR)


@functools.lru_cache(maxsize=256)
def stylesheet(palette: colour.Palette) -> tuple[str, str]:
    """The brand stylesheet's text for ``palette`` and its version (a hash of the text)."""
    text = render_to_string("promise/brand.css", {"p": palette})
    return text, hashlib.sha256(text.encode()).hexdigest()[:12]


def logo_version(workspace: Workspace) -> str:
    return hashlib.sha256(bytes(workspace.logo)).hexdigest()[:12]


def logo_data_uri(workspace: Workspace) -> str:
    """The logo inline, for the printed card (WeasyPrint is given no URL to fetch)."""
    if not workspace.logo:
        return ""
    data = base64.b64encode(bytes(workspace.logo)).decode("ascii")
    return f"data:{workspace.logo_type};base64,{data}"


def brand_of(workspace: Workspace) -> Brand:
    slug = workspace.slug
    palette = palette_of(workspace)
    _text, css_version = stylesheet(palette)
    logo_url = ""
    if workspace.logo:
        logo_url = f"{reverse('brand_logo', kwargs={'slug': slug})}?v={logo_version(workspace)}"
    return Brand(
        slug=slug,
        name=workspace.name,
        palette=palette,
        css_url=f"{reverse('brand_css', kwargs={'slug': slug})}?v={css_version}",
        logo_url=logo_url,
        logo_type=workspace.logo_type if workspace.logo else "",
        promise_url=reverse("promise_page", kwargs={"slug": slug})
        if workspace.promise_public
        else "",
    )
