"""The demo's comments understood without anyone reading them (docs/text.md, docs/demo.md).

The demo's feedback, survey comments and customers' case messages are labelled in one pass of
the text engine (the lexicon backend when the ``text`` extra is absent), and a handful of this
week's comments show the routing: compliments that name an employee only in their words reach
that employee, and complaints about a standard open a case in the unit the customer was served
by (or, when they named none, the unit owning the touchpoint the words are about).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from django.db.models import F

from servicegap.core.models import Workspace
from servicegap.demo.blocks import World
from servicegap.feedback.models import Feedback
from servicegap.journeys.models import Touchpoint
from servicegap.notifications.models import Delivery
from servicegap.people.models import Person
from servicegap.surveys.contract import record_response
from servicegap.text import service, sources

LATEST = 3000  # comments labelled while the demo is built; the worker's hourly job does the rest

PRAISE = (
    "{full} was brilliant, explained every step and had the car ready early. Thank you!",
    "Huge thanks to {full}, so patient with all my questions about the finance.",
    "{full} went out of their way to help, fantastic service from start to finish.",
    "Really impressed with {full} at the desk, friendly and quick.",
)
COMPLAINTS = (  # (touchpoint the words are about, the comment)
    ("SVC-UPDATE", "Nobody called me back with an update, I had to chase three times. Poor."),
    ("SVC-COLLECT", "The invoice was far higher than the quote and nobody explained why. Awful."),
    ("SVC-WORK", "The car came back dirty and the fault is still there. Terrible."),
    ("BUY-VISIT", "Stood at the desk for ten minutes and nobody greeted me. Rude and unwelcoming."),
)


def _recent(rng: np.random.Generator, now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(hours=float(rng.uniform(2, 24 * 6)))


def create(rng: np.random.Generator, w: World, ws: Workspace, refs: dict) -> None:
    now = dt.datetime.combine(w.timeline.end, dt.time(), dt.UTC)
    staff = list(
        Person.objects.of(ws).filter(kind="employee", front_line=True).exclude(name="")
        .exclude(unit=None).order_by("code")[:40]
    )  # fmt: skip
    praised = []
    for i in range(8 if staff else 0):
        who = staff[int(rng.integers(len(staff)))]
        praised.append(Feedback(
            workspace=ws, kind="compliment", text=PRAISE[i % len(PRAISE)].format(full=who.name),
            submitted_at=_recent(rng, now), unit_id=who.unit_id, channel="web",
        ))  # fmt: skip
    praised = Feedback.objects.bulk_create(praised)
    touchpoints = {t.code: t for t in Touchpoint.objects.of(ws)}
    answers = []
    for i in range(8):
        code, text = COMPLAINTS[i % len(COMPLAINTS)]
        tp = touchpoints.get(code)
        data = {"perspective": "customer", "submitted_at": _recent(rng, now).isoformat(),
                "answers": [{"kind": "text", "value": text}]}  # fmt: skip
        if i % 2 == 0 and tp is not None and tp.unit is not None:
            data["unit"] = tp.unit.code  # half name where they were served; half name nothing
        answers.append(record_response(ws, data, f"text-{i}").pk)
    # One engine call over the latest comments (the model loads once, themes are found across
    # them all); this week's are live input, routed as the worker routes it.
    fresh = sources.load(ws, "feedback", [f.pk for f in praised])
    fresh += sources.load(ws, "response", answers)
    keys = {(i.source, i.pk) for i in fresh}
    rest = [i for i in sources.latest(ws, LATEST // 2) if (i.source, i.pk) not in keys]
    service.enrich(ws, rest, batch=len(rest) or 1)
    service.enrich(ws, fresh, route=True, live=True)
    # The cases the routing opened went to the demo's helpdesk webhook, whose log shows every
    # message delivered (servicegap/demo/notifications.py): a demo's worker has nothing to send.
    Delivery.objects.of(ws).filter(delivered_at=None, given_up_at=None).update(
        attempts=1, next_attempt_at=None, last_attempt_at=F("created_at"), last_status=204,
        delivered_at=F("created_at"),
    )  # fmt: skip
