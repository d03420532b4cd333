"""The demo shows notifications on realistic data: the helpdesk webhook with a month of its
delivery log (an outage retried on the spec's schedule) and the owner's daily digest."""

from __future__ import annotations

import datetime as dt

import pytest
from standardwebhooks import Webhook as Verifier

END = dt.date(2026, 3, 1)


@pytest.fixture
def built(db):
    from servicegap.demo.generator import build_demo

    return build_demo(seed=7, answers=3000, end=END)


def test_the_demo_has_a_webhook_with_a_delivery_log(built, client):
    from servicegap.notifications.models import Delivery, DigestChoice, Webhook
    from servicegap.notifications.retry import MAX_ATTEMPTS

    ws = built.workspace
    hook = Webhook.objects.of(ws).get()
    Verifier(hook.secret)  # a valid whsec_ secret
    log = list(Delivery.objects.of(ws).filter(webhook=hook))
    assert len(log) >= 10
    assert all(d.next_attempt_at is None for d in log)  # nothing for a demo's worker to send
    feedback = [d for d in log if d.event == "feedback.created"]
    assert all(d.payload["data"]["perspective"] == "customer" for d in feedback)
    # and the cases the text engine opened from this week's complaints (servicegap/demo/text.py)
    assert {d.event for d in log} == {"feedback.created", "case.created"}
    states = {d.state for d in log}
    assert "delivered" in states
    retried = [d for d in log if d.attempts > 1]
    assert retried and all(d.attempts <= MAX_ATTEMPTS for d in retried)
    assert DigestChoice.objects.of(ws).get().frequency == "daily"
