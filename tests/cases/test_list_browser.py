"""The case list and the settings page in a real browser, at 360 px too: a manager filters the
cases of their unit and opens one; the owner switches a rule off."""

from __future__ import annotations

import re

import pytest

from tests.browser_support import assert_no_sideways_scroll, check_a11y, log_in, open_nav, shot
from tests.case_support import complaint, nps, response

pytestmark = pytest.mark.browser


def at_widths(page, what: str, artifacts) -> None:
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 900})
        check_a11y(page, f"{what} at {width}px")
        assert_no_sideways_scroll(page)
        shot(page, artifacts, f"cases-{what}-{width}")


def test_a_manager_finds_their_units_case_and_the_owner_switches_a_rule_off(
    page, live_server, transactional_db, workspace, users, artifacts
):
    from servicegap.cases.models import CaseRule

    complaint(workspace, unit="SALES", text="The salesman never rang back about the trade-in.")
    response(workspace, [nps(2)], unit="SERVICE")
    complaint(workspace, text="A complaint that names no unit at all.")

    log_in(page, live_server.url, "manager@acme.test")
    page.wait_for_url(re.compile(r"/w/acme/$"))
    open_nav(page, "Cases")
    page.wait_for_url(re.compile(r"/w/acme/cases/"))
    at_widths(page, "list", artifacts)
    table = page.get_by_role("table")
    assert table.get_by_text("never rang back").is_visible()
    assert page.get_by_text("names no unit").count() == 0  # the triage queue is not theirs
    page.get_by_label("Severity").select_option("high")
    page.get_by_role("button", name="Show").click()
    page.get_by_text("No case matches these filters.").wait_for()
    page.get_by_label("Severity").select_option("")
    page.get_by_role("button", name="Show").click()
    page.get_by_role("link", name="1", exact=True).click()
    page.get_by_role("heading", name=re.compile("Case 1: Complaint")).wait_for()
    page.get_by_role("button", name="Take it").click()
    page.get_by_test_id("case-status").filter(has_text="open").wait_for()

    page.context.clear_cookies()
    log_in(page, live_server.url, "owner@acme.test")
    page.wait_for_url(re.compile(r"/w/acme/$"))
    page.goto(f"{live_server.url}/w/acme/cases/settings/")
    at_widths(page, "settings", artifacts)
    page.get_by_label("A customer's recommend answer of 0 to 6", exact=True).uncheck()
    page.get_by_role("button", name="Save").click()
    page.get_by_text("The case rules and settings are saved.").wait_for()
    assert CaseRule.objects.get(workspace=workspace, trigger="detractor").enabled is False
