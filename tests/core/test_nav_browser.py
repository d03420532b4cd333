"""The grouped workspace menu in a real browser: one line at 1280 px, the same header height on
every page, groups opened by keyboard, and a usable menu at 360 px."""

from __future__ import annotations

import re

import pytest

from tests.browser_support import assert_no_sideways_scroll, check_a11y, log_in, open_nav, shot

pytestmark = pytest.mark.browser


def _header(page) -> dict:
    return page.evaluate(
        """() => {
          const box = (el) => el.getBoundingClientRect();
          const bar = document.querySelector(".site-header .bar");
          const row = [".brand", ".context", ".nav-top", ".logout"]
            .map((s) => document.querySelector(s)).filter(Boolean);
          const items = [...document.querySelectorAll(".nav-top > li")];
          return {
            height: box(document.querySelector(".site-header")).height,
            barTop: box(bar).top,
            rowTops: row.map((el) => Math.round(box(el).top + box(el).height / 2)),
            itemTops: items.map((el) => Math.round(box(el).top)),
            items: items.length,
          };
        }"""
    )


def test_the_owners_menu_fits_one_line_at_1280_and_keeps_the_header_height(
    browser, seeded, artifacts
):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, seeded.url, "owner@acme.test")
    page.wait_for_url(re.compile(r"/w/acme/$"))
    home = _header(page)
    # Home, My page, Reports, then the Act, Collect and Set up groups: not twenty entries.
    assert home["items"] <= 7, home
    assert len(set(home["itemTops"])) == 1, f"the menu wraps: {home}"
    # Brand, workspace, menu and log-out button share one row (centres within a few pixels).
    assert max(home["rowTops"]) - min(home["rowTops"]) <= 8, home
    assert home["height"] < 70, home
    shot(page, artifacts, "nav-1280-home")

    open_nav(page, "Audit log")
    page.wait_for_url(re.compile(r"/audit/$"))
    audit = _header(page)
    assert audit["height"] == home["height"], (home, audit)
    summary = page.locator("summary", has_text="Set up")
    assert "current" in (summary.get_attribute("class") or "")
    check_a11y(page, "audit log with the grouped menu")
    context.close()


def test_a_group_opens_and_closes_by_keyboard_one_at_a_time(page, seeded, artifacts):
    log_in(page, seeded.url, "owner@acme.test")
    page.wait_for_url(re.compile(r"/w/acme/$"))
    nav = page.get_by_role("navigation", name="Main")
    users = nav.get_by_role("link", name="Users", exact=True)
    assert not users.is_visible()
    nav.locator("summary", has_text="Set up").focus()
    page.keyboard.press("Enter")
    assert users.is_visible()
    check_a11y(page, "menu group open")
    shot(page, artifacts, "nav-group-open")
    page.keyboard.press("Tab")  # into the group: its first link
    assert page.evaluate("document.activeElement.textContent") == "Standards"
    page.keyboard.press("Escape")
    assert not users.is_visible()
    assert page.evaluate("document.activeElement.textContent.trim()") == "Set up"
    # Opening another group closes the first.
    nav.locator("summary", has_text="Set up").click()
    nav.locator("summary", has_text="Collect").click()
    assert not users.is_visible()
    assert nav.get_by_role("link", name="Surveys", exact=True).is_visible()


def test_at_360_px_the_menu_opens_from_its_button_and_groups_open_in_place(
    browser, seeded, artifacts
):
    context = browser.new_context(viewport={"width": 360, "height": 780})
    page = context.new_page()
    log_in(page, seeded.url, "owner@acme.test")
    page.wait_for_url(re.compile(r"/w/acme/$"))
    page.get_by_role("button", name="Menu").click()
    open_nav(page, "People")
    page.wait_for_url(re.compile(r"/people/$"))
    assert_no_sideways_scroll(page)
    page.get_by_role("button", name="Menu").click()
    page.locator("summary", has_text="Set up").click()
    shot(page, artifacts, "nav-360-group-open")
    assert_no_sideways_scroll(page)
    check_a11y(page, "narrow menu with a group open")
    context.close()
