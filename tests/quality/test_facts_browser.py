"""The fact-vs-perception page in a real browser: the 2 × 2 and the table, at 1280 and 360 px."""

from __future__ import annotations

import pytest
from django.utils import timezone

from servicegap.quality import facts
from servicegap.quality.models import Indicator, IndicatorReading
from tests.browser_support import assert_no_sideways_scroll, check_a11y, log_in, shot

pytestmark = pytest.mark.browser


def _indicators(workspace, standards) -> str:
    """Indicators read this quarter (the seeded answers are from today): GREET on target but
    rated below expectation, CLEAN on target and rated well, CALLBACK missed."""
    today = timezone.now().date()
    first = today.replace(month=3 * ((today.month - 1) // 3) + 1, day=1)
    by_code = {s.code: s for s in standards}
    for code, std, target, higher, value in [
        ("NAME-USED", "GREET", 80.0, True, 88.0),
        ("VALET", "CLEAN", 90.0, True, 95.0),
        ("CALL-WAIT", "CALLBACK", 24.0, False, 40.0),
    ]:
        ind = Indicator.objects.create(workspace=workspace, code=code, name=f"{code} measure",
                                       standard=by_code[std], target=target,
                                       higher_is_better=higher)  # fmt: skip
        IndicatorReading.objects.create(workspace=workspace, indicator=ind, period_start=first,
                                        value=value)  # fmt: skip
    return facts.quarter_of(today)


def test_the_owner_reads_fact_vs_perception_on_a_desk_and_a_phone(
    browser, seeded, workspace, standards, artifacts
):
    quarter = _indicators(workspace, standards)
    url = f"{seeded.url}/w/acme/reports/fact-vs-perception/?period={quarter}"
    for width in (1280, 360):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.set_default_timeout(10_000)
        log_in(page, seeded.url, "owner@acme.test")
        page.wait_for_url(f"{seeded.url}/w/acme/")
        page.goto(url)
        assert "Fact vs perception" in page.get_by_role("heading", level=1).inner_text()
        # the first sentence names the standard delivered but not noticed
        assert "did not notice" in page.content()
        layout = "wide" if width == 1280 else "narrow"
        chart = page.locator(f"svg.report-chart.layout-{layout}")
        assert chart.is_visible()
        assert chart.locator("g.point").count() == 3
        assert chart.locator("g.point.hot").count() == 1  # the one delivered, not noticed
        corners = chart.locator("text.quadrant").all_text_contents()
        want = {"delivered, not noticed", "delivered and noticed"} if width == 1280 else {
            "not noticed", "noticed"}  # a phone's corners are shorter  # fmt: skip
        assert want <= set(corners), corners
        body = page.locator("table.report-table tbody").inner_text()
        assert "delivered_not_noticed" in body or "delivered, not noticed" in body
        assert "Greets every customer by name" in body  # the standard's name, not only its code
        headers = page.locator("table.report-table thead th").all_inner_texts()
        assert "Quadrant" in headers and "Customers' gap" in headers
        assert_no_sideways_scroll(page)
        check_a11y(page, f"fact vs perception at {width} px")
        shot(page, artifacts, f"quality-fact-vs-perception-{width}")
        context.close()
