"""Sending invitations and reminders: one mail per person, progress on the Send row.

Every mail carries an unsubscribe link and the RFC 8058 one-click headers. A recipient the server
refuses for good is recorded as a bounce and never written to again.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from servicegap.core.baseurl import base_url
from servicegap.core.models import Workspace
from servicegap.invitations.audience import may_contact, plan
from servicegap.invitations.models import (
    Bounce,
    Invitation,
    InvitationState,
    Send,
    SendState,
    new_token,
)
from servicegap.people.models import Person
from servicegap.runtime import mail

logger = logging.getLogger("servicegap.invitations")

LINK_VALID_DAYS = 60


def links(invitation: Invitation, raw_token: str) -> dict[str, str]:
    slug = invitation.workspace.slug
    base = base_url()
    return {
        "answer_url": base + reverse("invitation_answer", args=[slug, raw_token]),
        "unsubscribe_url": base + reverse("invitation_unsubscribe", args=[slug, raw_token]),
    }


def _mail(invitation: Invitation, raw_token: str, reminder: bool, conn) -> None:
    context = {
        "invitation": invitation,
        "workspace": invitation.workspace,
        "survey": invitation.survey,
        "person": invitation.person,
        "reminder": reminder,
        **links(invitation, raw_token),
    }
    subject = f"{'Reminder: ' if reminder else ''}{invitation.workspace.name} asks for your view"
    body = render_to_string("invitations/email.txt", context)
    headers = {
        "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    mail.send(invitation.email, subject, body, headers=headers, conn=conn)


def _bounce(invitation: Invitation, exc: mail.Refused) -> None:
    Bounce.objects.create(
        workspace_id=invitation.workspace_id,
        email=invitation.email.lower(),
        person_id=invitation.person_id,
        invitation=invitation,
        reason=exc.reason[:1000],
    )
    Invitation.objects.filter(pk=invitation.pk).update(state=InvitationState.BOUNCED)


def claim(send_id: int) -> Send | None:
    """Mark a queued send as sending; None if another worker has it or it is done."""
    claimed = Send.objects.filter(pk=send_id, state=SendState.QUEUED).update(
        state=SendState.SENDING, started_at=timezone.now()
    )
    if not claimed:
        return None
    return Send.objects.select_related("workspace", "survey", "unit").get(pk=send_id)


def deliver(send_id: int, now: datetime | None = None) -> str:
    """Invite everyone the send's plan chooses; record progress as it goes."""
    send = claim(send_id)
    if send is None:
        return f"send {send_id} was not queued"
    now = now or timezone.now()
    chosen = plan(send.workspace, send, now, seed=f"send-{send.pk}").chosen
    Send.objects.filter(pk=send.pk).update(planned=len(chosen))
    try:
        with mail.connection() as conn:
            for person in chosen:
                _invite(send, person, now, conn)
    except mail.MailError as exc:
        logger.warning("send %s stopped: %s", send.pk, exc)
        Send.objects.filter(pk=send.pk).update(
            state=SendState.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        return f"send {send.pk} failed: {exc}"
    Send.objects.filter(pk=send.pk).update(state=SendState.DONE, finished_at=timezone.now())
    return f"send {send.pk}: {len(chosen)} invited"


def _invite(send: Send, person: Person, now: datetime, conn) -> None:
    raw, digest = new_token()
    invitation = Invitation.objects.create(
        workspace=send.workspace,
        send=send,
        survey=send.survey,
        person=person,
        email=person.email,
        token_hash=digest,
        expires_at=now + timedelta(days=LINK_VALID_DAYS),
    )
    try:
        _mail(invitation, raw, reminder=False, conn=conn)
    except mail.Refused as exc:
        _bounce(invitation, exc)
        Send.objects.filter(pk=send.pk).update(bounced=F("bounced") + 1)
        return
    except mail.MailError:
        invitation.delete()  # not sent: the person is not counted as asked
        raise
    Invitation.objects.filter(pk=invitation.pk).update(
        state=InvitationState.SENT, sent_at=timezone.now()
    )
    Send.objects.filter(pk=send.pk).update(sent=F("sent") + 1)


def reminders_due(workspace: Workspace, now: datetime) -> list[Invitation]:
    """Sent, unanswered, unexpired invitations whose send's reminder delay has passed."""
    waiting = (
        Invitation.objects.of(workspace)
        .filter(
            state=InvitationState.SENT,
            reminded_at__isnull=True,
            responded_at__isnull=True,
            expires_at__gt=now,
            send__reminder_after_days__isnull=False,
        )
        .select_related("send", "survey", "person", "workspace")
    )
    return [
        i
        for i in waiting
        if i.sent_at and i.sent_at + timedelta(days=i.send.reminder_after_days or 0) <= now
    ]


def send_reminders(workspace: Workspace, now: datetime | None = None) -> int:
    """One reminder per unanswered invitation, honouring unsubscribes and bounces."""
    now = now or timezone.now()
    due = [i for i in reminders_due(workspace, now) if may_contact(workspace, i)]
    if not due:
        return 0
    done = 0
    with mail.connection() as conn:
        for invitation in due:
            raw, digest = new_token()
            # The conditional update claims the reminder, so a second run sends none.
            claimed = Invitation.objects.filter(
                pk=invitation.pk, reminded_at__isnull=True, responded_at__isnull=True
            ).update(reminded_at=now, reminder_token_hash=digest)
            if not claimed:
                continue
            try:
                _mail(invitation, raw, reminder=True, conn=conn)
            except mail.Refused as exc:
                _bounce(invitation, exc)
                continue
            except mail.MailError:
                # Not sent: release the claim so the next run tries again.
                Invitation.objects.filter(pk=invitation.pk).update(
                    reminded_at=None, reminder_token_hash=None
                )
                raise
            done += 1
    return done
