"""Who sees what (docs/security.md), at the level of report figures: owners and leaders the
workspace; a manager their units and subtrees, their own unit's figures included; an employee
their unit's, never another unit's (servicegap/core/web.py is the one place that decides)."""

from __future__ import annotations

import pytest

from servicegap.accounts.models import Membership, MembershipUnit
from servicegap.people.models import Person, Unit
from tests.report_support import respond

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(workspace, standards):
    """Customers rate GREET 6 at SALES and 2 at SERVICE: the workspace's mean is neither."""
    units = {u.code: u for u in Unit.objects.of(workspace)}
    for _ in range(6):
        respond(workspace, "customer", [("GREET", "experience", 6)], unit=units["SALES"])
        respond(workspace, "customer", [("GREET", "experience", 2)], unit=units["SERVICE"])
    return units


def _csv(client, query: str = "") -> tuple[int, str]:
    r = client.get(f"/w/acme/reports/gaps/?format=csv{query}")
    return r.status_code, r.content.decode() if r.status_code == 200 else ""


def _figures(csv_text: str) -> tuple[int, float]:
    """GREET's (n, experience minus the target 6) in the CSV."""
    header, row = csv_text.splitlines()[:2]
    cells = dict(zip(header.split(","), row.split(","), strict=False))
    return int(cells["target_n"]), float(cells["gap_vs_target"])


def test_owners_and_leaders_see_the_workspace_and_every_unit(client, users, data):
    for persona in ("owner", "leader"):
        client.force_login(users[persona])
        status, whole = _csv(client)
        assert status == 200 and _figures(whole) == (12, -2)  # (6 + 2) / 2 - 6
        assert _figures(_csv(client, "&unit=SERVICE")[1]) == (6, -4)


@pytest.mark.parametrize("persona", ["manager", "employee"])
def test_a_scoped_member_sees_their_own_units_figures_and_no_other(client, users, data, persona):
    client.force_login(users[persona])
    status, own = _csv(client, "&unit=SALES")  # their own unit, asked for: works
    assert status == 200 and _figures(own) == (6, 0)
    # Asked for nothing: their own unit's figures, never the workspace's.
    assert _csv(client) == (200, own)
    page = client.get("/w/acme/reports/gaps/").content.decode()
    assert 'value="SALES" selected' in page
    for other in ("SERVICE", "HQ"):  # a sibling, and the parent holding the sibling
        assert _csv(client, f"&unit={other}")[0] == 404
    assert client.get("/w/acme/reports/pdf/?unit=SERVICE").status_code == 404


def test_a_manager_given_no_unit_is_scoped_by_their_person_records_unit(client, users, data):
    """A manager known by their person record only: their own unit works, another does not."""
    membership = Membership.objects.get(user=users["manager"])
    MembershipUnit.objects.filter(membership=membership).delete()
    me = Person.objects.create(
        workspace=membership.workspace, code="L-SVC", kind="leader", unit=data["SERVICE"]
    )
    Membership.objects.filter(pk=membership.pk).update(person=me)
    client.force_login(users["manager"])
    status, own = _csv(client, "&unit=SERVICE")
    assert status == 200 and _figures(own) == (6, -4)
    assert _csv(client) == (200, own)
    assert _csv(client, "&unit=SALES")[0] == 404


def test_a_member_of_no_unit_sees_no_figures(client, users, data):
    membership = Membership.objects.get(user=users["employee"])
    MembershipUnit.objects.filter(membership=membership).delete()
    client.force_login(users["employee"])
    assert _csv(client)[0] == 404
    assert client.get("/w/acme/reports/gaps/").status_code == 404
