"""The one way outbound e-mail leaves ServiceGap (Django's mail API; SMTP from SERVICEGAP_SMTP_*).

Tests replace the server (a real one on 127.0.0.1), never this module's callers. A recipient the
server refuses for good (a 5xx answer) raises ``Refused`` so the caller can record a bounce; any
other failure (server unreachable, a temporary 4xx) raises ``MailError``.
"""

from __future__ import annotations

import smtplib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection


class MailError(Exception):
    """The mail could not be handed over now; trying again later may work."""


class Refused(MailError):
    """The server refused the recipient for good (a bounce); never try the address again."""

    def __init__(self, address: str, reason: str) -> None:
        super().__init__(f"{address}: {reason}")
        self.address = address
        self.reason = reason


@contextmanager
def connection() -> Iterator[Any]:
    """One open connection for a batch of mails, closed afterwards."""
    conn = get_connection(fail_silently=False)
    try:
        conn.open()
    except (OSError, smtplib.SMTPException) as exc:
        raise MailError(f"cannot connect to the mail server: {exc}") from exc
    try:
        yield conn
    finally:
        conn.close()


def send(
    to: str,
    subject: str,
    body: str,
    *,
    headers: dict[str, str] | None = None,
    conn: Any = None,
) -> None:
    """Send one plain-text mail to ``to``; raises ``Refused`` or ``MailError``."""
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=headers or {},
        connection=conn,
    )
    try:
        message.send(fail_silently=False)
    except smtplib.SMTPRecipientsRefused as exc:
        code, reason = next(iter(exc.recipients.values()), (550, b"refused"))
        text = f"{code} {reason.decode(errors='replace') if isinstance(reason, bytes) else reason}"
        if 500 <= int(code) < 600:
            raise Refused(to, text) from exc
        raise MailError(f"{to}: temporarily refused: {text}") from exc
    except (OSError, smtplib.SMTPException) as exc:
        raise MailError(f"{to}: {exc}") from exc
