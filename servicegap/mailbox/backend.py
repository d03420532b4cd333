"""The demo mailbox's e-mail backend: every message is stored, none is sent.

Django uses it only when SERVICEGAP_DEMO_MAILBOX is true (``servicegap.settings``), which
`servicegap demo` sets for itself and its worker; `serve` and `worker` refuse it in production
(``servicegap.cli.serve``), and the settings refuse it beside an SMTP server. As a last guard it
stores nothing and raises when the setting is off, so naming it in EMAIL_BACKEND by hand does
not swallow real mail either (docs/demo.md, "The demo mailbox").
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import Q

from servicegap.core.models import Workspace

logger = logging.getLogger("servicegap.mailbox")


def _body(message: EmailMessage) -> str:
    """The text/plain body; an HTML-only alternative is never shown (no markup on the page)."""
    return str(message.body or "")


def workspaces_for(addresses: list[str]) -> list[Workspace]:
    """The workspaces whose people or members have one of ``addresses``; else the demo one."""
    from servicegap.accounts.models import Membership
    from servicegap.demo import DEMO_SLUG
    from servicegap.people.models import Person

    wanted = [a.strip() for a in addresses if a.strip()]
    person, member = Q(pk__in=[]), Q(pk__in=[])
    for address in wanted:
        person |= Q(email__iexact=address)
        member |= Q(user__email__iexact=address)
    found = [
        ws
        for ws in Workspace.objects.order_by("pk")
        if Person.objects.of(ws).filter(person).exists()
        or Membership.objects.of(ws).filter(member).exists()
    ]
    if not found:
        found = list(Workspace.objects.filter(slug=DEMO_SLUG))
    return found


class MailboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        if not getattr(settings, "DEMO_MAILBOX", False):
            raise ImproperlyConfigured(
                "the demo mailbox backend runs only with SERVICEGAP_DEMO_MAILBOX=true"
            )
        from servicegap.mailbox.models import Message

        kept = 0
        for message in email_messages:
            recipients = [str(r) for r in message.recipients()]
            if not recipients:
                continue
            targets = workspaces_for(recipients)
            if not targets:
                logger.warning("demo mailbox: no workspace for %s; mail dropped", recipients)
                continue
            with transaction.atomic():
                for ws in targets:
                    Message.objects.create(
                        workspace=ws,
                        sender=str(message.from_email or "")[:254],
                        to="\n".join(recipients),
                        subject=str(message.subject or "")[:998],
                        body=_body(message),
                    )
            kept += 1
        return kept
