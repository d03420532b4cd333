"""Password reset end to end through a real SMTP server listening on 127.0.0.1."""

from __future__ import annotations

import email
import re
import socket
from email import policy

import pytest
from django.test import Client

from tests.conftest import PASSWORD


class Inbox:
    """An aiosmtpd handler keeping every message it receives."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 10
    try:
        yield inbox
    finally:
        controller.stop()


def test_password_reset_over_smtp(smtp, users, settings):
    settings.BASE_URL = "https://servicegap.example.org"
    client = Client()
    form = client.get("/accounts/password-reset/")
    assert form.status_code == 200 and "Reset your password" in form.content.decode()
    sent = client.post("/accounts/password-reset/", {"email": "Manager@Acme.test"})
    assert sent["Location"] == "/accounts/password-reset/sent/"
    assert "Check your e-mail" in client.get(sent["Location"]).content.decode()

    assert len(smtp.messages) == 1
    message = smtp.messages[0]
    assert message["To"] == "manager@acme.test"
    assert "new password" in message["Subject"]
    body = message.get_content()
    link = re.search(r"https://servicegap\.example\.org(/accounts/reset/[^/\s]+/[^/\s]+/)", body)
    assert link, body

    page = client.get(link[1], follow=True)
    assert "Choose a password" in page.content.decode()
    new = "another-long-passphrase-42"
    done = client.post(page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done["Location"] == "/accounts/reset/done/"
    assert "Password saved" in client.get("/accounts/reset/done/").content.decode()

    login = client.post("/accounts/login/", {"username": "manager@acme.test", "password": new})
    assert login["Location"] == "/"
    assert client.get("/")["Location"] == "/w/acme/"
    assert not Client().login(username="manager@acme.test", password=PASSWORD)


def test_reset_for_unknown_address_sends_nothing(smtp, users):
    response = Client().post("/accounts/password-reset/", {"email": "nobody@acme.test"})
    assert response["Location"] == "/accounts/password-reset/sent/"
    assert smtp.messages == []


def test_invited_user_can_ask_for_a_new_link(smtp, workspace):
    from servicegap.accounts.services import set_membership

    set_membership(workspace, "invited@acme.test", "leader", [])
    Client().post("/accounts/password-reset/", {"email": "invited@acme.test"})
    assert len(smtp.messages) == 1 and smtp.messages[0]["To"] == "invited@acme.test"
