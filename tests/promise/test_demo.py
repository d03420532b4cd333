"""The demo's brand (servicegap/demo/promise.py): a colour and a generated SVG logo that pass the
same checks as an owner's upload and show on the public pages."""

from __future__ import annotations

import pytest

from servicegap.demo import promise
from servicegap.lib import colour, logo

pytestmark = pytest.mark.django_db


def test_the_demo_brand_passes_the_owners_checks_and_shows_on_the_public_pages(client, workspace):
    promise.create(None, None, workspace, {})
    workspace.refresh_from_db()
    assert workspace.brand_colour == colour.parse(promise.COLOUR)
    assert logo.check(bytes(workspace.logo)) == workspace.logo_type == "image/svg+xml"
    page = client.get("/p/acme/").content.decode()
    assert 'class="brand-logo"' in page
    r = client.get("/p/acme/logo")
    assert r.status_code == 200 and r.content == promise.mark()
    assert colour.palette(promise.COLOUR).on_brand == colour.WHITE
