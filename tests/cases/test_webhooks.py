"""The case events the webhooks hear carry the same row as `cases list --json` and the API."""

from __future__ import annotations

import pytest

from servicegap.cases import service
from servicegap.cases.models import Case
from servicegap.cases.serialize import RELATED, rows
from servicegap.notifications.models import Delivery
from servicegap.notifications.service import add_webhook
from tests.case_support import case_of, complaint


@pytest.fixture
def hooked(settings, workspace):
    settings.WEBHOOK_ALLOW_PRIVATE = True
    return add_webhook(
        workspace, "http://127.0.0.1:9/in", ["case.created", "case.updated", "case.closed"], "t"
    )


@pytest.mark.django_db
def test_opening_changing_and_closing_a_case_are_told_with_its_row(workspace, users, hooked):
    case = case_of(complaint(workspace, unit="SALES"))
    [created] = Delivery.objects.filter(event="case.created")
    assert created.payload["type"] == "case.created"
    fresh = Case.objects.filter(pk=case.pk).select_related(*RELATED)
    assert created.payload["data"] == rows(workspace, fresh)[0]  # the CLI's and the API's row
    service.assign(case, users["manager"], actor=users["manager"])
    [updated] = Delivery.objects.filter(event="case.updated")
    assert updated.payload["data"]["owner"] == "manager@acme.test"
    assert updated.payload["data"]["status"] == "open"
    service.close(case, actor=users["manager"], resolution="Rang back.")
    [closed] = Delivery.objects.filter(event="case.closed")
    assert closed.payload["data"]["status"] == "closed" and closed.payload["data"]["closed_at"]
