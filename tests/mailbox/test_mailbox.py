"""The demo mailbox: mail is kept, never sent, only when SERVICEGAP_DEMO_MAILBOX is on; the
owner's pages list it and show each body as plain text with its http(s) links clickable; it can
never be on in production by accident (docs/demo.md)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from click.testing import CliRunner
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage

from servicegap.mailbox import text
from tests.invitation_support import make_people, make_survey, send_now

BACKEND = "servicegap.mailbox.backend.MailboxBackend"


@pytest.fixture
def mailbox(settings):
    settings.DEMO_MAILBOX = True
    settings.EMAIL_BACKEND = BACKEND
    settings.BASE_URL = "http://127.0.0.1:8101"
    return settings


def test_a_body_becomes_text_and_http_links_only():
    line = (
        'Answer here: https://x.test/r/a/i/T0k3n. Or <a href="javascript:alert(1)">x</a> mailto:a@b'
    )
    parts = text.parts(line)
    assert [p.text for p in parts if p.link] == ["https://x.test/r/a/i/T0k3n"]
    assert "".join(p.text for p in parts) == line  # nothing is lost, only split
    assert text.links("see (http://a.test/x), then\r\nHTTP://B.test/y!") == [
        "http://a.test/x",
        "HTTP://B.test/y",
    ]
    assert text.lines("a\x00b\x1b[31m\n\nc") == [
        [text.Part("ab[31m", False)],
        [],
        [text.Part("c", False)],
    ]


@pytest.mark.django_db
def test_the_backend_refuses_to_run_when_the_setting_is_off(settings, workspace):
    settings.DEMO_MAILBOX = False
    settings.EMAIL_BACKEND = BACKEND
    with pytest.raises(ImproperlyConfigured, match="SERVICEGAP_DEMO_MAILBOX"):
        EmailMessage("s", "b", "x@example.test", ["y@example.test"]).send()


@pytest.mark.django_db
def test_an_invitation_round_lands_in_the_mailbox_of_its_workspace_only(
    mailbox, client, workspace, other_workspace, users
):
    from servicegap.invitations.models import Invitation
    from servicegap.mailbox.models import Message

    survey = make_survey(workspace)
    make_people(workspace, 3)
    send = send_now(workspace, survey)
    assert send.state == "done" and send.sent == 3
    kept = Message.objects.of(workspace)
    assert sorted(m.recipients[0] for m in kept) == [f"customer{i}@example.test" for i in (1, 2, 3)]
    assert not Message.objects.of(other_workspace).exists()
    assert Invitation.objects.of(workspace).filter(state="sent").count() == 3

    message = kept.get(to="customer1@example.test")
    answer = [u for u in text.links(message.body) if "/i/" in u or "/invitation" in u]
    assert answer and answer[0].startswith("http://127.0.0.1:8101/r/acme/")

    client.force_login(users["owner"])
    page = client.get("/w/acme/mailbox/")
    assert page.status_code == 200
    assert b"customer1@example.test" in page.content and b"asks for your view" in page.content
    shown = client.get(f"/w/acme/mailbox/{message.pk}/").content.decode()
    assert f'<a href="{answer[0]}">' in shown
    for role in ("leader", "manager", "employee"):
        client.force_login(users[role])
        assert client.get("/w/acme/mailbox/").status_code == 404
        assert client.get(f"/w/acme/mailbox/{message.pk}/").status_code == 404


@pytest.mark.django_db
def test_markup_in_a_mail_is_shown_as_text_never_run(mailbox, client, workspace, users):
    from servicegap.mailbox.models import Message

    make_people(workspace, 1)
    body = "<script>alert(1)</script> <img src=x onerror=alert(2)> javascript:alert(3)"
    EmailMessage("<b>Hi</b>", body, "x@example.test", ["customer1@example.test"]).send()
    message = Message.objects.of(workspace).get()
    client.force_login(users["owner"])
    shown = client.get(f"/w/acme/mailbox/{message.pk}/").content.decode()
    assert "<script>alert(1)" not in shown and "&lt;script&gt;alert(1)" in shown
    assert "<img src=x" not in shown and "&lt;b&gt;Hi&lt;/b&gt;" in shown
    assert 'href="javascript' not in shown


@pytest.mark.django_db
def test_the_menu_shows_the_mailbox_to_the_owner_only_while_it_is_on(settings, client, users):
    client.force_login(users["owner"])
    settings.DEMO_MAILBOX = False
    assert b"Demo mailbox" not in client.get("/w/acme/").content
    settings.DEMO_MAILBOX = True
    assert b"Demo mailbox" in client.get("/w/acme/").content
    client.force_login(users["leader"])
    assert b"Demo mailbox" not in client.get("/w/acme/").content


def _settings_error(**env: str) -> str:
    """Import the settings in a fresh interpreter with ``env``; its error output."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SERVICEGAP_SMTP")}
    done = subprocess.run(
        [sys.executable, "-c", "import servicegap.settings"],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stderr


def test_the_settings_refuse_the_mailbox_beside_an_smtp_server():
    said = _settings_error(SERVICEGAP_DEMO_MAILBOX="true", SERVICEGAP_SMTP_HOST="mail.example.com")
    assert "SERVICEGAP_SMTP_HOST is set" in said
    assert _settings_error(SERVICEGAP_DEMO_MAILBOX="true") == ""


@pytest.mark.django_db
def test_serve_and_a_worker_of_their_own_refuse_the_mailbox_in_production(monkeypatch):
    from servicegap.cli import main_group

    # read from the environment: `serve` checks before Django is set up
    monkeypatch.setenv("SERVICEGAP_DEMO_MAILBOX", "true")
    monkeypatch.setenv("SERVICEGAP_MODE", "production")
    # through the group, as a user runs them: a command invoked on its own would keep click's
    # help option without the group's "-h" (cached on the command) for the rest of the run
    for command in ("serve", "worker"):
        result = CliRunner().invoke(main_group, [command])
        assert result.exit_code != 0
        assert "SERVICEGAP_DEMO_MAILBOX=true keeps every e-mail" in result.output, result.output


def test_the_demo_command_refuses_to_keep_its_mail_beside_an_smtp_server(monkeypatch, tmp_path):
    from servicegap.cli import main_group

    monkeypatch.setenv("SERVICEGAP_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("SERVICEGAP_DEMO_MAILBOX", "true")  # undone after the test
    monkeypatch.setenv("SERVICEGAP_SMTP_HOST", "mail.example.com")
    result = CliRunner().invoke(main_group, ["demo", "--no-serve"])
    assert result.exit_code == 1
    assert "unset SERVICEGAP_SMTP_HOST" in result.output


@pytest.mark.django_db
def test_kept_mail_is_pruned_after_thirty_days(workspace):
    from datetime import timedelta

    from django.utils import timezone

    from servicegap.mailbox.models import Message
    from servicegap.mailbox.tasks import KEEP_DAYS, prune_mailbox

    old, new = (
        Message.objects.create(workspace=workspace, sender="s", to="c@x.test", subject=s, body="")
        for s in ("old", "new")
    )
    Message.objects.filter(pk=old.pk).update(sent_at=timezone.now() - timedelta(days=KEEP_DAYS + 1))
    prune_mailbox.call()
    assert list(Message.objects.of(workspace).values_list("subject", flat=True)) == ["new"]
