"""The loyalty pages in a real browser at 1280 and 360 px: the quadrant draws a dot per customer
with an answer, captive customers top left; a lost customer's timeline draws their events in
date order; nothing scrolls sideways and no accessibility rule of serious impact is broken."""

from __future__ import annotations

import pytest

from tests.browser_support import assert_no_sideways_scroll, check_a11y, log_in, open_nav, shot
from tests.loyalty.support import AS_OF, shop

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 360])
def test_the_quadrant_puts_captive_customers_top_left(
    page, live_server, transactional_db, workspace, users, artifacts, width
):
    shop(workspace)
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server.url, "owner@acme.test")
    if width > 600:  # the menu's link (a phone folds the menu away)
        page.goto(live_server.url + "/w/acme/")
        open_nav(page, "Loyalty")
    else:
        page.goto(live_server.url + "/w/acme/loyalty/")
    page.get_by_role("textbox", name="As of").fill(AS_OF.isoformat())
    page.get_by_role("button", name="Show").click()
    chart = page.get_by_role("img", name="Loyalty and retention quadrant")
    assert chart.is_visible() and chart.bounding_box()["width"] <= width
    captive = page.locator("svg circle.dot.captive")
    loyal = page.locator("svg circle.dot.loyal")
    assert captive.count() >= 1 and loyal.count() >= 1
    box = chart.bounding_box()
    grump = captive.first.bounding_box()
    assert grump["x"] < box["x"] + box["width"] / 2 and grump["y"] < box["y"] + box["height"] / 2
    assert page.get_by_text("Captive:", exact=False).first.is_visible()
    check_a11y(page, f"loyalty page at {width}px")
    assert_no_sideways_scroll(page)
    shot(page, artifacts, f"loyalty-{width}")


@pytest.mark.parametrize("width", [1280, 360])
def test_a_lost_customers_timeline_from_the_lost_page(
    page, live_server, transactional_db, workspace, users, artifacts, width
):
    shop(workspace)
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server.url, "owner@acme.test")
    page.goto(live_server.url + f"/w/acme/loyalty/lost/?as_of={AS_OF}")
    assert page.get_by_role(
        "img", name="Lost lifetime value by touchpoint and standard"
    ).is_visible()
    check_a11y(page, f"lost page at {width}px")
    assert_no_sideways_scroll(page)
    page.get_by_role("link", name="GONE", exact=True).click()
    page.get_by_role("heading", name="Customer GONE").wait_for()
    strip = page.get_by_role("img", name="Timeline of customer GONE")
    assert strip.is_visible() and strip.bounding_box()["width"] <= width
    marks = page.locator("svg circle.mark")
    assert marks.count() == page.locator("ol.loyalty-events li").count() == 24
    xs = [marks.nth(i).bounding_box()["x"] for i in range(marks.count())]
    assert xs == sorted(xs)  # in date order across
    assert page.locator("svg circle.mark.bad").count() == 2  # the misery moment, the detractor
    check_a11y(page, f"timeline at {width}px")
    assert_no_sideways_scroll(page)
    shot(page, artifacts, f"timeline-{width}")
