"""The nine report pages in a real browser as the owner: axe clean at 1280 px, screenshots."""

from __future__ import annotations

import pytest

from servicegap.gaps.filters import KINDS
from tests.browser.test_shell import check_a11y, log_in, shot
from tests.test_report_pages import report_data

pytestmark = pytest.mark.browser


def test_the_owner_visits_every_report_page(page, seeded, workspace, artifacts):
    report_data(workspace)
    log_in(page, seeded.url, "owner@acme.test")
    page.wait_for_url(f"{seeded.url}/w/acme/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Reports").click()
    page.wait_for_url(f"{seeded.url}/w/acme/reports/gaps/")
    for i, kind in enumerate(KINDS, start=1):
        page.goto(f"{seeded.url}/w/acme/reports/{kind}/")
        assert page.get_by_role("heading", level=1).is_visible()
        check_a11y(page, f"the {kind} report")
        shot(page, artifacts, f"reports-{i:02d}-{kind}")
    page.goto(f"{seeded.url}/w/acme/reports/gaps/?by=colour")
    page.locator("#id_by_errors").wait_for()
    check_a11y(page, "the gaps report with a filter error")
