"""The monthly digest: each employee recognised last month, with an e-mail address on their user
account, gets one mail "You were recognised N times in <month>" with the compliments' texts.

Idempotent: a ``DigestSent`` row per person and month is written before the mail goes (its
unique key stops a second run or a second worker), so a rerun sends nothing twice. A mail the
server refuses for good is recorded on the row; a server that cannot be reached removes the row
again, so ``servicegap recognition digest`` can send it later.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from servicegap.accounts.models import Membership
from servicegap.core.baseurl import base_url
from servicegap.core.models import Workspace
from servicegap.feedback.models import Recognition
from servicegap.people.handlers import ERASED, EXPIRED
from servicegap.people.models import Person
from servicegap.recognition.models import DigestSent
from servicegap.recognition.months import month_bounds, month_label
from servicegap.runtime import mail

logger = logging.getLogger("servicegap.recognition")


@dataclass
class Outcome:
    sent: int = 0
    skipped: int = 0  # already sent for this month
    refused: int = 0
    error: str = ""

    def __str__(self) -> str:
        text = f"{self.sent} sent, {self.skipped} already sent, {self.refused} refused"
        return f"{text}; stopped: {self.error}" if self.error else text


@dataclass
class Recipient:
    person: Person
    email: str
    recognitions: list[Recognition]


def recipients(workspace: Workspace, month: date) -> list[Recipient]:
    """Each person recognised in ``month`` (the workspace's time zone) whose member account has
    an e-mail address, with their recognitions of the month, oldest first."""
    start, end = month_bounds(month, workspace.time_zone)
    rows = (
        Recognition.objects.of(workspace)
        .filter(feedback__submitted_at__gte=start, feedback__submitted_at__lt=end)
        .select_related("employee", "feedback__touchpoint")
        .order_by("feedback__submitted_at", "pk")
    )
    by_person: dict[int, list[Recognition]] = defaultdict(list)
    for row in rows:
        by_person[row.employee_id].append(row)
    emails = dict(
        Membership.objects.of(workspace)
        .filter(person_id__in=list(by_person), user__is_active=True)
        .exclude(user__email="")
        .values_list("person_id", "user__email")
    )
    return [
        Recipient(found[0].employee, emails[pk], found)
        for pk, found in by_person.items()
        if pk in emails
    ]


def _claim(workspace: Workspace, person: Person, month: date, count: int) -> DigestSent | None:
    try:
        with transaction.atomic():
            return DigestSent.objects.create(
                workspace=workspace, person=person, month=month, recognitions=count
            )
    except IntegrityError:
        return None


def _body(workspace: Workspace, person: Person, month: date, rows: list[Recognition]) -> str:
    return render_to_string(
        "recognition/digest_email.txt",
        {
            "workspace": workspace,
            "person": person,
            "month": month_label(month),
            "count": len(rows),
            "items": [r for r in rows if r.feedback.text not in (ERASED, EXPIRED)],
            "my_page": base_url() + reverse("my_page", kwargs={"slug": workspace.slug}),
        },
    )


def subject(count: int, month: date) -> str:
    return (
        f"You were recognised {count} {'time' if count == 1 else 'times'} in {month_label(month)}"
    )


def send_month(workspace: Workspace, month: date) -> Outcome:
    """Send ``workspace``'s digests for ``month``; each person at most once."""
    outcome = Outcome()
    todo = recipients(workspace, month)
    done = set(
        DigestSent.objects.of(workspace).filter(month=month).values_list("person_id", flat=True)
    )
    try:
        with mail.connection() as conn:
            for one in todo:
                claim = None
                if one.person.pk not in done:
                    claim = _claim(workspace, one.person, month, len(one.recognitions))
                if claim is None:
                    outcome.skipped += 1
                    continue
                _send(workspace, one, month, claim, conn, outcome)
    except mail.MailError as exc:
        logger.warning("recognition digest of %s stopped: %s", workspace.slug, exc)
        outcome.error = str(exc)
    return outcome


def _send(
    workspace: Workspace, one: Recipient, month: date, claim: DigestSent, conn, outcome: Outcome
) -> None:
    rows = one.recognitions
    body = _body(workspace, one.person, month, rows)
    try:
        mail.send(one.email, subject(len(rows), month), body, conn=conn)
    except mail.Refused as exc:
        claim.refused = exc.reason[:500]
        claim.save(update_fields=["refused"])
        outcome.refused += 1
        return
    except mail.MailError:
        claim.delete()  # not handed over: a later run may send it
        raise
    claim.sent_at = timezone.now()
    claim.save(update_fields=["sent_at"])
    outcome.sent += 1


def send_all(month: date) -> dict[str, Outcome]:
    return {ws.slug: send_month(ws, month) for ws in Workspace.objects.order_by("slug")}


def run(now: datetime) -> str:
    """The daily job's body: on the 1st (UTC), last month's digests; any other day nothing."""
    from servicegap.recognition.months import is_digest_day, previous_month

    if not is_digest_day(now):
        return "not the 1st of the month: no digest"
    month = previous_month(now)
    done = send_all(month)
    return "; ".join(f"{slug}: {o}" for slug, o in done.items()) or "no workspace"
