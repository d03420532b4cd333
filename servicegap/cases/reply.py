"""Replying to the customer by e-mail from a case, and the customer's answer back into its log.

A reply goes only to an e-mail address the customer gave with consent (``Case.contact``, which
the rules fill only with consent); without one the case page says there is no way to reply. Each
reply e-mail carries a fresh single-use link (``links``) to a public page where the customer
writes back: their words become a ``customer`` line of the log and a waiting case opens again.

The mail is handed to the server before anything is written: a server that refuses leaves no
"sent" line in the log for a mail that never left, and the sender sees the reason at once.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from servicegap.cases import links, service
from servicegap.cases.models import Case, CaseEvent, CaseLink, CaseStatus, EventKind
from servicegap.lib.errors import FieldError
from servicegap.lib.text import NUL
from servicegap.runtime import mail

MAX_TEXT = 5_000
NO_WAY = "No way to reply: the customer left no e-mail address with consent to be contacted."


def reply_address(case: Case) -> str:
    """The e-mail address the customer gave with consent, or "" (none, or not an e-mail)."""
    contact = (case.contact or "").strip()
    try:
        validate_email(contact)
    except ValidationError:
        return ""
    return contact


def clean_text(raw: Any, field: str = "text") -> str:
    text = str(raw or "").strip()
    if not text:
        raise FieldError(field, "write the message: it may not be empty")
    if NUL in text:
        raise FieldError(field, "the message may not contain a NUL character")
    if len(text) > MAX_TEXT:
        raise FieldError(field, f"at most {MAX_TEXT:,} characters, not {len(text):,}")
    return text


def send_reply(case: Case, text: str, *, actor: Any = None, actor_label: str = "") -> CaseEvent:
    """E-mail ``text`` to the customer with a single-use link to answer; log it as a ``reply``
    line and set a new or open case waiting for the customer. FieldError when there is no
    address (field ``contact``), the text is not valid (``text``) or the mail server did not
    take the mail (status 503)."""
    text = clean_text(text)
    to = reply_address(case)
    if not to:
        raise FieldError("contact", NO_WAY, status=409)
    link, raw = _new_link(case)
    try:
        mail.send(to, *_message(case, text, raw))
    except mail.MailError as exc:
        CaseLink.objects.filter(pk=link.pk).delete()  # it was never sent
        raise FieldError("", f"the mail could not be sent: {exc}", status=503) from exc
    with transaction.atomic():
        event = service.log(
            case, EventKind.REPLY, actor=actor, actor_label=actor_label, text=text,
            detail={"to": to, "link": link.pk},
        )  # fmt: skip
        if case.status in (CaseStatus.NEW, CaseStatus.OPEN):
            service.change_status(case, CaseStatus.WAITING, actor=actor, actor_label=actor_label)
    return event


def _new_link(case: Case) -> tuple[CaseLink, str]:
    with transaction.atomic():
        return links.issue(case, CaseLink.Purpose.REPLY)


def _message(case: Case, text: str, raw: str) -> tuple[str, str]:
    context = {
        "workspace": case.workspace,
        "case": case,
        "text": text,
        "url": links.url(case.workspace, CaseLink.Purpose.REPLY, raw),
        "days": links.VALID_DAYS[CaseLink.Purpose.REPLY],
    }
    subject = f"{case.workspace.name}: about your message (case {case.number})"
    return subject, render_to_string("cases/reply_email.txt", context)


def sent_text(link: CaseLink) -> str:
    """The message this reply link was sent with (shown above the customer's answer box)."""
    event = (
        CaseEvent.objects.of(link.workspace_id)
        .filter(case_id=link.case_id, kind=EventKind.REPLY, detail__link=link.pk)
        .first()
    )
    return event.text if event is not None else ""


def customer_answer(link: CaseLink, text: str) -> bool:
    """The customer's answer through ``link`` into the case's log; a waiting case opens again
    (someone must read it). False when the link was used meanwhile: nothing stored."""
    text = clean_text(text)
    with transaction.atomic():
        if not links.claim(link):
            return False
        case = link.case
        service.log(
            case, EventKind.CUSTOMER, actor_label="customer", text=text,
            detail={"link": link.pk},
        )  # fmt: skip
        if case.status == CaseStatus.WAITING:
            service.change_status(case, CaseStatus.OPEN, actor_label="customer")
    return True


class ReplyForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Its own ids: the case page's note form has a ``text`` field too.
        kwargs.setdefault("auto_id", "id_reply_%s")
        super().__init__(*args, **kwargs)

    text = forms.CharField(
        label="Message to the customer",
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Sent by e-mail with a link to answer back; the answer appears in the log.",
    )


class CustomerAnswerForm(forms.Form):
    text = forms.CharField(
        label="Your answer", max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 6})
    )


def context(request: Any, case: Case) -> dict[str, Any]:
    """What the case page's reply section (``cases/_reply.html``) needs."""
    to = reply_address(case)
    return {
        "reply_to": to,
        "reply_none": "" if to else NO_WAY,
        "reply_form": ReplyForm() if to else None,
        "reply_url": reverse("case_reply", args=[case.workspace.slug, case.number]),
    }
