"""``{% public_brand workspace as brand %}``: the workspace's brand for a public page."""

from __future__ import annotations

from django import template

from servicegap.core.models import Workspace
from servicegap.promise.brand import Brand, brand_of

register = template.Library()


@register.simple_tag
def public_brand(workspace: Workspace | None) -> Brand | None:
    return brand_of(workspace) if workspace else None
