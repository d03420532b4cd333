"""The web shell in a real browser: login by keyboard, the headline, every nav page, axe on each."""

from __future__ import annotations

import re

import pytest

from tests.browser_support import assert_no_sideways_scroll, check_a11y, log_in, open_nav, shot
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_owner_sees_headline_and_every_nav_page(page, seeded, artifacts):
    base = seeded.url
    page.goto(base + "/")
    assert "/accounts/login/" in page.url
    check_a11y(page, "login")
    shot(page, artifacts, "01-login")

    log_in(page, base, "owner@acme.test")
    page.wait_for_url(re.compile(r"/w/acme/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "How good are we really?"
    table = page.get_by_role("table")
    for title in ("Greets every customer by name", "Calls back within one working day"):
        assert table.get_by_text(title).is_visible()
    assert page.get_by_role("img", name="Customer gap per standard").is_visible()
    assert page.get_by_role("img", name=re.compile("Three perspectives")).is_visible()
    assert "Hidden: fewer than 5 respondents" in table.inner_text()
    check_a11y(page, "home")
    shot(page, artifacts, "02-home")

    nav = page.get_by_role("navigation", name="Main")
    every = nav.get_by_role("link", include_hidden=True).all()  # the groups' links too
    links = [((a.text_content() or "").strip(), a.get_attribute("href")) for a in every]
    from django.conf import settings

    from servicegap.core.capabilities import nav_entries

    owners_entries = [
        e.label
        for e in nav_entries()
        if (not e.roles or "owner" in e.roles)
        and (not e.setting or getattr(settings, e.setting, False))  # the demo mailbox: off
    ]
    assert sorted(label for label, _ in links) == sorted(owners_entries)  # grouped: see nav_menu
    assert {"Home", "Standards", "Journeys", "Users"} <= set(owners_entries)
    for i, (label, href) in enumerate(links, start=3):
        page.goto(base + href)
        assert (
            nav.get_by_role("link", name=label, exact=True, include_hidden=True).get_attribute(
                "aria-current"
            )
            == "page"
        )
        check_a11y(page, label)
        shot(page, artifacts, f"{i:02d}-{label.lower()}")

    page.get_by_role("link", name="Edit leader@acme.test").click()
    page.wait_for_url(re.compile(r"/users/\d+/$"))
    check_a11y(page, "member edit")
    shot(page, artifacts, "07-member-edit")

    page.goto(base + "/w/nowhere/")
    assert page.get_by_role("heading", name="Not found").is_visible()
    check_a11y(page, "404")
    shot(page, artifacts, "08-not-found")

    page.goto(base + "/w/acme/")
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))


def test_login_form_by_keyboard(page, seeded, artifacts):
    page.goto(seeded.url + "/accounts/login/")
    assert page.evaluate("document.activeElement.name") == "username"
    page.keyboard.type("owner@acme.test")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/w/acme/$"))
    # The skip link is the first stop and moves focus to the content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    shot(page, artifacts, "09-keyboard-focus")


def test_password_reset_pages_are_accessible(page, seeded, artifacts):
    page.goto(seeded.url + "/accounts/password-reset/")
    check_a11y(page, "password reset")
    page.get_by_label("E-mail").fill("nobody@acme.test")
    page.get_by_role("button", name="Send the link").click()
    page.wait_for_url(re.compile(r"/password-reset/sent/$"))
    check_a11y(page, "password reset sent")
    shot(page, artifacts, "10-reset-sent")

    from django.contrib.auth import get_user_model

    from servicegap.accounts.forms import set_password_link

    link = set_password_link(get_user_model().objects.get(email="employee@acme.test"))
    page.goto(seeded.url + link[link.index("/accounts/") :])
    page.wait_for_url(re.compile(r"/set-password/$"))
    page.get_by_role("button", name="Save the password").click()  # empty: errors by the fields
    assert page.get_by_text("This field is required.").first.is_visible()
    check_a11y(page, "choose a password, with errors")
    shot(page, artifacts, "14-choose-password-errors")


def test_narrow_screen_menu_and_inline_role_change(browser, seeded, artifacts):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    log_in(page, seeded.url, "owner@acme.test")
    page.wait_for_url(re.compile(r"/w/acme/$"))
    nav = page.get_by_role("navigation", name="Main")
    assert not nav.is_visible()
    assert_no_sideways_scroll(page)
    assert page.get_by_role("img", name="Customer gap per standard").is_visible()
    shot(page, artifacts, "11-mobile-home")
    toggle = page.get_by_role("button", name="Menu")
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true" and nav.is_visible()
    check_a11y(page, "mobile menu open")
    shot(page, artifacts, "12-mobile-menu")
    open_nav(page, "Users")
    page.wait_for_url(re.compile(r"/users/$"))
    page.get_by_label("Role of leader@acme.test").select_option("owner")
    row = page.locator("tr", has_text="leader@acme.test")
    row.get_by_role("button", name="Change").click()
    assert row.get_by_role("status").inner_text() == "Saved: owner."
    assert "/users/" in page.url  # swapped in place, no navigation
    assert_no_sideways_scroll(page)
    shot(page, artifacts, "13-mobile-users")
    context.close()
