"""The demo's notifications: the helpdesk webhook with a month of its delivery log, and the
owner's daily digest.

The webhook points at a name under ``.example`` (never resolvable), so a demo's worker attempts
nothing: every logged message is already delivered or given up. The payloads are built by the
ingest hook's own functions, so they are exactly what a live workspace sends.
"""

from __future__ import annotations

import base64
import datetime as dt

import numpy as np

from servicegap.core.models import Workspace
from servicegap.demo.blocks import World
from servicegap.feedback.models import Feedback
from servicegap.notifications.events import new_msg_id
from servicegap.notifications.hooks import codes_of, feedback_data
from servicegap.notifications.models import Delivery, DigestChoice, Webhook
from servicegap.notifications.retry import SCHEDULE

URL = "https://helpdesk.northway.example/hooks/servicegap"
DAYS = 30
OUTAGE = (dt.timedelta(days=9), dt.timedelta(days=8, hours=4))  # the helpdesk down 20 h


def create(rng: np.random.Generator, w: World, ws: Workspace, refs: dict) -> None:
    secret = "whsec_" + base64.b64encode(rng.bytes(32)).decode()
    hook = Webhook.objects.create(
        workspace=ws, url=URL, events=["feedback.created", "case.created", "case.closed"],
        secret=secret, created_by=refs["users"]["owner"].email,
    )  # fmt: skip
    recent = list(
        Feedback.objects.of(ws).filter(perspective="customer").order_by("-submitted_at")[:200]
    )
    if recent:
        end = recent[0].submitted_at
        recent = [f for f in recent if f.submitted_at > end - dt.timedelta(days=DAYS)]
        codes = codes_of(recent)
        rows = [_delivery(rng, ws, hook, f, codes, end) for f in reversed(recent)]
        Delivery.objects.bulk_create(rows)
    DigestChoice.objects.create(workspace=ws, user=refs["users"]["owner"], frequency="daily")


def _delivery(
    rng: np.random.Generator,
    ws: Workspace,
    hook: Webhook,
    f: Feedback,
    codes: dict[tuple[str, int], str],
    end: dt.datetime,
) -> Delivery:
    at = f.submitted_at + dt.timedelta(seconds=float(rng.uniform(1, 4)))
    row = Delivery(
        workspace=ws, webhook=hook, event="feedback.created", msg_id=new_msg_id(),
        payload={"type": "feedback.created", "timestamp": at.isoformat(),
                 "data": feedback_data(f, codes)},
        created_at=at, attempts=1, last_attempt_at=at, last_status=204, delivered_at=at,
    )  # fmt: skip
    back = end - OUTAGE[1]  # when the helpdesk answered again
    if end - OUTAGE[0] <= at < back:
        # The helpdesk answered 503 for 20 hours: each message is retried on the spec's schedule
        # and delivered at the first attempt after it was back, or given up after the seventh.
        tried = at
        for delay in (*SCHEDULE, None):
            if tried >= back:
                row.last_attempt_at = row.delivered_at = tried
                break
            if delay is None:
                row.last_attempt_at, row.delivered_at, row.given_up_at = tried, None, tried
                row.last_status, row.last_error = 503, "HTTP 503 Service Unavailable"
                break
            row.attempts += 1
            tried += delay
    return row
