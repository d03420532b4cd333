"""The leaders' digest e-mail: gathering its figures and sending it once per person and period.

Who: every owner and leader with an e-mail address, daily, weekly (the default) or never, as each
chose on the Digest page. When: the daily job sends each person whose period (the day, or the ISO
week) has no digest yet; the ``DigestSent`` row, unique per person and period, is written before
the mail goes and removed again if the mail server fails, so a second run (or a second worker)
never sends twice and a failure is retried on the next run.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse

from servicegap.accounts.models import Membership, Role
from servicegap.core.baseurl import base_url
from servicegap.core.models import Workspace
from servicegap.notifications.digest_text import (
    ActionLine,
    AlertLine,
    CaseLine,
    Digest,
    GapLine,
    body,
    period_of,
    subject,
    window,
)
from servicegap.notifications.models import DigestChoice, DigestFrequency, DigestSent
from servicegap.runtime import mail

logger = logging.getLogger("servicegap.notifications")

OVERDUE_SHOWN = 10


def _gaps(ws: Workspace) -> list[GapLine]:
    from servicegap.gaps.headline import headline

    out = []
    for row in headline(ws):
        fig = row.figures.get("customer")
        if fig is not None and not fig.hidden:
            out.append(GapLine(row.code, row.title, fig.gap, fig.ci_low, fig.ci_high, fig.n))
    return out


def _alerts(ws: Workspace, now: datetime, frequency: str) -> list[AlertLine]:
    """The alerts of the months the digest covers (monthly control charts)."""
    from servicegap.gaps.kinds import run
    from servicegap.gaps.kinds.alerts import describe

    months = {f"{now:%Y-%m}", f"{now - window(frequency):%Y-%m}"}
    rows = [r for r in run(ws, "alerts", {})["rows"] if r["period"] in months]
    out = []
    for r in rows:
        words = describe(r)
        out.append(
            AlertLine(
                words["alert"], words["period"], words["measure"], words["value"],
                words["expected"], words["change"],
            )
        )  # fmt: skip
    return out


def _overdue(ws: Workspace, now: datetime) -> tuple[list[CaseLine], int]:
    from servicegap.cases.models import Case

    late = (
        Case.objects.of(ws)
        .filter(due_at__lt=now)
        .exclude(status="closed")
        .select_related("unit")
        .order_by("due_at")
    )
    shown = [
        CaseLine(c.number, c.title, c.unit.code if c.unit else "", c.due_at or now)
        for c in late[:OVERDUE_SHOWN]
    ]
    return shown, late.count()


def _worked(ws: Workspace) -> list[ActionLine] | None:
    """Actions measured as having worked, from the actions report; None where that report is not
    installed (the line is then left out)."""
    from servicegap.reports import registry

    if registry.get("actions") is None:
        return None
    from servicegap.gaps.kinds import run

    out = []
    for r in run(ws, "actions", {})["rows"]:
        if r.get("verdict") == "worked" and r.get("change") is not None:
            after = r.get("after") or {}
            out.append(
                ActionLine(
                    r["action"], r.get("title", ""), r["change"], r["change_ci_low"],
                    r["change_ci_high"], int(after.get("n") or 0),
                )
            )  # fmt: skip
    return out


def compose(ws: Workspace, frequency: str, now: datetime) -> Digest:
    """The digest of ``ws`` for the period of ``now``."""
    overdue, total = _overdue(ws, now)
    return Digest(
        workspace=ws.name,
        frequency=frequency,
        period=period_of(frequency, now.date()),
        gaps=_gaps(ws),
        alerts=_alerts(ws, now, frequency),
        overdue=overdue,
        overdue_total=total,
        worked=_worked(ws),
        link=base_url() + reverse("workspace_home", kwargs={"slug": ws.slug}),
    )


def recipients(ws: Workspace) -> list[tuple[Any, str]]:
    """(user, frequency) of each owner and leader who wants a digest and has an address."""
    chosen = dict(DigestChoice.objects.of(ws).values_list("user_id", "frequency"))
    out = []
    for m in (
        Membership.objects.of(ws).filter(role__in=(Role.OWNER, Role.LEADER)).select_related("user")
    ):
        frequency = chosen.get(m.user_id, DigestFrequency.WEEKLY)
        if frequency != DigestFrequency.OFF and m.user.email and m.user.is_active:
            out.append((m.user, frequency))
    return out


def send_workspace(ws: Workspace, now: datetime) -> int:
    """Send each due digest of ``ws``; returns how many were sent."""
    composed: dict[str, Digest] = {}  # one per frequency, shared by its readers
    sent = 0
    for user, frequency in recipients(ws):
        period = period_of(frequency, now.date())
        try:
            with transaction.atomic():
                claim = DigestSent.objects.create(workspace=ws, user=user, period=period)
        except IntegrityError:
            continue  # sent already for this period
        if frequency not in composed:
            composed[frequency] = compose(ws, frequency, now)
        digest = composed[frequency]
        try:
            mail.send(user.email, subject(digest), body(digest))
        except mail.MailError as exc:
            claim.delete()  # not sent: the next run tries again
            logger.warning("digest to %s not sent: %s", user.email, exc)
            continue
        sent += 1
    return sent


def send_due(now: datetime) -> str:
    total = sum(send_workspace(ws, now) for ws in Workspace.objects.order_by("pk"))
    return f"{total} digests sent"
