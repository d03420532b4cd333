"""The linkage and engagement pages, the Training page and My impact in a real Chromium at 1280
and 360 px: the scatter, the correlations, no sideways scroll, no serious axe finding."""

from __future__ import annotations

from datetime import date

import pytest

from tests.browser_support import assert_no_sideways_scroll, check_a11y, log_in, shot
from tests.engagement.support import voice_data
from tests.recognition_support import link

pytestmark = pytest.mark.browser


def test_the_linkage_page_at_1280_and_360_px(
    browser, live_server, transactional_db, workspace, standards, users, artifacts
):
    from servicegap.people.models import Person
    from servicegap.skills.models import Training

    voice_data(workspace, standards)
    person = Person.objects.get(workspace=workspace, code="U1-E0")
    Training.objects.create(workspace=workspace, person=person, standard=standards[0],
                            trained_on=date(2026, 1, 5), note="Workshop")  # fmt: skip
    link(workspace, users["owner"], person)
    for width in (1280, 360):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.set_default_timeout(10_000)
        log_in(page, live_server.url, "owner@acme.test")
        page.wait_for_url(f"{live_server.url}/w/acme/")
        page.goto(f"{live_server.url}/w/acme/reports/linkage/")
        assert page.get_by_role("heading", level=1).is_visible()
        layout = "wide" if width == 1280 else "narrow"
        chart = page.locator(f"svg.report-chart.layout-{layout}")
        assert chart.is_visible() and chart.locator("circle").count() >= 4
        assert page.get_by_text("Correlations across units").is_visible()
        table = page.locator("table.report-table")
        assert table.get_by_text("Team SMALL", exact=True).first.is_visible()  # by name
        assert_no_sideways_scroll(page)
        check_a11y(page, f"the linkage page at {width} px")
        shot(page, artifacts, f"linkage-{width}")
        for path, what in (("reports/engagement/?unit=HQ", "engagement"),
                           ("training/", "training"), ("me/", "my page")):  # fmt: skip
            page.goto(f"{live_server.url}/w/acme/{path}")
            assert page.get_by_role("heading", level=1).is_visible()
            assert_no_sideways_scroll(page)
            check_a11y(page, f"the {what} page at {width} px")
            shot(page, artifacts, f"voice-{what.replace(' ', '-')}-{width}")
        assert page.get_by_role("heading", name="My impact").is_visible()
        context.close()
