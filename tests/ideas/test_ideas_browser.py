"""The ideas board and the brainstorm mode in a real Chromium: voting with HTMX (the card
changes, the page stays), filtering, and a brainstorm seen from two browser contexts at once
(the facilitator's laptop and a participant's phone), axe clean at 1280 and 360 px."""

from __future__ import annotations

import pytest

from tests.browser_support import assert_no_sideways_scroll, check_a11y, log_in, shot

pytestmark = pytest.mark.browser


def _context(browser, width: int):
    context = browser.new_context(viewport={"width": width, "height": 820})
    page = context.new_page()
    page.set_default_timeout(20_000)
    return context, page


def test_the_ideas_board_votes_and_filters(
    browser, live_server, transactional_db, workspace, users, journey, artifacts
):
    from servicegap.ideas.models import Vote

    base = live_server.url
    for width in (1280, 360):
        context, page = _context(browser, width)
        log_in(page, base, "employee@acme.test")
        page.goto(base + "/w/acme/ideas/")
        if width == 1280:
            page.get_by_label("Your idea").fill("Coffee while customers wait")
            page.get_by_label("Journey step", exact=True).last.select_option("VISIT")
            page.get_by_label("It would…").select_option("delight")
            with page.expect_navigation():
                page.get_by_role("button", name="Add the idea").click()
            page.get_by_label("Your idea").fill("One form for the handover, not three")
            page.get_by_label("Journey step", exact=True).last.select_option("HANDOVER")
            page.get_by_label("It would…").select_option("rule")
            with page.expect_navigation():
                page.get_by_role("button", name="Add the idea").click()
            assert page.get_by_text("your idea is on the board, without your name").is_visible()
            # Voting swaps the card in place: the page is not loaded again.
            page.evaluate("window.stillHere = true")
            card = page.locator("li.idea", has_text="One form for the handover")
            card.get_by_role("button", name="Vote").click()
            card.get_by_role("button", name="Take back my vote").wait_for()
            assert card.get_by_text("1 vote", exact=True).is_visible()
            assert page.evaluate("window.stillHere") is True
            assert Vote.objects.count() == 1
            # Most votes first: the voted idea leads after a reload.
            page.reload()
            assert page.locator("li.idea").first.get_by_text("One form for the handover").count()
        page.get_by_label("Kind").select_option("delight")
        with page.expect_navigation():
            page.get_by_role("button", name="Show").click()
        assert page.locator("li.idea").count() == 1
        assert page.get_by_text("Coffee while customers wait").is_visible()
        assert_no_sideways_scroll(page)
        check_a11y(page, f"the ideas board at {width} px")
        shot(page, artifacts, f"ideas-board-{width}")
        context.close()


def test_a_brainstorm_from_a_laptop_and_a_phone_at_once(
    browser, live_server, transactional_db, workspace, users, journey, artifacts
):
    base = live_server.url
    laptop_context, laptop = _context(browser, 1280)
    log_in(laptop, base, "manager@acme.test")
    laptop.goto(base + "/w/acme/ideas/brainstorm/")
    laptop.get_by_label("Journey to walk").select_option("BUY")
    with laptop.expect_navigation():
        laptop.get_by_role("button", name="Start").click()
    laptop.get_by_role("heading", name="Showroom visit").wait_for()
    room = laptop.url
    check_a11y(laptop, "the brainstorm at 1280 px")

    phone_context, phone = _context(browser, 360)
    log_in(phone, base, "employee@acme.test")
    phone.goto(room)
    phone.get_by_role("heading", name="Showroom visit").wait_for()
    assert phone.get_by_role("button", name="Next step").count() == 0  # only the facilitator
    assert_no_sideways_scroll(phone)
    check_a11y(phone, "the brainstorm at 360 px")

    laptop.get_by_role("button", name="Next step").click()
    laptop.get_by_role("heading", name="Follow-up call").wait_for()
    # The phone follows by itself (polling), nobody touches it.
    phone.get_by_role("heading", name="Follow-up call").wait_for()
    phone.get_by_label("Your idea for this step").fill("Call back on the number they prefer")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Send the idea").click()
    phone.get_by_text("your idea is on everyone's screen").wait_for()
    # ...and it appears on the facilitator's screen without a reload.
    laptop.get_by_text("Call back on the number they prefer").wait_for()
    assert laptop.get_by_text("1 idea for this step").is_visible()
    shot(laptop, artifacts, "ideas-brainstorm-1280")
    shot(phone, artifacts, "ideas-brainstorm-360")
    assert_no_sideways_scroll(phone)
    check_a11y(phone, "the brainstorm with an idea at 360 px")
    phone_context.close()
    laptop_context.close()
