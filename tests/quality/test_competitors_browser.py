"""The competitors page in a real browser: the dot plot and the table at 1280 and 360 px."""

from __future__ import annotations

import pytest
from django.utils import timezone

from servicegap.competitors.models import Competitor
from servicegap.surveys.contract import record_response
from tests.browser_support import assert_no_sideways_scroll, check_a11y, log_in, shot

pytestmark = pytest.mark.browser


def _rate(workspace) -> None:
    Competitor.objects.create(workspace=workspace, code="RIVAL", name="Rival Motors")
    for ours, theirs in [(6, 4), (5, 4), (7, 5), (6, 3), (5, 5), (6, 4)]:
        record_response(workspace, {
            "submitted_at": timezone.now().isoformat(), "perspective": "customer",
            "answers": [
                {"item": "GREET", "kind": "experience", "value": ours},
                {"item": "GREET", "kind": "competitor_experience", "value": theirs,
                 "competitor": "RIVAL"},
                {"item": "CALLBACK", "kind": "experience", "value": theirs},
                {"item": "CALLBACK", "kind": "competitor_experience", "value": ours,
                 "competitor": "RIVAL"},
            ],
        })  # fmt: skip


def test_the_owner_compares_with_a_competitor_on_a_desk_and_a_phone(
    browser, seeded, workspace, artifacts
):
    _rate(workspace)
    for width in (1280, 360):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.set_default_timeout(10_000)
        log_in(page, seeded.url, "owner@acme.test")
        page.wait_for_url(f"{seeded.url}/w/acme/")
        page.goto(f"{seeded.url}/w/acme/reports/competitors/")
        assert "Competitors" in page.get_by_role("heading", level=1).inner_text()
        assert "Rival Motors" in page.content()
        layout = "wide" if width == 1280 else "narrow"
        chart = page.locator(f"svg.report-chart.layout-{layout}")
        assert chart.is_visible()
        assert chart.locator("g.row").count() == 2
        assert chart.locator("g.marker.customer").count() == 2  # ours
        assert chart.locator("g.marker.employee").count() == 2  # theirs
        body = page.locator("table.report-table tbody").inner_text()
        assert "Greets every customer by name" in body and "Rival Motors" in body
        headers = page.locator("table.report-table thead th").all_inner_texts()
        assert "Us − competitor" in headers and "Rated both (n)" in headers
        assert_no_sideways_scroll(page)
        check_a11y(page, f"competitors at {width} px")
        shot(page, artifacts, f"quality-competitors-{width}")
        context.close()
