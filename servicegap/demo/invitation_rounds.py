"""The demo's past invitation rounds, so the response rates have figures (docs/surveys.md).

Three monthly rounds of the servicing perception survey, in the last three months of the
timeline: each round invites the customers whose answer to that survey came in during the two
weeks after it was sent (their invitation is linked to that response) and a third more customers
again who did not answer, some of whom opened the link (a round with no answer in its window,
as in a small demo, is left out). Addresses are the customers' own
(reserved test names, ``demo.addresses``); nothing is mailed. Rates land around 40 to 50 %.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from servicegap.core.models import Workspace
from servicegap.invitations.models import Invitation, InvitationState, Send, new_token
from servicegap.people.models import Person
from servicegap.surveys.models import Response, Survey

SURVEY = "PERCEPTION-SVC"
ROUNDS_BEFORE_END = (84, 56, 28)  # days before the end of the timeline
ANSWER_WINDOW = dt.timedelta(days=14)
MAX_ANSWERED = 40  # per round: a round is a sample, not everyone
OPENED_NOT_ANSWERED = 0.35


def create(rng: np.random.Generator, w, ws: Workspace, refs: dict) -> None:
    own = rng.spawn(1)[0]  # its own stream: adding this step changes none of the draws after it
    survey = Survey.objects.of(ws).filter(code=SURVEY).first()
    if survey is None:
        return
    customers = list(
        Person.objects.of(ws).filter(kind="customer").exclude(email="").values_list("id", "email")
    )
    emails = dict(customers)
    end = dt.datetime.combine(w.timeline.end, dt.time(9), tzinfo=dt.UTC)
    owner = refs["users"]["owner"].email
    # Responses linked already (the step run twice) keep their one invitation.
    linked = set(
        Invitation.objects.of(ws).exclude(response=None).values_list("response_id", flat=True)
    )
    for days in ROUNDS_BEFORE_END:
        sent_at = end - dt.timedelta(days=days)
        answered = list(
            Response.objects.of(ws)
            .filter(survey=survey, submitted_at__gte=sent_at)
            .filter(submitted_at__lt=sent_at + ANSWER_WINDOW, respondent_id__in=emails)
            .exclude(pk__in=linked)
            .order_by("submitted_at")
            .values_list("pk", "respondent_id", "submitted_at")
        )
        seen: set[int] = set()
        picked: list[tuple[int, int, dt.datetime]] = []
        for pk, person, at in answered:
            if person not in seen and len(picked) < MAX_ANSWERED:
                seen.add(person)
                picked.append((pk, person, at))
        if not picked:  # a small demo may have no answer in a window: no round then
            continue
        others = [c for c, _e in customers if c not in seen]
        silent = own.choice(others, size=min(len(others), len(picked) * 4 // 3), replace=False)
        _round(ws, survey, owner, sent_at, emails, picked, [int(p) for p in silent], own)
        linked.update(pk for pk, _p, _a in picked)


def _round(ws: Workspace, survey, owner, sent_at, emails, picked, silent, rng) -> None:
    total = len(picked) + len(silent)
    send = Send.objects.create(
        workspace=ws, survey=survey, state="done", planned=total, sent=total,
        created_by=owner, started_at=sent_at, finished_at=sent_at + dt.timedelta(minutes=3),
        person_kind="customer", sample_size=total,
    )  # fmt: skip
    Send.objects.filter(pk=send.pk).update(created_at=sent_at)
    expires = sent_at + dt.timedelta(days=30)
    rows = [
        Invitation(
            workspace=ws,
            send=send,
            survey=survey,
            person_id=person,
            email=emails[person],
            token_hash=new_token()[1],
            state=InvitationState.RESPONDED,
            sent_at=sent_at,
            opened_at=at - dt.timedelta(minutes=4),
            responded_at=at,
            response_id=pk,
            expires_at=expires,
        )  # fmt: skip
        for pk, person, at in picked
    ]
    for person in silent:
        opened = rng.random() < OPENED_NOT_ANSWERED
        rows.append(
            Invitation(
                workspace=ws,
                send=send,
                survey=survey,
                person_id=person,
                email=emails[person],
                token_hash=new_token()[1],
                state=InvitationState.SENT,
                sent_at=sent_at,
                opened_at=sent_at + dt.timedelta(hours=int(rng.integers(1, 72)))
                if opened
                else None,
                expires_at=expires,
            )  # fmt: skip
        )
    Invitation.objects.bulk_create(rows, batch_size=500)
    Invitation.objects.filter(send=send).update(created_at=sent_at)
