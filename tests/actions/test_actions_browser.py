"""The actions pages in a real browser, at 360 px too: a leader makes an action from a gap row,
marks it done, and the page shows its effect; the alerts page acknowledges an alert. No page
scrolls sideways, none breaks accessibility rules of serious impact."""

from __future__ import annotations

from datetime import timedelta

import pytest

from servicegap.actions.models import Action, AlertState
from servicegap.aggregates import cells
from tests.actions.support import START, rated
from tests.browser_support import assert_no_sideways_scroll, check_a11y, log_in, shot

pytestmark = pytest.mark.browser


def at_phone_width(page, what: str, artifacts) -> None:
    page.set_viewport_size({"width": 360, "height": 800})
    check_a11y(page, f"{what} at 360px")
    assert_no_sideways_scroll(page)
    shot(page, artifacts, f"actions-{what}-360")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_leader_makes_an_action_from_a_gap_row_and_reads_its_effect(
    page, live_server, transactional_db, workspace, users, standards, artifacts
):
    for i in range(40):
        rated(workspace, "SALES", START - timedelta(days=50 - i), [2 + i % 2], expect=6)
        rated(workspace, "SALES", START + timedelta(days=20 + i), [4 + i % 2], expect=6)
    cells.rebuild(workspace)  # the rows went in bulk, past the ingest contract
    base = live_server.url
    log_in(page, base, "leader@acme.test")
    page.goto(base + "/w/acme/reports/gaps/")
    page.get_by_role("link", name="Make an action").first.click()
    assert (
        page.get_by_label("Title").input_value()
        == "Close the gap on Calls back within one working day"
    )
    at_phone_width(page, "new", artifacts)
    page.get_by_label("Start").fill(START.isoformat())
    page.get_by_role("button", name="Create the action").click()
    page.get_by_role("heading", name="Measured effect: worked").wait_for()
    action = Action.objects.get()
    assert action.origin == "gap" and action.origin_detail["n"] == "80"
    at_phone_width(page, "detail", artifacts)
    page.get_by_label("Status").select_option("done")
    page.get_by_role("button", name="Change the status").click()
    page.get_by_text("Saved.").wait_for()
    action.refresh_from_db()
    assert action.status == "done" and action.completed_on is not None
    page.goto(base + "/w/acme/actions/")
    assert "worked" in page.content()
    at_phone_width(page, "list", artifacts)
    page.goto(base + "/w/acme/reports/actions/")
    assert page.locator("svg.report-chart g.marker.after").count() >= 1
    at_phone_width(page, "report", artifacts)


def test_an_alert_is_acknowledged_on_the_alerts_page(
    page, live_server, transactional_db, workspace, users, standards, artifacts
):
    from django.utils import timezone

    AlertState.objects.create(
        workspace=workspace, key="customer||standard|CALLBACK|2026-02", perspective="customer",
        kind="standard", code="CALLBACK", period="2026-02", direction="down", value=2.8,
        expected=3.1, raised_at=timezone.now(),
    )  # fmt: skip
    base = live_server.url
    log_in(page, base, "owner@acme.test")
    page.goto(base + "/w/acme/actions/alerts/")
    at_phone_width(page, "alerts", artifacts)
    page.get_by_role("button", name="Acknowledge").click()
    page.get_by_text("Acknowledged.").wait_for()
    assert AlertState.objects.get().acknowledged_by == users["owner"]
