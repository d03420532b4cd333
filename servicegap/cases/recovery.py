"""The recovery survey: closing a case sends the customer one question, "Did we put it right?"
(1–5), and an optional "How likely are you to recommend us?" (0–10), through a single-use link.

``send_recovery_survey`` runs once the closing commits (``service.close``) and queues
``deliver_recovery`` for the worker, as invitations and webhooks are sent. The task sends at most
one survey per closing: it claims the case by setting ``recovery_sent_at`` only while that is
empty or older than ``closed_at`` (a case reopened and closed again is a new closing and gets a
new survey). A customer without an e-mail address given with consent gets none, and the log says
so once per closing. A mail that could not be handed over is tried again by the hourly sweep for a
week.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from servicegap.cases import links, service
from servicegap.cases.models import Case, CaseEvent, CaseLink, CaseStatus, EventKind
from servicegap.cases.reply import reply_address
from servicegap.lib.errors import FieldError
from servicegap.runtime import mail, taskqueue

logger = logging.getLogger("servicegap.cases")

SWEEP_DAYS = 7
ANSWERS = range(1, 6)
RECOMMEND = range(0, 11)


def send_recovery_survey(case: Case) -> None:
    """Queue the recovery survey of this closing (called once the closing has committed)."""
    if case.closed_at is not None:
        taskqueue.enqueue(deliver_recovery, case.pk, case.closed_at.isoformat())


@task()
def deliver_recovery(case_id: int, closed_at: str) -> str:
    """Send one closing's recovery survey (queued when the case closes, or by the sweep)."""
    return deliver(case_id, closed_at)


@task()
def sweep_recovery() -> str:
    """The hourly job: queue again the surveys of the last week's closings that did not go out
    (the mail server was unreachable), except where the log says why none was sent."""
    since = timezone.now() - timedelta(days=SWEEP_DAYS)
    due = Case.objects.filter(status=CaseStatus.CLOSED, closed_at__gte=since).filter(
        Q(recovery_sent_at__isnull=True) | Q(recovery_sent_at__lt=F("closed_at"))
    )
    queued = 0
    for pk, closed_at in due.values_list("pk", "closed_at"):
        if closed_at is None:  # the filter above rules it out; this tells the type checker
            continue
        if not _logged(pk, closed_at.isoformat(), settled=True):
            taskqueue.enqueue(deliver_recovery, pk, closed_at.isoformat())
            queued += 1
    return f"{queued} recovery surveys queued again"


def _logged(case_id: int, closing: str, *, settled: bool = False) -> bool:
    """Is there a RECOVERY line for this closing (``settled``: one that ends it: no address, or
    an address refused for good)?"""
    lines = CaseEvent.objects.filter(case_id=case_id, kind=EventKind.RECOVERY)
    lines = lines.filter(detail__closed_at=closing)
    return lines.filter(detail__settled=True).exists() if settled else lines.exists()


def deliver(case_id: int, closing: str) -> str:
    case = Case.objects.select_related("workspace").filter(pk=case_id).first()
    if case is None or case.status != CaseStatus.CLOSED or case.closed_at is None:
        return f"case {case_id}: not closed any more, no survey"
    if case.closed_at.isoformat() != closing:
        return f"case {case_id}: closed again since; that closing sends its own"
    to = reply_address(case)
    if not to:
        if not _logged(case_id, closing):
            service.log(
                case, EventKind.RECOVERY, actor_label="system",
                text="No recovery survey: the customer left no e-mail address with consent.",
                detail={"closed_at": closing, "sent": False, "settled": True},
            )  # fmt: skip
        return f"case {case_id}: no e-mail address, no survey"
    claimed = Case.objects.filter(pk=case_id, closed_at=case.closed_at).filter(
        Q(recovery_sent_at__isnull=True) | Q(recovery_sent_at__lt=F("closed_at"))
    )
    now = timezone.now()
    with transaction.atomic():
        if not claimed.update(recovery_sent_at=now):
            return f"case {case_id}: survey already sent for this closing"
        link, raw = links.issue(case, CaseLink.Purpose.RECOVERY)
    try:
        mail.send(to, *_message(case, raw))
    except mail.MailError as exc:
        refused = isinstance(exc, mail.Refused)
        with transaction.atomic():
            # Not sent: the claim and the link go, so the sweep (or nobody, if refused) decides.
            CaseLink.objects.filter(pk=link.pk).delete()
            Case.objects.filter(pk=case_id).update(recovery_sent_at=None)
            service.log(
                case, EventKind.RECOVERY, actor_label="system",
                text=f"The recovery survey could not be sent: {exc}",
                detail={"closed_at": closing, "sent": False, "settled": refused},
            )  # fmt: skip
        return f"case {case_id}: not sent ({exc})"
    service.log(
        case, EventKind.RECOVERY, actor_label="system",
        text=f"Recovery survey sent to {to}.",
        detail={"closed_at": closing, "sent": True, "link": link.pk},
    )  # fmt: skip
    return f"case {case_id}: recovery survey sent"


def _message(case: Case, raw: str) -> tuple[str, str]:
    context = {
        "workspace": case.workspace,
        "case": case,
        "url": links.url(case.workspace, CaseLink.Purpose.RECOVERY, raw),
        "days": links.VALID_DAYS[CaseLink.Purpose.RECOVERY],
    }
    subject = f"{case.workspace.name}: did we put it right?"
    return subject, render_to_string("cases/recovery_email.txt", context)


def parse_answer(data: Any) -> tuple[int, int | None]:
    """The recovery answer (1–5, required) and recommend answer (0–10, optional) from a form's
    raw values; FieldError naming the field otherwise."""
    answer = _whole(data.get("answer"), "answer", ANSWERS, required=True)
    assert answer is not None
    return answer, _whole(data.get("nps"), "nps", RECOMMEND, required=False)


def _whole(raw: Any, field: str, allowed: range, *, required: bool) -> int | None:
    text = str(raw if raw is not None else "").strip()
    if not text:
        if required:
            raise FieldError(field, "choose one answer")
        return None
    if not text.isdigit() or int(text) not in allowed:
        raise FieldError(field, f"choose a whole number from {allowed[0]} to {allowed[-1]}")
    return int(text)


def record_answer(link: CaseLink, answer: int, nps: int | None) -> bool:
    """Store the customer's recovery answer on the case and log it; False when the link was
    used meanwhile (nothing stored)."""
    with transaction.atomic():
        if not links.claim(link):
            return False
        case = link.case
        case.recovery_answer, case.recovery_nps = answer, nps
        case.recovery_answered_at = timezone.now()
        case.save(update_fields=["recovery_answer", "recovery_nps", "recovery_answered_at"])
        said = f"Did we put it right? {answer} of 5."
        if nps is not None:
            said += f" Recommend: {nps} of 10."
        service.log(
            case, EventKind.RECOVERY, actor_label="customer", text=said,
            detail={"answer": answer, "nps": nps, "link": link.pk},
        )  # fmt: skip
    return True
