"""A member is linked to their employee or leader record (their My page is found by it), by the
CLI (`createuser --person`) or on the member's edit page; a wrong code is refused, writing nothing."""

from __future__ import annotations

from click.testing import CliRunner

from servicegap.accounts.models import Membership
from servicegap.people.models import Person


def _people(ws):
    Person.objects.create(workspace=ws, code="E1", kind="employee", name="Ann Smith")
    Person.objects.create(workspace=ws, code="C1", kind="customer")


def _createuser(*args: str):
    from servicegap.cli import main_group

    return CliRunner().invoke(main_group, ["--workspace", "acme", "createuser", *args])


def test_createuser_links_the_person_and_refuses_a_customer(workspace):
    _people(workspace)
    done = _createuser("--email", "ann@acme.test", "--role", "employee", "--unit", "SALES",
                       "--person", "E1")  # fmt: skip
    assert done.exit_code == 0, done.output
    member = Membership.objects.get(user__email="ann@acme.test")
    assert member.person.code == "E1"
    refused = _createuser("--email", "bob@acme.test", "--role", "employee", "--unit", "SALES",
                          "--person", "C1")  # fmt: skip
    assert refused.exit_code != 0 and "--person" in refused.output and "customer" in refused.output
    assert not Membership.objects.filter(user__email="bob@acme.test").exists()
    taken = _createuser("--email", "bob@acme.test", "--role", "employee", "--unit", "SALES",
                        "--person", "E1")  # fmt: skip
    assert taken.exit_code != 0 and "already linked" in taken.output


def test_the_edit_page_links_and_unlinks(client, login, workspace, users):
    _people(workspace)
    login("owner")
    member = Membership.objects.get(user=users["employee"])
    url = f"/w/acme/users/{member.pk}/"
    units = [u.code for u in member.units.all()]
    bad = client.post(url, {"role": "employee", "units": units, "person": "NOPE"})
    assert bad.status_code == 400 and "no person" in bad.content.decode()
    assert client.post(url, {"role": "employee", "units": units, "person": "E1"}).status_code == 302
    member.refresh_from_db()
    assert member.person.code == "E1"
    assert client.post(url, {"role": "employee", "units": units, "person": ""}).status_code == 302
    member.refresh_from_db()
    assert member.person is None
