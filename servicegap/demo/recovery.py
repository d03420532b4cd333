"""The demo's customer side of its cases (after ``demo/cases.py`` has worked them): the
single-use links the e-mails carried, about half of the customers answering a reply back into
the case's log (a waiting case opens again), and the recovery survey's links, used where the
customer answered. The links' raw tokens are thrown away, as after a real e-mail: nobody can
open them, but the case pages and the personal-data export show them as they would be."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from servicegap.cases import links
from servicegap.cases.models import Case, CaseEvent, CaseLink, CaseStatus, EventKind
from servicegap.core.models import Workspace
from servicegap.demo.blocks import World
from servicegap.invitations.models import new_token

ANSWERS = (
    "Thank you for getting back to me. Tomorrow morning works.",
    "I appreciate the call. Please ring after 5 pm, I am at work until then.",
    "Thanks. The car is still making the noise, can you book me in again?",
    "That is fine, I will bring the paperwork on Saturday.",
    "I am still not happy with how long this has taken.",
)
ANSWERED_P = 0.5  # share of replied customers who write back through the link


def _link(ws: Workspace, case_id: int, purpose: str, at: dt.datetime, used: Any) -> CaseLink:
    days = links.VALID_DAYS[CaseLink.Purpose(purpose)]
    return CaseLink(
        workspace=ws, case_id=case_id, purpose=purpose, token_hash=new_token()[1],
        created_at=at, expires_at=at + dt.timedelta(days=days), used_at=used,
    )  # fmt: skip


def create(rng: np.random.Generator, w: World, ws: Workspace, refs: dict) -> None:
    end = dt.datetime.combine(w.timeline.end, dt.time(), tzinfo=dt.UTC)
    made: list[CaseLink] = []
    answers: list[CaseEvent] = []
    reopened: list[int] = []
    replies = CaseEvent.objects.of(ws).filter(kind=EventKind.REPLY).select_related("case")
    for reply in replies.order_by("at", "id"):
        case = reply.case
        when = reply.at + dt.timedelta(hours=float(rng.uniform(2, 48)))
        closed = case.closed_at is not None and when >= case.closed_at
        answered = rng.random() < ANSWERED_P and when < end and not closed
        made.append(_link(ws, case.pk, "reply", reply.at, when if answered else None))
        if not answered:
            continue
        text = ANSWERS[int(rng.integers(len(ANSWERS)))]
        answers.append(CaseEvent(
            workspace=ws, case=case, at=when, kind=EventKind.CUSTOMER, actor_label="customer",
            text=text,
        ))  # fmt: skip
        if case.status == CaseStatus.WAITING:  # still waiting at the end: the answer opens it
            answers.append(CaseEvent(
                workspace=ws, case=case, at=when, kind=EventKind.STATUS, actor_label="customer",
                detail={"from": CaseStatus.WAITING, "to": CaseStatus.OPEN},
            ))  # fmt: skip
            reopened.append(case.pk)
    surveyed = Case.objects.of(ws).filter(recovery_sent_at__isnull=False)
    for pk, sent, answered_at in surveyed.values_list(
        "pk", "recovery_sent_at", "recovery_answered_at"
    ):
        if sent is None:  # the filter rules it out; this tells the type checker
            continue
        made.append(_link(ws, pk, "recovery", sent, answered_at))
    CaseLink.objects.bulk_create(made, batch_size=2000)
    CaseEvent.objects.bulk_create(answers, batch_size=2000)
    Case.objects.filter(pk__in=reopened).update(status=CaseStatus.OPEN)
