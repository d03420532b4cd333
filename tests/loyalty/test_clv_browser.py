"""The value page in a real browser at 1280 and 360 px: asking for a fit shows its progress, the
real worker runs it, and the page turns by itself into the CLV distribution and the retention
curves; nothing scrolls sideways and no accessibility rule of serious impact is broken."""

from __future__ import annotations

import pytest

from tests.browser_support import assert_no_sideways_scroll, check_a11y, log_in, shot
from tests.invitation_support import run_worker
from tests.loyalty.support import AS_OF, shop

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 360])
def test_the_fit_runs_in_the_background_and_draws_its_charts(
    page, live_server, transactional_db, workspace, users, artifacts, monkeypatch, width
):
    shop(workspace)
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server.url, "owner@acme.test")
    page.goto(live_server.url + "/w/acme/loyalty/value/")
    page.get_by_label("As of").fill(AS_OF.isoformat())
    page.get_by_label("Retention curves by").select_option("month")
    page.get_by_role("button", name="Compute").click()
    assert page.get_by_role("status").filter(has_text="Waiting for the worker").is_visible()
    check_a11y(page, f"value page waiting at {width}px")
    run_worker(monkeypatch)
    heading = page.get_by_role("heading", name="Lifetime value per customer")
    heading.wait_for(timeout=15000)  # the page polls every 2 s and then reloads itself
    histogram = page.get_by_role("img", name="Distribution of customer lifetime value")
    curves = page.get_by_role("img", name="Retention curves")
    for chart in (histogram, curves):
        assert chart.is_visible() and chart.bounding_box()["width"] <= width
    assert page.locator("svg rect.bar").count() == 12
    assert page.locator("svg polyline.curve").count() >= 2
    assert "customers who bought on or before 30 Jun 2026" in page.locator(".lede").inner_text()
    check_a11y(page, f"value page at {width}px")
    assert_no_sideways_scroll(page)
    shot(page, artifacts, f"value-{width}")
