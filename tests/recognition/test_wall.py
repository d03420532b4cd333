"""The recognition wall: a manager creates a unit's secret link; a screen opens it without a login
and sees the unit's customer compliments of the last 30 days only, until the link is revoked."""

from __future__ import annotations

import re

import pytest

from tests.recognition_support import compliment

pytestmark = pytest.mark.django_db

WALLS = "/w/acme/recognition/walls/"


def _create(client, unit: str):
    return client.post(WALLS, {"action": "create", "unit": unit})


def _wall_path(workspace, unit: str) -> str:
    from servicegap.recognition.models import WallLink

    link = WallLink.objects.of(workspace).get(unit__code=unit, revoked_at__isnull=True)
    return f"/r/acme/wall/{link.token}/"


def test_the_wall_shows_its_units_customer_compliments_only(client, login, team, workspace):
    from servicegap.core.models import AuditEntry

    anna, _ = team["anna"]
    compliment(workspace, anna, "Anna was wonderful, call me on +44 7700 900123 or x@y.test")
    compliment(workspace, anna, "Anna sold us a car a long time ago", days_ago=45)
    compliment(workspace, anna, "Anna covered my shift, thank you", perspective="employee")
    assert _create(login("manager"), "SALES").status_code == 302
    assert AuditEntry.objects.filter(action="recognition.wall_link").count() == 1
    path = _wall_path(workspace, "SALES")

    client.logout()
    r = client.get(path)
    html = r.content.decode()
    assert r.status_code == 200 and r["Cache-Control"] == "no-store"
    assert "Anna found the perfect car" in html and "Ben explained" in html
    assert "Thank you, Anna" in html and "Adams" not in html  # first names only
    assert "Cleo fixed" not in html  # another unit
    assert "long time ago" not in html  # older than 30 days
    assert "covered my shift" not in html  # an employee's words never reach the wall
    assert "7700" not in html and "x@y.test" not in html  # a customer's contact is masked
    assert re.search(r'data-refresh="\d+"', html) and "servicegap/wall.js" in html
    assert 'aria-label="Main"' not in html and "Log out" not in html  # no navigation chrome


def test_a_parent_units_wall_shows_its_whole_subtree(client, login, team, workspace):
    _create(login("owner"), "HQ")
    client.logout()
    html = client.get(_wall_path(workspace, "HQ")).content.decode()
    assert "Anna found" in html and "Cleo fixed" in html


def test_a_revoked_or_replaced_link_shows_nothing(client, login, team, workspace):
    from servicegap.recognition.models import WallLink

    manager = login("manager")
    _create(manager, "SALES")
    first = _wall_path(workspace, "SALES")
    _create(manager, "SALES")  # a new link replaces the unit's earlier one
    second = _wall_path(workspace, "SALES")
    assert first != second
    client.logout()
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200

    link = WallLink.objects.of(workspace).get(unit__code="SALES", revoked_at__isnull=True)
    r = login("manager").post(WALLS, {"action": "revoke", "link": link.pk})
    assert r.status_code == 302
    client.logout()
    assert client.get(second).status_code == 404
    assert client.get("/r/acme/wall/not-a-token/").status_code == 404


def test_a_manager_makes_links_for_their_own_units_only(login, team, workspace):
    from servicegap.recognition.models import WallLink

    manager = login("manager")
    r = _create(manager, "SERVICE")
    assert r.status_code == 400 and r.context["wall_form"].errors["unit"]
    assert _create(manager, "").status_code == 400
    assert not WallLink.objects.exists()
    _create(login("owner"), "SERVICE")
    service_link = WallLink.objects.get()
    r = login("manager").post(WALLS, {"action": "revoke", "link": service_link.pk})
    assert r.status_code == 404  # not theirs to revoke
    assert login("employee").post(WALLS, {"action": "create", "unit": "SALES"}).status_code == 404
    assert login("manager").get(WALLS).status_code == 405
