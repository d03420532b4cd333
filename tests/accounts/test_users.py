"""User management by owners: invite by e-mail, change role and units, remove; nobody else."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from servicegap.accounts.models import Membership


def test_invite_sends_email_and_link_sets_password(client, login, settings):
    settings.BASE_URL = "https://gap.example.com"
    login("owner")
    response = client.post(
        "/w/acme/users/", {"email": "New@Acme.test", "role": "manager", "units": ["SERVICE"]}
    )
    assert response.status_code == 302
    member = Membership.objects.get(user__email="new@acme.test")
    assert member.role == "manager" and [u.code for u in member.units.all()] == ["SERVICE"]
    assert not member.user.has_usable_password()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["new@acme.test"]
    link = re.search(r"https://gap\.example\.com(/accounts/reset/\S+/)", mail.outbox[0].body)[1]
    visitor = Client()
    form = visitor.get(link, follow=True)
    assert "Choose a password" in form.content.decode()
    done = visitor.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a-new-long-password-1", "new_password2": "a-new-long-password-1"},
    )
    assert done["Location"] == "/accounts/reset/done/"
    assert visitor.login(username="new@acme.test", password="a-new-long-password-1")
    assert "This link no longer works" in visitor.get(link, follow=True).content.decode()


def test_invite_errors_next_to_fields(client, login):
    login("owner")
    response = client.post("/w/acme/users/", {"email": "x@acme.test", "role": "employee"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_units_errors"' in page and "at least one unit" in page
    page = client.post(
        "/w/acme/users/", {"email": "leader@acme.test", "role": "owner"}
    ).content.decode()
    assert "Already a member" in page
    assert len(mail.outbox) == 0


@pytest.mark.parametrize("persona", ["leader", "manager", "employee", "outsider"])
def test_non_owner_cannot_manage_users(client, login, persona):
    login(persona)
    pk = Membership.objects.get(user__email="employee@acme.test").pk
    assert (
        client.post("/w/acme/users/", {"email": "x@acme.test", "role": "owner"}).status_code == 404
    )
    assert client.post(f"/w/acme/users/{pk}/", {"role": "owner"}).status_code == 404
    assert client.post(f"/w/acme/users/{pk}/remove/").status_code == 404
    assert Membership.objects.get(pk=pk).role == "employee"


def test_change_role_and_units(client, login):
    login("owner")
    pk = Membership.objects.get(user__email="leader@acme.test").pk
    assert client.get(f"/w/acme/users/{pk}/").status_code == 200
    response = client.post(f"/w/acme/users/{pk}/", {"role": "manager", "units": ["SALES", "HQ"]})
    assert response["Location"] == "/w/acme/users/"
    m = Membership.objects.get(pk=pk)
    assert m.role == "manager" and sorted(u.code for u in m.units.all()) == ["HQ", "SALES"]
    row = client.post(
        f"/w/acme/users/{pk}/", {"role": "employee", "units": ["HQ"]}, HTTP_HX_REQUEST="true"
    )
    assert row.status_code == 200 and row.content.decode().lstrip().startswith("<tr")
    assert Membership.objects.get(pk=pk).role == "employee"


def test_last_owner_stays(client, login, users, other_workspace):
    login("owner")
    own = Membership.objects.get(user=users["owner"])
    response = client.post(f"/w/acme/users/{own.pk}/", {"role": "leader"})
    assert response.status_code == 400 and "last owner" in response.content.decode()
    client.post(f"/w/acme/users/{own.pk}/remove/")
    assert Membership.objects.filter(pk=own.pk).exists()
    foreign = Membership.objects.get(user=users["outsider"])
    assert client.post(f"/w/acme/users/{foreign.pk}/remove/").status_code == 404
    other = Membership.objects.get(user=users["employee"])
    assert client.post(f"/w/acme/users/{other.pk}/remove/")["Location"] == "/w/acme/users/"
    assert not Membership.objects.filter(pk=other.pk).exists()


def test_invite_when_mail_fails_still_adds_member(client, login, monkeypatch):
    import smtplib

    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr("servicegap.accounts.forms.send_mail", refuse)
    login("owner")
    response = client.post(
        "/w/acme/users/", {"email": "x@acme.test", "role": "leader"}, follow=True
    )
    assert "could not be sent" in response.content.decode()
    assert Membership.objects.filter(user__email="x@acme.test", role="leader").exists()
