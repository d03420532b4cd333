"""The daily job records the alerts the report raises and announces each recent one once
(``alert.raised``); older periods are recorded without a webhook."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from servicegap.actions.alerts import recent_periods, record
from servicegap.actions.models import AlertState
from servicegap.notifications.models import Delivery
from servicegap.notifications.service import add_webhook
from tests.report_support import respond

pytestmark = pytest.mark.django_db


@pytest.fixture
def allow_private(settings):
    settings.WEBHOOK_ALLOW_PRIVATE = True


def _months_back(n: int) -> datetime:
    now = datetime.now(UTC).replace(day=15, hour=10, minute=0, second=0, microsecond=0)
    for _ in range(n):
        now = (now.replace(day=1) - timedelta(days=1)).replace(day=15)
    return now


def test_a_recent_alert_is_announced_once_and_an_old_one_only_recorded(
    workspace, standards, allow_private
):
    hook = add_webhook(workspace, "http://127.0.0.1:9/in", ["alert.raised"], "test")
    # Twelve steady months of CALLBACK at 4, then a fall to 1 last month and this month.
    for back in range(13, 1, -1):
        for value in (3, 4, 5, 4):
            respond(workspace, answers=[("CALLBACK", "experience", value)], when=_months_back(back))
    for back in (1, 0):
        for _ in range(4):
            respond(workspace, answers=[("CALLBACK", "experience", 1)], when=_months_back(back))
    assert record(workspace) >= 1
    states = AlertState.objects.of(workspace).filter(kind="standard", code="CALLBACK")
    recent = recent_periods(workspace)
    announced = [s for s in states if s.announced_at is not None]
    assert announced and all(s.period in recent for s in announced)
    assert all(s.direction == "down" and s.value is not None for s in announced)
    sent = Delivery.objects.filter(webhook=hook, event="alert.raised")
    assert sent.count() == len(announced)
    assert sent.first().payload["data"]["code"] == "CALLBACK"
    assert record(workspace) == 0  # the next day: nothing new to announce
    assert Delivery.objects.filter(webhook=hook).count() == len(announced)
