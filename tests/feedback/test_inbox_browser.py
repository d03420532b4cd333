"""The feedback inbox in a real browser: filtered by kind, on a desktop and on a phone."""

from __future__ import annotations

import pytest

from servicegap.feedback.contract import record_feedback
from servicegap.surveys.contract import record_response
from tests.browser_support import assert_no_sideways_scroll, check_a11y, log_in, open_nav, shot

pytestmark = pytest.mark.browser


def test_the_inbox_is_filtered_by_kind_in_a_browser(browser, seeded, workspace, artifacts):
    record_feedback(
        workspace, {"kind": "complaint", "text": "Nobody called me back", "unit": "SALES"}
    )
    record_feedback(workspace, {"kind": "compliment", "text": "A spotless car", "unit": "SALES"})
    record_response(
        workspace,
        {"perspective": "customer", "submitted_at": "2026-03-01T10:00:00Z", "unit": "SALES",
         "answers": [{"kind": "text", "value": "The coffee was cold"}]},
    )  # fmt: skip
    for width, name in ((1280, "desktop"), (360, "phone")):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.set_default_timeout(10_000)
        log_in(page, seeded.url, "owner@acme.test")
        page.goto(seeded.url + "/w/acme/")
        menu = page.get_by_role("button", name="Menu")
        if menu.is_visible():  # a phone: the navigation opens from its button
            menu.click()
        open_nav(page, "Feedback")
        page.wait_for_url("**/w/acme/feedback/")
        entries = page.locator(".entry-text")
        assert sorted(entries.all_inner_texts()) == [
            "A spotless car", "Nobody called me back", "The coffee was cold"
        ]  # fmt: skip
        page.get_by_label("Kind").select_option(label="Complaints")
        with page.expect_navigation():
            page.get_by_role("button", name="Show").click()
        assert "kind=complaint" in page.url
        assert entries.all_inner_texts() == ["Nobody called me back"]
        assert page.get_by_label("Kind").input_value() == "complaint"
        assert_no_sideways_scroll(page)
        check_a11y(page, f"feedback inbox ({name})")
        shot(page, artifacts, f"feedback-inbox-{name}")
        page.get_by_label("Kind").select_option(label="Survey comments")
        with page.expect_navigation():
            page.get_by_role("button", name="Show").click()
        page.get_by_role("link", name="Survey answer").click()
        page.wait_for_url("**/w/acme/responses/*/")
        assert page.get_by_role("heading", level=1).inner_text().startswith("Customer response")
        assert page.get_by_text("The coffee was cold").is_visible()
        assert_no_sideways_scroll(page)
        check_a11y(page, f"response browser ({name})")
        context.close()
